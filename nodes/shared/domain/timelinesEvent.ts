/**
 * TimelinesAI webhook payloads (message:new, message:received:new, message:sent:new; shape in
 * docs/api-facts.md, TimelinesAI) parsed from untrusted JSON into one typed message.
 */
export class InvalidTimelinesEventError extends Error {
	constructor(
		readonly field: string,
		readonly value: unknown,
		reason: string,
	) {
		super(`${field} ${JSON.stringify(value) ?? 'undefined'} ${reason}`);
		this.name = 'InvalidTimelinesEventError';
	}
}

export const MESSAGE_EVENT_TYPES = [
	'message:new',
	'message:received:new',
	'message:sent:new',
] as const;
export type TimelinesMessageEventType = (typeof MESSAGE_EVENT_TYPES)[number];

export interface TimelinesParty {
	name: string;
	phone?: string;
}

export interface TimelinesAttachment {
	filename: string;
	url: string;
	size?: number;
	mimetype?: string;
}

export interface TimelinesMessage {
	eventType: TimelinesMessageEventType;
	uid: string;
	chatId: number;
	chatUrl: string;
	chatName: string;
	chatPhone: string;
	isGroup: boolean;
	direction: 'received' | 'sent';
	/** ISO 8601, UTC. */
	timestamp: string;
	text: string;
	origin?: string;
	sender: TimelinesParty;
	recipient: TimelinesParty;
	replyToUid?: string;
	attachments: TimelinesAttachment[];
	responsible: { name?: string; email?: string };
	whatsappAccount: { name?: string; email?: string; phone?: string };
	/** The other party of the chat: the chat's phone. */
	contactPhone: string;
}

type Json = Record<string, unknown>;

function object(value: unknown, field: string): Json {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new InvalidTimelinesEventError(field, value, 'is not an object');
	}
	return value as Json;
}

function text(source: Json, key: string, field: string, required = true): string {
	const value = source[key];
	if (value === undefined || value === null || value === '') {
		if (required) throw new InvalidTimelinesEventError(`${field}.${key}`, value, 'is missing');
		return '';
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new InvalidTimelinesEventError(`${field}.${key}`, value, 'is not a string');
	}
	return String(value);
}

function optional(source: Json, key: string): string | undefined {
	const value = source[key];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** "2024-01-08 10:35:18 +0200" (TimelinesAI) or ISO 8601 → ISO 8601 UTC. */
export function parseTimelinesTimestamp(value: string, field = 'message.timestamp'): string {
	const match =
		/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
			value.trim(),
		);
	if (!match) throw new InvalidTimelinesEventError(field, value, 'is not a TimelinesAI timestamp');
	const zone = match[3]
		? match[3] === 'Z'
			? 'Z'
			: match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
		: 'Z';
	const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
	if (Number.isNaN(ms)) throw new InvalidTimelinesEventError(field, value, 'is not a valid date');
	return new Date(ms).toISOString();
}

function party(value: unknown, field: string): TimelinesParty {
	if (value === undefined || value === null) return { name: '' };
	const source = object(value, field);
	return { name: text(source, 'full_name', field, false), phone: optional(source, 'phone') };
}

function attachments(value: unknown): TimelinesAttachment[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value))
		throw new InvalidTimelinesEventError('message.attachments', value, 'is not a list');
	return value.map((entry, index) => {
		const field = `message.attachments[${index}]`;
		const source = object(entry, field);
		const size = source.size;
		return {
			filename: text(source, 'filename', field, false) || 'attachment',
			url: text(source, 'temporary_download_url', field),
			size: typeof size === 'number' ? size : undefined,
			mimetype: optional(source, 'mimetype'),
		};
	});
}

export function parseTimelinesWebhook(body: unknown): TimelinesMessage {
	const payload = object(body, 'payload');
	const eventType = payload.event_type;
	if (
		typeof eventType !== 'string' ||
		!(MESSAGE_EVENT_TYPES as readonly string[]).includes(eventType)
	) {
		throw new InvalidTimelinesEventError(
			'event_type',
			eventType,
			`is not one of ${MESSAGE_EVENT_TYPES.join(', ')}`,
		);
	}
	const chat = object(payload.chat, 'chat');
	const message = object(payload.message, 'message');
	const account =
		payload.whatsapp_account === undefined || payload.whatsapp_account === null
			? {}
			: object(payload.whatsapp_account, 'whatsapp_account');

	const direction = message.direction;
	if (direction !== 'received' && direction !== 'sent') {
		throw new InvalidTimelinesEventError(
			'message.direction',
			direction,
			'is not "received" or "sent"',
		);
	}
	const chatId = Number(chat.chat_id);
	if (!Number.isInteger(chatId) || chatId <= 0)
		throw new InvalidTimelinesEventError('chat.chat_id', chat.chat_id, 'is not a chat id');
	const chatPhone = text(chat, 'phone', 'chat', false);
	const replyTo = optional(message, 'reply_to_uid');
	return {
		eventType: eventType as TimelinesMessageEventType,
		uid: text(message, 'message_uid', 'message'),
		chatId,
		chatUrl: text(chat, 'chat_url', 'chat', false),
		chatName: text(chat, 'full_name', 'chat', false),
		chatPhone,
		isGroup: chat.is_group === true,
		direction,
		timestamp: parseTimelinesTimestamp(text(message, 'timestamp', 'message')),
		text: typeof message.text === 'string' ? message.text : '',
		origin: optional(message, 'origin'),
		sender: party(message.sender, 'message.sender'),
		recipient: party(message.recipient, 'message.recipient'),
		replyToUid: replyTo,
		attachments: attachments(message.attachments),
		responsible: {
			name: optional(chat, 'responsible_name'),
			email: optional(chat, 'responsible_email'),
		},
		whatsappAccount: {
			name: optional(account, 'full_name'),
			email: optional(account, 'email'),
			phone: optional(account, 'phone'),
		},
		contactPhone: chatPhone,
	};
}
