import { MAX_MESSAGE_TEXT_LENGTH } from '../../../shared/transport/timelinesai/messages';
import type { ChatMessageView } from '../chatBackend';
import type { ChatDependencies, ChatRequest, ChatResponse } from './chatRequest';
import type { ChatSession } from '../session/chatSessionStore';
import { jsonResponse } from './chatResponses';
import { isAllowedUploadType } from './uploadTypes';
import { findRecordChats } from './openChatPage';
import { isInlineImage, renderChatList, renderMessageItem } from '../page/renderChatFragments';
import { renderMessagesPage, sessionRenderContext } from '../page/renderMessagesPage';

/** TimelinesAI refuses texts over 2,000 characters with a 400 (public_api_spec.yaml): refused here first. */
export const MAX_TEXT_LENGTH = MAX_MESSAGE_TEXT_LENGTH;
const tooLong = (text: string) =>
	`Messages are limited to 2,000 characters; this one has ${text.length.toLocaleString('en-US')}.`;
/** A message uid: TimelinesAI's are UUIDs; anything else is refused before it reaches the API. */
const CURSOR = /^[A-Za-z0-9_.:@-]{1,200}$/;

function field(body: unknown, name: string): unknown {
	return typeof body === 'object' && body !== null
		? (body as Record<string, unknown>)[name]
		: undefined;
}

function optionalString(body: unknown, name: string): string | undefined {
	const value = field(body, name);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function badRequest(message: string): ChatResponse {
	return jsonResponse(400, { error: message });
}

/** The chat id of a request when the session may see that chat; undefined otherwise. */
export function allowedChatId(session: ChatSession, raw: unknown): number | undefined {
	const id =
		typeof raw === 'number'
			? raw
			: typeof raw === 'string' && /^\d+$/.test(raw)
				? Number(raw)
				: NaN;
	return Number.isSafeInteger(id) && session.allowedChatIds.has(id) ? id : undefined;
}

export async function listMessagesAction(
	request: ChatRequest,
	deps: ChatDependencies,
	session: ChatSession,
) {
	const chatId = allowedChatId(session, request.query.chat);
	// A chat outside the record's numbers is refused exactly like an unknown one: no existence oracle.
	if (chatId === undefined)
		return jsonResponse(403, { error: 'This chat does not belong to this record.' });
	const before = request.query.before;
	if (before !== undefined && (typeof before !== 'string' || !CURSOR.test(before)))
		return badRequest('before must be a message uid');
	return jsonResponse(200, await renderMessagesPage(deps, session, chatId, before));
}

export async function sendMessageAction(
	request: ChatRequest,
	deps: ChatDependencies,
	session: ChatSession,
) {
	const chatId = allowedChatId(session, field(request.body, 'chatId'));
	if (chatId === undefined)
		return jsonResponse(403, { error: 'This chat does not belong to this record.' });
	const text = optionalString(request.body, 'text') ?? '';
	const fileUid = optionalString(request.body, 'fileUid');
	if (!text && !fileUid) return badRequest('Type a message or attach a file.');
	if (text.length > MAX_TEXT_LENGTH) return badRequest(tooLong(text));
	const sent = await deps.backend.sendToChat(chatId, { text, fileUid });
	// Shown right away as "Sent" (TimelinesAI accepted it); the pushed or polled copy brings the real status.
	const message: ChatMessageView = {
		uid: sent.messageUid,
		chatId,
		timestamp: new Date(deps.runtime.nowSeconds() * 1000).toISOString(),
		fromMe: true,
		senderName: session.userEmail,
		text,
		status: 'Sent',
		attachments: [],
	};
	// Every other open page of the chat shows it at once too (the trigger's copy follows, with the same uid).
	if (deps.push && message.uid) {
		await deps.push.channel
			.publish({ workspace: deps.push.workspace, chatId, messages: [message], source: 'page' })
			.catch((error: unknown) =>
				deps.log?.(
					`Pushing a sent message failed: ${error instanceof Error ? error.message : String(error)}`,
				),
			);
	}
	return jsonResponse(200, {
		item: renderMessageItem(message, sessionRenderContext(deps, session, [])),
	});
}

export async function uploadFileAction(request: ChatRequest, deps: ChatDependencies) {
	const { maxUploadBytes, allowedUploadTypes } = deps.config;
	const filename = (optionalString(request.body, 'filename') ?? '')
		.replace(/[\\/\r\n\0]/g, '_')
		.slice(0, 200);
	const mimetype = optionalString(request.body, 'mimetype') ?? '';
	const dataBase64 = optionalString(request.body, 'dataBase64') ?? '';
	if (!filename || !dataBase64) return badRequest('filename and dataBase64 are required.');
	// isAllowedUploadType admits RFC 6838 types only: nothing else reaches the multipart request.
	if (!isAllowedUploadType(mimetype, allowedUploadTypes)) {
		// JSON.stringify in jsonResponse escapes whatever the type holds; it is only echoed when well formed.
		const shown = /^[\w.+/-]{1,100}$/.test(mimetype) ? mimetype : 'unknown';
		return jsonResponse(415, { error: `Files of type "${shown}" are not allowed.` });
	}
	// Checked before decoding, so an oversized body is refused without allocating its bytes.
	if (
		Math.floor((dataBase64.length * 3) / 4) - 2 > maxUploadBytes ||
		!/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64)
	) {
		return jsonResponse(413, { error: `Files are limited to ${maxUploadBytes} bytes.` });
	}
	const data = Buffer.from(dataBase64, 'base64');
	if (data.length > maxUploadBytes)
		return jsonResponse(413, { error: `Files are limited to ${maxUploadBytes} bytes.` });
	const uploaded = await deps.backend.uploadFile({ filename, mimetype, data });
	return jsonResponse(200, { fileUid: uploaded.fileUid, filename });
}

