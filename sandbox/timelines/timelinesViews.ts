// How stored objects look in API answers: the schemas of TimelinesAI's Public API spec 1.3.0
// (../shared/reference/timelinesai-oas/public_api_spec.yaml, components.schemas.*). Webhook bodies are in
// webhookPayloads.ts. A property the spec describes as "`null` when …" is null in that case; an optional
// property with no such wording is left out instead (attachment_url, responsible_name, …).
import { timelinesTime } from './timelinesTime';
import type { TimelinesState } from './timelinesState';
import type {
	MessageStatus,
	MessageTemplate,
	StoredChat,
	StoredFile,
	StoredMessage,
	StoredWebhook,
	Teammate,
	WhatsappAccount,
} from './timelinesTypes';

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

/** ChatInfo (GET /chats, GET /chats/{id}, PATCH /chats/{id}) */
export interface ChatObject {
	id: number;
	name: string;
	/** "`null` for group chats" */
	phone: string | null;
	jid: string;
	is_group: boolean;
	closed: boolean;
	read: boolean;
	labels: string[];
	chatgpt_autoresponse_enabled: boolean;
	/** "`null` if the chat is unassigned" */
	responsible_email: string | null;
	responsible_name?: string;
	whatsapp_account_id: string;
	chat_url: string;
	created_timestamp: string;
	last_message_uid?: string;
	last_message_timestamp?: string;
	last_message?: MessageObject;
	unattended: boolean;
	photo: string;
	group_members?: Array<{ name: string; phone: string; role: string; chat_id?: number }>;
	is_allowed_to_message: boolean;
}

/** MessageInfo (GET /chats/{id}/messages, GET /messages/{uid}) */
export interface MessageObject {
	uid: string;
	chat_id: number;
	timestamp: string;
	received_timestamp: string;
	sender_phone: string;
	sender_name: string;
	recipient_phone: string;
	recipient_name: string;
	from_me: boolean;
	/** "`null` for attachment-only messages" */
	text: string | null;
	attachment_url?: string;
	attachment_filename?: string;
	status: MessageStatus;
	origin: string;
	has_attachment: boolean;
	message_type: 'whatsapp' | 'note';
	reactions: ReactionsObject;
	data: Json;
	created_by: string;
}

export interface ReactionsObject {
	users: Array<{ name: string; phone: string; reaction: string; current: boolean }>;
	reactions: Record<string, number>;
	total: number;
}

export function chatUrl(ctx: ViewContext, chatId: number): string {
	return `${ctx.baseUrl()}/chat/${chatId}/messages/`;
}

export function responsibleName(ctx: ViewContext, chat: StoredChat): string | undefined {
	return chat.responsible ? (ctx.state.teammate(chat.responsible)?.full_name ?? '') : undefined;
}

export function chatView(ctx: ViewContext, chat: StoredChat, withLastMessage = false): ChatObject {
	const last = ctx.state.lastMessage(chat);
	const account = ctx.state.account(chat.whatsapp_account_id);
	const view: ChatObject = {
		id: chat.id,
		name: chat.name,
		phone: chat.is_group ? null : chat.phone,
		jid: chat.jid,
		is_group: chat.is_group,
		closed: chat.closed,
		read: chat.read,
		labels: [...chat.labels],
		chatgpt_autoresponse_enabled: chat.chatgpt_autoresponse_enabled,
		responsible_email: chat.responsible,
		whatsapp_account_id: chat.whatsapp_account_id,
		chat_url: chatUrl(ctx, chat.id),
		created_timestamp: timelinesTime(chat.created),
		unattended: chat.unattended,
		// No profile pictures in the sandbox: an empty URL.
		photo: '',
		is_allowed_to_message: account?.status === 'active',
	};
	const name = responsibleName(ctx, chat);
	if (name !== undefined) view.responsible_name = name;
	if (last) {
		view.last_message_uid = last.uid;
		view.last_message_timestamp = timelinesTime(last.time);
		if (withLastMessage) view.last_message = messageView(ctx, last);
	}
	if (chat.is_group) {
		view.group_members = (chat.members ?? []).map((m) => {
			const direct = [...ctx.state.chats.values()].find(
				(c) =>
					!c.is_group && c.phone === m.phone && c.whatsapp_account_id === chat.whatsapp_account_id,
			);
			return direct ? { ...m, chat_id: direct.id } : { ...m };
		});
	}
	return view;
}

