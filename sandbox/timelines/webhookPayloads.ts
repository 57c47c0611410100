// Webhook bodies as TimelinesAI's webhook spec 2.0.0 defines them
// (../shared/reference/timelinesai-oas/webhook_spec.yaml): MessageData, ChatData, AccountData.
import { timelinesTime } from './timelinesTime';
import type { StoredChat, StoredMessage, WhatsappAccount } from './timelinesTypes';
import { chatUrl, filesOf, responsibleName } from './timelinesViews';
import type { Json, ViewContext } from './timelinesViews';

/** MessageDataChatInfo: `phone` is required, "" for groups; responsible_* "" when unassigned (timelinesai.md). */
function messageChat(ctx: ViewContext, chat: StoredChat): Json {
	return {
		full_name: chat.name,
		chat_url: chatUrl(ctx, chat.id),
		chat_id: chat.id,
		is_group: chat.is_group,
		phone: chat.phone,
		responsible_name: responsibleName(ctx, chat) ?? '',
		responsible_email: chat.responsible ?? '',
	};
}

/** MessageDataWhatsappAccountInfo: the number's owner. */
function messageAccount(account: WhatsappAccount | undefined): Json {
	return {
		full_name: account?.owner_name ?? '',
		email: account?.owner_email ?? '',
		phone: account?.phone ?? '',
	};
}

/** PartyInfo: `phone` is optional (absent for group members when the groupSenderPhone switch is off). */
function party(name: string, phone: string): Json {
	return phone ? { full_name: name, phone } : { full_name: name };
}

/** message:new, message:received:new, message:sent:new */
export function messagePayload(
	ctx: ViewContext,
	eventType: string,
	chat: StoredChat,
	message: StoredMessage,
): Json {
	const body: Json = {
		// MessageDataInfo.text is a required string: "" for attachment-only messages.
		text: message.text,
		direction: message.from_me ? 'sent' : 'received',
		origin: message.origin,
		timestamp: timelinesTime(message.time),
		received_timestamp: timelinesTime(message.received),
		message_uid: message.uid,
		sender: party(message.sender_name, message.sender_phone),
		recipient: party(message.recipient_name, message.recipient_phone),
	};
	if (message.reply_to_uid) body.reply_to_uid = message.reply_to_uid;
	body.attachments = filesOf(ctx, message).map((file) => ({
		temporary_download_url: ctx.downloadUrl(file.uid),
		filename: file.filename,
		size: file.size,
		mimetype: file.mimetype,
	}));
	const account = ctx.state.account(chat.whatsapp_account_id);
	return {
		event_type: eventType,
		chat: messageChat(ctx, chat),
		whatsapp_account: messageAccount(account),
		message: body,
	};
}

/** ChatDataWhatsappAccountInfo = AccountDataWhatsappAccountInfo */
export function accountInfo(account: WhatsappAccount): Json {
	const info: Json = {
		id: account.id,
		phone: account.phone,
		connected_on: timelinesTime(account.connected),
		status: account.status,
		account_name: account.account_name,
		owner_name: account.owner_name,
		owner_email: account.owner_email,
	};
	if (account.disconnected !== undefined)
		info.disconnected_on = timelinesTime(account.disconnected);
	return info;
}

export interface PreviousResponsible {
	email: string;
	name: string;
}

/** chat:new, chat:incoming:new, chat:outgoing:new, chat:responsible:assigned, chat:responsible:unassigned */
export function chatPayload(
	ctx: ViewContext,
	eventType: string,
	chat: StoredChat,
	previous?: PreviousResponsible,
): Json {
	const info: Json = {
		id: chat.id,
		name: chat.name,
		phone: chat.phone,
		jid: chat.jid,
		is_group: chat.is_group,
		closed: chat.closed,
		read: chat.read,
		labels: [...chat.labels],
		unattended_customer: chat.unattended,
		chatgpt_autoresponse_enabled: chat.chatgpt_autoresponse_enabled,
		whatsapp_account_id: chat.whatsapp_account_id,
		chat_url: chatUrl(ctx, chat.id),
		created_timestamp: timelinesTime(chat.created),
	};
	const last = ctx.state.lastMessage(chat);
	if (last) {
		info.last_message_uid = last.uid;
		info.last_message_timestamp = timelinesTime(last.time);
	}
	if (chat.responsible) {
		info.responsible_name = responsibleName(ctx, chat) ?? '';
		info.responsible_email = chat.responsible;
	}
	if (previous) {
		info.previous_responsible_name = previous.name;
		info.previous_responsible_email = previous.email;
	}
	const account = ctx.state.account(chat.whatsapp_account_id);
	return {
		event_type: eventType,
		chat: info,
		whatsapp_account: account ? accountInfo(account) : {},
	};
}

/** whatsapp:account:connected|disconnected|suspended|resumed */
export function accountPayload(eventType: string, account: WhatsappAccount): Json {
	return { event_type: eventType, whatsapp_account: accountInfo(account) };
}

/** message:reaction (ReactionData): the chat's phone is bare digits for direct chats, "" for groups. */
export function reactionPayload(
	ctx: ViewContext,
	chat: StoredChat,
	message: StoredMessage,
	reaction: { action: 'set' | 'clear'; emoji: string; name: string; phone: string; time: number },
): Json {
	const account = ctx.state.account(chat.whatsapp_account_id);
	const counts: Record<string, number> = {};
	for (const r of message.reactions ?? []) counts[r.emoji] = (counts[r.emoji] ?? 0) + 1;
	const chatInfo: Json = {
		full_name: chat.name,
		chat_url: chatUrl(ctx, chat.id),
		chat_id: chat.id,
		chat_type: chat.is_group ? 'group' : 'direct',
		platform: 'whatsapp',
		phone: chat.is_group ? '' : chat.phone.replace(/^\+/, ''),
	};
	if (chat.responsible) {
		chatInfo.responsible_name = responsibleName(ctx, chat) ?? '';
		chatInfo.responsible_email = chat.responsible;
	}
	return {
		event_type: 'message:reaction',
		chat: chatInfo,
		whatsapp_account: { ...messageAccount(account), whatsapp_account_wid: account?.id ?? '' },
		reaction: {
			message_uid: message.uid,
			action: reaction.action,
			emoji: reaction.emoji,
			reactor: { full_name: reaction.name, phone: reaction.phone },
			timestamp: timelinesTime(reaction.time),
			reactions: counts,
		},
	};
}
