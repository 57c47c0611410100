import { parseTimelinesTimestamp } from '../../domain/timelinesEvent';

// Parsers for TimelinesAI's chat and message objects as the history endpoints return them
// (GET /chats, GET /chats/{id}/messages: TimelinesAI Public API 1.3.0 OpenAPI, github.com/InitechSoftware/timelines-mintlify-docs openapi/public_api_spec.yaml).
// Untrusted JSON in, typed values out; anything without the fields a reader needs is dropped.

type Json = Record<string, unknown>;

export interface TimelinesChatSummary {
	id: number;
	name: string;
	phone: string;
	isGroup: boolean;
	whatsappAccountId?: string;
}

export interface TimelinesHistoryAttachment {
	url: string;
	filename: string;
	mimetype?: string;
	size?: number;
}

export interface TimelinesHistoryMessage {
	uid: string;
	chatId: number;
	/** ISO 8601 UTC. */
	timestamp: string;
	fromMe: boolean;
	senderName: string;
	senderPhone?: string;
	text: string;
	/** TimelinesAI delivery status, e.g. Sent / Delivered / Read. */
	status?: string;
	/** `attachment_url` is a link valid 15 minutes (public_api_spec.yaml): use it at once, never store it. */
	attachments: TimelinesHistoryAttachment[];
	replyToUid?: string;
	/** `whatsapp` (also when the API leaves it out), `note`, `summary`, `email`, `whatsapp_call`. */
	messageType?: string;
}

function asObject(value: unknown): Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: {};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** TimelinesAI's "2023-06-18 15:19:23 +0300" or ISO → ISO UTC (the trigger's parser); undefined when unreadable. */
export function timelinesTimestampToIso(value: unknown): string | undefined {
	const raw = text(value);
	if (!raw) return undefined;
	try {
		return parseTimelinesTimestamp(raw);
	} catch {
		return undefined;
	}
}

export function parseTimelinesChat(raw: unknown): TimelinesChatSummary | undefined {
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

export function parseTimelinesMessage(
	raw: unknown,
	chatId: number,
): TimelinesHistoryMessage | undefined {
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
		// MessageInfo has no reply field; `reply_to` is what a reply is sent with.
		replyToUid: text(message.reply_to) ?? text(message.reply_to_uid),
		messageType: text(message.message_type) ?? 'whatsapp',
	};
}
