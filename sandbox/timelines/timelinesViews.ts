// How stored objects look on the wire: API objects (timelinesai.md "Chat object", "Message object") and
// webhook payloads ("Message event payload"). Fields the reference does not list are marked.
import { timelinesTime } from './timelinesTime';
import type { TimelinesState } from './timelinesState';
import type { MessageStatus, StoredChat, StoredFile, StoredMessage, StoredWebhook, WhatsappAccount } from './timelinesTypes';

/** What the views need from the sandbox. */
export interface ViewContext {
	state: TimelinesState;
	/** http://127.0.0.1:<port> */
	baseUrl(): string;
	/** a fresh temporary download URL of a stored file */
	downloadUrl(uid: string): string;
	/** outgoing messages count as Delivered this long after they were sent */
	deliveredAfterMs: number;
}

export type Json = Record<string, unknown>;

/** GET /chats, GET /chats/{id} */
export interface ChatObject {
	id: number;
	name: string;
	phone: string;
	jid: string;
	is_group: boolean;
	whatsapp_account_id: string;
	responsible: string | null;
	responsible_name: string;
	closed: boolean;
	read: boolean;
	labels: string[];
	chat_url: string;
	created_timestamp: string;
	last_message_timestamp: string | null;
}

/** GET /chats/{id}/messages, GET /messages/{uid} */
export interface MessageObject {
	uid: string;
	chat_id: number;
	timestamp: string;
	sender_phone: string;
	sender_name: string;
	recipient_phone: string;
	recipient_name: string;
	from_me: boolean;
	status: MessageStatus;
	origin: string;
	has_attachment: boolean;
	message_type: string;
	created_by: string | null;
	text: string;
	attachment_url: string | null;
	attachment_filename: string | null;
	reactions: unknown[];
	reply_to_uid?: string;
}

export function chatUrl(ctx: ViewContext, chatId: number): string {
	return `${ctx.baseUrl()}/chat/${chatId}/messages/`;
}

function responsibleName(ctx: ViewContext, chat: StoredChat): string {
	return chat.responsible ? (ctx.state.teammate(chat.responsible)?.full_name ?? '') : '';
}

export function chatView(ctx: ViewContext, chat: StoredChat): ChatObject {
	const last = ctx.state.messagesOf(chat.id).at(-1);
	return {
		id: chat.id,
		name: chat.name,
		phone: chat.phone,
		// jid, labels, chat_url, responsible_name, created_timestamp, last_message_timestamp: not in the
		// reference's chat object list (UNVERIFIED); clients must not depend on them.
		jid: chat.jid,
		is_group: chat.is_group,
		whatsapp_account_id: chat.whatsapp_account_id,
		responsible: chat.responsible,
		responsible_name: responsibleName(ctx, chat),
		closed: chat.closed,
		read: chat.read,
		labels: [...chat.labels],
		chat_url: chatUrl(ctx, chat.id),
		created_timestamp: timelinesTime(chat.created),
		last_message_timestamp: last ? timelinesTime(last.time) : null,
	};
}

/** Explicit history plus the derived "Delivered" of outgoing messages once deliveredAfterMs has passed. */
export function statusHistory(ctx: ViewContext, message: StoredMessage, now = Date.now()): Array<{ status: MessageStatus; time: number }> {
	const history = [...message.status_history];
	const deliveredAt = message.time + ctx.deliveredAfterMs;
	if (message.from_me && history.every((h) => h.status === 'Sent') && now >= deliveredAt) history.push({ status: 'Delivered', time: deliveredAt });
	return history;
}

function filesOf(ctx: ViewContext, message: StoredMessage): StoredFile[] {
	return message.file_uids.map((uid) => ctx.state.files.get(uid)).filter((f): f is StoredFile => f !== undefined);
}

function messageType(files: StoredFile[]): string {
	// UNVERIFIED values: WhatsApp's media kinds.
	const type = files[0]?.mimetype ?? '';
	if (!type) return 'text';
	if (type.startsWith('image/')) return 'image';
	if (type.startsWith('video/')) return 'video';
	if (type.startsWith('audio/')) return 'audio';
	return 'document';
}