/** Explicit history plus the derived "Delivered" of outgoing messages once deliveredAfterMs has passed. */
export function statusHistory(
	ctx: ViewContext,
	message: StoredMessage,
	now = Date.now(),
): Array<{ status: MessageStatus; time: number }> {
	const history = [...message.status_history];
	const deliveredAt = message.time + ctx.deliveredAfterMs;
	if (
		message.from_me &&
		message.message_type === 'whatsapp' &&
		history.every((h) => h.status === 'Sent') &&
		now >= deliveredAt
	)
		history.push({ status: 'Delivered', time: deliveredAt });
	return history;
}

export function filesOf(ctx: ViewContext, message: StoredMessage): StoredFile[] {
	return message.file_uids
		.map((uid) => ctx.state.files.get(uid))
		.filter((f): f is StoredFile => f !== undefined);
}

export function reactionsView(message: StoredMessage): ReactionsObject {
	const users = (message.reactions ?? []).map((r) => ({
		name: r.name,
		phone: r.phone,
		reaction: r.emoji,
		current: r.current,
	}));
	const reactions: Record<string, number> = {};
	for (const user of users) reactions[user.reaction] = (reactions[user.reaction] ?? 0) + 1;
	return { users, reactions, total: users.length };
}

export function messageView(ctx: ViewContext, message: StoredMessage): MessageObject {
	const files = filesOf(ctx, message);
	const history = statusHistory(ctx, message);
	const view: MessageObject = {
		uid: message.uid,
		chat_id: message.chat_id,
		timestamp: timelinesTime(message.time),
		received_timestamp: timelinesTime(message.received),
		sender_phone: message.sender_phone,
		sender_name: message.sender_name,
		recipient_phone: message.recipient_phone,
		recipient_name: message.recipient_name,
		from_me: message.from_me,
		text: message.text === '' ? null : message.text,
		status: history[history.length - 1]?.status ?? message.status,
		origin: message.origin,
		has_attachment: files.length > 0,
		message_type: message.message_type,
		reactions: reactionsView(message),
		// "Free-form metadata … varies by message_type": nothing to say for text messages and notes.
		data: {},
		created_by: message.created_by,
	};
	// One attachment per message object (MessageInfo has single attachment_url / attachment_filename fields).
	if (files[0]) {
		view.attachment_url = ctx.downloadUrl(files[0].uid);
		view.attachment_filename = files[0].filename;
	}
	return view;
}

/** FileInfoShort (GET /files); with `temporary_download_url` = FileInfo (GET /files/{uid}, uploads). */
export function fileView(ctx: ViewContext, file: StoredFile, withUrl = true): Json {
	const view: Json = {
		uid: file.uid,
		filename: file.filename,
		size: file.size,
		mimetype: file.mimetype,
		uploaded_by_email: file.uploaded_by_email,
		uploaded_at: timelinesTime(file.uploaded),
	};
	if (withUrl) view.temporary_download_url = ctx.downloadUrl(file.uid);
	return view;
}

/** WebhookInfo */
export function webhookView(webhook: StoredWebhook): Json {
	return {
		id: webhook.id,
		event_type: webhook.event_type,
		url: webhook.url,
		enabled: webhook.enabled,
		errors_counter: webhook.errors_counter,
	};
}

/** WhatsappAccountItem */
export function accountView(account: WhatsappAccount): Json {
	return {
		id: account.id,
		phone: account.phone,
		connected_on: timelinesTime(account.connected),
		status: account.status,
		owner_name: account.owner_name,
		owner_email: account.owner_email,
		account_name: account.account_name,
	};
}

/** WorkspaceTeammatesItem */
export function teammateView(state: TimelinesState, teammate: Teammate): Json {
	return {
		user_id: teammate.user_id,
		display_name: teammate.full_name,
		email: teammate.email,
		role: teammate.role,
		team: teammate.team,
		status: 'active',
		invitation_status: 'accepted',
		created_at: timelinesTime(teammate.created),
		whatsapp_accounts: state.accounts
			.filter((a) => a.owner_email.toLowerCase() === teammate.email.toLowerCase())
			.map(accountView),
	};
}

/** TemplateInfo */
export function templateView(template: MessageTemplate): Json {
	return {
		id: template.id,
		name: template.name,
		text: template.text,
		visibility: template.visibility,
		team_title: template.team_title,
		created_by_name: template.created_by_name,
		created_at: new Date(template.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
		updated_by_name: template.updated_by_name,
		updated_at: new Date(template.updated).toISOString().replace(/\.\d{3}Z$/, 'Z'),
	};
}
