import type { IDataObject } from 'n8n-workflow';

import { InvalidTimelinesEventError } from '../shared/domain/timelinesEvent';
import type { WebhookEventType } from '../shared/transport/timelinesai/webhookEventTypes';

// Chat and WhatsApp-account events (TimelinesAI webhook spec v2, ChatData / AccountData; docs/api-facts.md,
// TimelinesAI webhooks). Current wire names: chat:created / chat:assigned are stale and never fire.
export const CHAT_EVENT_TYPES = [
	'chat:new',
	'chat:incoming:new',
	'chat:outgoing:new',
	'chat:responsible:assigned',
	'chat:responsible:unassigned',
] as const satisfies readonly WebhookEventType[];

export const ACCOUNT_EVENT_TYPES = [
	'whatsapp:account:connected',
	'whatsapp:account:disconnected',
	'whatsapp:account:suspended',
	'whatsapp:account:resumed',
] as const satisfies readonly WebhookEventType[];

export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];
export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];

/** The WhatsApp account of a chat or account event (owner_* names, unlike message events). */
export interface EventWhatsappAccount extends IDataObject {
	id: string;
	phone: string;
	status?: string;
	account_name?: string;
	owner_name?: string;
	owner_email?: string;
}

/** A chat event's chat: `id` is the chat id other TimelinesAI operations take. */
export interface EventChat extends IDataObject {
	id: number;
	name?: string;
	phone?: string | null;
	is_group?: boolean;
	whatsapp_account_id?: string;
	chat_url?: string;
	responsible_email?: string | null;
	previous_responsible_email?: string | null;
}

export type ChatOrAccountEvent =
	| { event_type: ChatEventType; chat: EventChat; whatsapp_account: EventWhatsappAccount }
	| { event_type: AccountEventType; whatsapp_account: EventWhatsappAccount };

export function isChatOrAccountEventType(event: string): event is ChatEventType | AccountEventType {
	return (
		(CHAT_EVENT_TYPES as readonly string[]).includes(event) ||
		(ACCOUNT_EVENT_TYPES as readonly string[]).includes(event)
	);
}

function object(value: unknown, field: string): IDataObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new InvalidTimelinesEventError(field, value, 'is not an object');
	return value as IDataObject;
}

function requireString(source: IDataObject, key: string, prefix: string): void {
	if (typeof source[key] !== 'string' || source[key] === '')
		throw new InvalidTimelinesEventError(
			`${prefix}.${key}`,
			source[key],
			'is not a non-empty string',
		);
}

/**
 * Checks a chat or account event for the fields a workflow relies on (`event_type`, `chat.id`,
 * `whatsapp_account.id` and `.phone`) and returns the payload as TimelinesAI sent it, every field kept.
 * Throws InvalidTimelinesEventError naming the first bad field.
 */
export function parseChatOrAccountEvent(body: unknown): ChatOrAccountEvent {
	const payload = object(body, 'payload');
	const eventType = payload.event_type;
	if (typeof eventType !== 'string' || !isChatOrAccountEventType(eventType))
		throw new InvalidTimelinesEventError(
			'event_type',
			eventType,
			`is not one of ${[...CHAT_EVENT_TYPES, ...ACCOUNT_EVENT_TYPES].join(', ')}`,
		);
	const account = object(payload.whatsapp_account, 'whatsapp_account');
	requireString(account, 'id', 'whatsapp_account');
	requireString(account, 'phone', 'whatsapp_account');
	if ((CHAT_EVENT_TYPES as readonly string[]).includes(eventType)) {
		const chat = object(payload.chat, 'chat');
		if (typeof chat.id !== 'number' || !Number.isInteger(chat.id))
			throw new InvalidTimelinesEventError('chat.id', chat.id, 'is not an integer');
	}
	return payload as unknown as ChatOrAccountEvent;
}
