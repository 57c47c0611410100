// Messages: history with cursors, sending, one message, its status history and reactions (Public API 1.3.0).
import type { SandboxResponse } from '../../server/http';
import { badRequest } from '../timelinesApiError';
import type { StoredChat, StoredMessage } from '../timelinesTypes';
import { messageView, reactionsView, statusHistory } from '../timelinesViews';
import { timelinesTime } from '../timelinesTime';
import { isE164 } from '../whatsappSimulator';
import { ApiRequest, ok, optionalString } from './apiRequest';
import { PAGE_SIZE } from './chatsApi';

/** Message.text maxLength. */
export const MAX_TEXT = 2000;
const MAX_CHAT_NAME = 256;
const MAX_LABEL = 64;
const MAX_REACTION = 50;

function cursorIndex(r: ApiRequest, list: StoredMessage[], name: string): number | undefined {
	const uid = r.query.get(name);
	if (!uid) return undefined;
	const index = list.findIndex((m) => m.uid === uid);
	if (index === -1) throw badRequest(`${name} is not a message of this chat`, name);
	return index;
}

/**
 * "paginated, page size is 50 records … ordered [by] the timestamp of messages (descending)" unless
 * `sorting_order=asc`; cursors `after_message` / `before_message` exclude the message itself. There is no
 * `page` parameter: it is ignored like any unknown one. Walk back with `before_message=<oldest uid seen>`.
 */
export function listMessages(r: ApiRequest): SandboxResponse {
	const chat = r.chat();
	const all = r.sb.state.messagesOf(chat.id);
	let list = r.sb.state.behaviour.notesInHistory
		? all
		: all.filter((m) => m.message_type === 'whatsapp');
	const after = cursorIndex(r, list, 'after_message');
	const before = cursorIndex(r, list, 'before_message');
	list = list.filter(
		(_, i) => (after === undefined || i > after) && (before === undefined || i < before),
	);
	const fromMe = r.bool('from_me');
	if (fromMe !== undefined) list = list.filter((m) => m.from_me === fromMe);
	const afterTime = r.time('after');
	if (afterTime !== undefined) list = list.filter((m) => m.time >= afterTime);
	const beforeTime = r.time('before', true);
	if (beforeTime !== undefined) list = list.filter((m) => m.time <= beforeTime);
	const order = r.query.get('sorting_order') ?? 'desc';
	if (order !== 'asc' && order !== 'desc')
		throw badRequest('sorting_order must be asc or desc', 'sorting_order');
	const ordered = order === 'desc' ? [...list].reverse() : list;
	return ok({
		has_more_pages: ordered.length > PAGE_SIZE,
		messages: ordered.slice(0, PAGE_SIZE).map((m) => messageView(r.sb, m)),
	});
}

interface MessageInput {
	text: string;
	fileUid?: string;
	replyTo?: string;
}

function messageInput(
	r: ApiRequest,
	body: Record<string, unknown>,
	chat?: StoredChat,
): MessageInput {
	const text = optionalString(body, 'text', MAX_TEXT) ?? '';
	const fileUid = optionalString(body, 'file_uid') || undefined;
	if (text.trim() === '' && !fileUid) throw badRequest('text or file_uid is required', 'text');
	if (fileUid && r.sb.state.files.get(fileUid)?.source !== 'upload')
		throw badRequest(`File ${fileUid} not found`, 'file_uid');
	if (body.attachment_template_id !== undefined && body.attachment_template_id !== null) {
		throw badRequest('The sandbox has no attachment templates', 'attachment_template_id');
	}
	const replyTo = optionalString(body, 'reply_to') || undefined;
	if (replyTo && (!chat || r.sb.state.messages.get(replyTo)?.chat_id !== chat.id))
		throw badRequest('reply_to is not a message of this chat', 'reply_to');
	return { text, fileUid, replyTo };
}

/** POST /chats/{chat_id}/messages (MessageWithReply) */
export function sendToChat(r: ApiRequest): SandboxResponse {
	const chat = r.chat();
	const message = r.sb.outgoing.send(chat, false, messageInput(r, r.json(), chat));
	return ok({ message_uid: message.uid });
}

/** POST /messages (MessageToPhone): a new chat when the phone has none on that account. */
export function sendToPhone(r: ApiRequest): SandboxResponse {
	const body = r.json();
	const phone = body.phone;
	// "phone (international)": the sandbox requires E.164 with the + (stricter reading).
	if (!isE164(phone))
		throw badRequest('phone must be an international number, e.g. +447700900123', 'phone');
	const input = messageInput(r, body);
	const account = r.sb.resolveAccount(body.whatsapp_account_phone);
	const chatName = optionalString(body, 'chat_name', MAX_CHAT_NAME);
	const label = optionalString(body, 'label', MAX_LABEL);
	const { chat, created } = r.sb.chatFor(account, phone, chatName);
	if (label?.trim() && !chat.labels.includes(label.trim())) chat.labels.push(label.trim());
	return ok({ message_uid: r.sb.outgoing.send(chat, created, input).uid });
}

export function getMessage(r: ApiRequest): SandboxResponse {
	return ok(messageView(r.sb, r.message()));
}

export function getStatusHistory(r: ApiRequest): SandboxResponse {
	return ok(
		statusHistory(r.sb, r.message()).map((h) => ({
			status: h.status,
			timestamp: timelinesTime(h.time),
		})),
	);
}

export function getReactions(r: ApiRequest): SandboxResponse {
	return ok(reactionsView(r.message()));
}

/** PATCH /messages/{uid}/reactions `{reaction}`: the workspace's account reacts; "" clears its reaction. */
export function setReaction(r: ApiRequest): SandboxResponse {
	const message = r.message();
	const reaction = optionalString(r.json(), 'reaction', MAX_REACTION);
	if (reaction === undefined) throw badRequest('reaction is required', 'reaction');
	const chat = r.sb.state.chats.get(message.chat_id);
	const account = chat ? r.sb.state.account(chat.whatsapp_account_id) : undefined;
	if (!chat || !account) throw badRequest('The chat’s WhatsApp account no longer exists');
	void r.sb.outgoing.react(chat, message, {
		emoji: reaction,
		name: account.owner_name,
		phone: account.phone,
		current: true,
	});
	return ok({ message_uid: message.uid });
}
