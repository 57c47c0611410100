/**
 * TimelinesAI webhook payloads (message:new, message:received:new, message:sent:new; shape in
 * docs/api-facts.md, TimelinesAI, and the webhook spec's MessageData) parsed from untrusted JSON into one
 * typed message. Strict: each field has the JSON type the spec gives it. The one coercion: where the spec
 * says string, a JSON number is accepted and kept as its decimal text (a text "12345" serialised as a
 * number is still the customer's text); chat_id (integer) also accepts a string of digits. Booleans are
 * never coerced: `is_group` must be true or false.
 */
import { InvalidTimelinesEventError } from './timelinesEventError';
import { timelinesEpoch } from './timelinesTimestamp';

export { InvalidTimelinesEventError } from './timelinesEventError';
export { parseTimelinesTimestamp } from './timelinesTimestamp';

export const MESSAGE_EVENT_TYPES = [
	'message:new',
	'message:received:new',
	'message:sent:new',
] as const;
export type TimelinesMessageEventType = (typeof MESSAGE_EVENT_TYPES)[number];

/** How far ahead of this server's clock a message may be dated (clocks drift; 2099 is not drift). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Largest webhook body the trigger reads (bytes). A message payload is a few kB; its text is at most
 * 65,536 characters (WhatsApp's limit, https://faq.whatsapp.com/ ), under 400 kB even fully escaped.
 * Larger bodies are answered 413 (not retried as a 5xx would be). n8n itself refuses bodies over
 * N8N_PAYLOAD_SIZE_MAX (16 MiB by default) before the node runs.
 */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

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

/** A string field; a number is kept as its text; null, absent or "" is missing. */
function text(source: Json, key: string, field: string, required = true): string {
	const value = source[key];
	if (value === undefined || value === null || value === '') {
		if (required) throw new InvalidTimelinesEventError(`${field}.${key}`, value, 'is missing');
		return '';
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string')
		throw new InvalidTimelinesEventError(`${field}.${key}`, value, 'is not text');
	return value;
}

function optional(source: Json, key: string, field: string): string | undefined {
	return text(source, key, field, false).trim() || undefined;
}

function party(value: unknown, field: string): TimelinesParty {
	if (value === undefined || value === null) return { name: '' };
	const source = object(value, field);
	return { name: text(source, 'full_name', field, false), phone: optional(source, 'phone', field) };
}

function size(source: Json, field: string): number | undefined {
	const value = source.size;
	if (value === undefined || value === null) return undefined;
	const bytes = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
	if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0)
		throw new InvalidTimelinesEventError(`${field}.size`, value, 'is not a number of bytes');
	return bytes;
}

function attachments(value: unknown): TimelinesAttachment[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value))
		throw new InvalidTimelinesEventError('message.attachments', value, 'is not a list');
	return value.map((entry, index) => {
		const field = `message.attachments[${index}]`;
		const source = object(entry, field);
		return {
			filename: text(source, 'filename', field, false) || 'attachment',
			url: text(source, 'temporary_download_url', field),
			size: size(source, field),
			mimetype: optional(source, 'mimetype', field),
		};
	});
}

function chatId(value: unknown): number {
	const id = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
	if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0)
		throw new InvalidTimelinesEventError('chat.chat_id', value, 'is not a chat id');
	return id;
}

function flag(source: Json, key: string, field: string): boolean {
	const value = source[key];
	if (typeof value !== 'boolean')
		throw new InvalidTimelinesEventError(`${field}.${key}`, value, 'is not true or false');
	return value;
}

function timestamp(source: Json, now: number): string {
	const raw = text(source, 'timestamp', 'message');
	const epoch = timelinesEpoch(raw);
	if (epoch > now + MAX_FUTURE_SKEW_MS)
		throw new InvalidTimelinesEventError(
			'message.timestamp',
			raw,
			`is more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes in the future`,
		);
	return new Date(epoch).toISOString();
}

export function parseTimelinesWebhook(
	body: unknown,
	options: { now?: number } = {},
): TimelinesMessage {
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
	const chatPhone = text(chat, 'phone', 'chat', false);
	return {
		eventType: eventType as TimelinesMessageEventType,
		uid: text(message, 'message_uid', 'message'),
		chatId: chatId(chat.chat_id),
		chatUrl: text(chat, 'chat_url', 'chat', false),
		chatName: text(chat, 'full_name', 'chat', false),
		chatPhone,
		isGroup: flag(chat, 'is_group', 'chat'),
		direction,
		timestamp: timestamp(message, options.now ?? Date.now()),
		text: text(message, 'text', 'message', false),
		origin: optional(message, 'origin', 'message'),
		sender: party(message.sender, 'message.sender'),
		recipient: party(message.recipient, 'message.recipient'),
		replyToUid: optional(message, 'reply_to_uid', 'message'),
		attachments: attachments(message.attachments),
		responsible: {
			name: optional(chat, 'responsible_name', 'chat'),
			email: optional(chat, 'responsible_email', 'chat'),
		},
		whatsappAccount: {
			name: optional(account, 'full_name', 'whatsapp_account'),
			email: optional(account, 'email', 'whatsapp_account'),
			phone: optional(account, 'phone', 'whatsapp_account'),
		},
		contactPhone: chatPhone,
	};
}
