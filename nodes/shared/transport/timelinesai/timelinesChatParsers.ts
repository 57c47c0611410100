import type { ChatMessageView, ChatSummaryView } from '../../chat/chatBackend';

// Parsers for TimelinesAI's chat and message objects (timelinesai.md "Chat object", "Message object").
// Untrusted JSON in, typed views out; anything without the fields the page needs is dropped.

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** `{status:'ok', data}` → data; `{status:'error', message}` → throws with the API's message. */
export function timelinesData(body: unknown): Json {
	const envelope = asObject(typeof body === 'string' && body.startsWith('{') ? JSON.parse(body) : body);
	if (envelope.status === 'error') throw new Error(text(envelope.message) ?? 'TimelinesAI error');
	return asObject(envelope.data);
}

/** "2023-06-18 15:19:23 +0300" (TimelinesAI) or ISO → ISO UTC; undefined when unreadable. */
export function timelinesTimestampToIso(value: unknown): string | undefined {
	const raw = text(value);
	if (!raw) return undefined;
	const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(raw.trim());
	const date = new Date(match ? `${match[1]}T${match[2]}${match[3]}:${match[4]}` : raw);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function parseTimelinesChat(raw: unknown): ChatSummaryView | undefined {
	const chat = asObject(raw);
	const id = Number(chat.id);
	if (!Number.isSafeInteger(id)) return undefined;
	return {
		id,
		name: text(chat.name) ?? '',
		phone: text(chat.phone) ?? '',
		isGroup: chat.is_group === true,
		whatsappAccountId: text(chat.whatsapp_account_id),
	};
}

export function parseTimelinesMessage(raw: unknown, chatId: number): ChatMessageView | undefined {
	const message = asObject(raw);
	const uid = text(message.uid) ?? text(message.message_uid);
	const timestamp = timelinesTimestampToIso(message.timestamp);
	if (!uid || !timestamp) return undefined;
	const attachmentUrl = text(message.attachment_url) ?? text(message.temporary_download_url);
	return {
		uid,
		chatId,
		timestamp,
		fromMe: message.from_me === true,
		senderName: text(message.sender_name) ?? '',
		senderPhone: text(message.sender_phone),
		text: text(message.text) ?? '',
		status: text(message.status),
		attachments: attachmentUrl
			? [
					{
						url: attachmentUrl,
						filename: text(message.attachment_filename) ?? 'attachment',
						mimetype: text(message.attachment_mimetype) ?? text(message.mimetype),
					},
				]
			: [],
		replyToUid: text(message.reply_to_uid) ?? text(message.quoted_message_uid),
	};
}