export function messageView(ctx: ViewContext, message: StoredMessage): MessageObject {
	const files = filesOf(ctx, message);
	const history = statusHistory(ctx, message);
	const view: MessageObject = {
		uid: message.uid,
		chat_id: message.chat_id,
		timestamp: timelinesTime(message.time),
		sender_phone: message.sender_phone,
		sender_name: message.sender_name,
		recipient_phone: message.recipient_phone,
		recipient_name: message.recipient_name,
		from_me: message.from_me,
		status: history[history.length - 1]?.status ?? message.status,
		origin: message.origin,
		has_attachment: files.length > 0,
		message_type: messageType(files),
		created_by: message.created_by,
		text: message.text,
		// One attachment per message object (the reference lists single attachment_url/filename fields).
		attachment_url: files[0] ? ctx.downloadUrl(files[0].uid) : null,
		attachment_filename: files[0]?.filename ?? null,
		reactions: [],
	};
	if (message.reply_to_uid) view.reply_to_uid = message.reply_to_uid; // field name UNVERIFIED
	return view;
}

export function fileView(ctx: ViewContext, file: StoredFile): Json {
	// Field names UNVERIFIED beyond `uid` (timelinesai.md: "returns a file uid used as file_uid").
	return {
		uid: file.uid,
		filename: file.filename,
		size: file.size,
		mimetype: file.mimetype,
		uploaded_at: timelinesTime(file.uploaded),
		temporary_download_url: ctx.downloadUrl(file.uid),
	};
}

export function webhookView(webhook: StoredWebhook): Json {
	return { id: webhook.id, event_type: webhook.event_type, url: webhook.url, enabled: webhook.enabled, errors_counter: webhook.errors_counter };
}

export function accountView(account: WhatsappAccount): Json {
	return {
		id: account.id,
		phone: account.phone,
		account_name: account.account_name,
		status: account.status,
		connected_on: timelinesTime(account.connected),
		// Owner field names UNVERIFIED (timelinesai.md "owner name/email per account").
		email: account.owner_email,
		owner_name: account.owner_name,
	};
}

function chatPart(ctx: ViewContext, chat: StoredChat): Json {
	return {
		full_name: chat.name,
		chat_url: chatUrl(ctx, chat.id),
		chat_id: chat.id,
		is_group: chat.is_group,
		phone: chat.phone,
		responsible_name: responsibleName(ctx, chat),
		responsible_email: chat.responsible ?? '',
	};
}

function accountPart(ctx: ViewContext, chat: StoredChat): Json {
	const account = ctx.state.account(chat.whatsapp_account_id);
	return { full_name: account?.owner_name ?? '', email: account?.owner_email ?? '', phone: account?.phone ?? '' };
}

/** A message event's body, exactly the reference's shape ("Message event payload"). */
export function messagePayload(ctx: ViewContext, eventType: string, chat: StoredChat, message: StoredMessage): Json {
	const body: Json = {
		text: message.text,
		direction: message.from_me ? 'sent' : 'received',
		origin: message.origin,
		timestamp: timelinesTime(message.time),
		message_uid: message.uid,
		sender: { full_name: message.sender_name, phone: message.sender_phone },
		recipient: { full_name: message.recipient_name, phone: message.recipient_phone },
	};
	// The reference's example always carries reply_to_uid; the sandbox sends it only for replies (UNVERIFIED).
	if (message.reply_to_uid) body.reply_to_uid = message.reply_to_uid;
	body.attachments = filesOf(ctx, message).map((file) => ({
		temporary_download_url: ctx.downloadUrl(file.uid),
		filename: file.filename,
		size: file.size,
		mimetype: file.mimetype,
	}));
	return { event_type: eventType, chat: chatPart(ctx, chat), whatsapp_account: accountPart(ctx, chat), message: body };
}

/** chat:* events: the shape is UNVERIFIED — the message payload's chat and whatsapp_account parts. */
export function chatPayload(ctx: ViewContext, eventType: string, chat: StoredChat): Json {
	return { event_type: eventType, chat: chatPart(ctx, chat), whatsapp_account: accountPart(ctx, chat) };
}