export async function newChatAction(
	request: ChatRequest,
	deps: ChatDependencies,
	session: ChatSession,
) {
	const phone = optionalString(request.body, 'phone') ?? '';
	const text = (optionalString(request.body, 'text') ?? '').trim();
	const accountPhone = optionalString(request.body, 'whatsappAccountPhone');
	if (!session.recordPhones.includes(phone)) {
		return jsonResponse(403, {
			error: 'New chats can only be started with one of the record’s numbers.',
		});
	}
	if (!text) return badRequest('Type the first message (up to 2,000 characters).');
	if (text.length > MAX_TEXT_LENGTH) return badRequest(tooLong(text));
	if (accountPhone !== undefined) {
		const accounts = await deps.backend.listWhatsappAccounts();
		if (!accounts.some((account) => account.phone === accountPhone))
			return badRequest('Unknown WhatsApp account.');
	}
	await deps.backend.sendToPhone({ phone, whatsappAccountPhone: accountPhone, text });
	const chats = await findRecordChats(deps, session.recordPhones);
	for (const chat of chats) session.allowedChatIds.add(chat.id);
	const started = chats.find((chat) => chat.phone === phone);
	return jsonResponse(200, {
		chatId: started ? started.id : null,
		chatListHtml: renderChatList(chats, started?.id),
	});
}

/** Streams an attachment the page may show: only URLs this session was given, images inline, rest as download. */
export async function attachmentAction(
	request: ChatRequest,
	deps: ChatDependencies,
	session: ChatSession,
) {
	const attachment = session.attachments.get(request.query.t ?? '');
	if (!attachment) return jsonResponse(404, { error: 'Unknown attachment.' });
	const file = await deps.backend.downloadFile(attachment.url, deps.config.maxDownloadBytes);
	const mimetype = attachment.mimetype ?? file.mimetype;
	const inline = isInlineImage({ ...attachment, mimetype });
	const safeName = attachment.filename.replace(/[^\w.\- ]/g, '_') || 'attachment';
	return {
		status: 200,
		headers: {
			'Content-Type': inline && mimetype ? mimetype : 'application/octet-stream',
			'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${safeName}"`,
			// Even if a file claims to be an image, it can never run script on this origin.
			'Content-Security-Policy': "default-src 'none'; sandbox",
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, max-age=300',
		},
		body: file.data,
	};
}
