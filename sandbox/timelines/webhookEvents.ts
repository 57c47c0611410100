/**
 * Event types `POST /webhooks` accepts: the `WebhookEventType` enum of TimelinesAI's Public API spec 1.3.0
 * (../shared/reference/timelinesai-oas/public_api_spec.yaml). The contract tests fail when the spec's enum
 * and this list differ.
 */
export const WEBHOOK_EVENTS = [
	'message:new',
	'message:sent:new',
	'message:received:new',
	'whatsapp:account:connected',
	'whatsapp:account:disconnected',
	'whatsapp:account:suspended',
	'whatsapp:account:resumed',
	'chat:new',
	'chat:incoming:new',
	'chat:outgoing:new',
	'chat:responsible:assigned',
	'chat:responsible:unassigned',
	'call:incoming:missed',
	'call:incoming:ended',
	'call:outgoing:ended',
	'message:reaction',
	'waba:message:received',
	'waba:message:delivered',
	'waba:message:failed',
	'waba:message:read',
	'waba:chat:incoming',
	'waba:chat:outgoing',
	'waba:chat:assigned',
	'waba:chat:unassigned',
	'waba:chat:closed',
	'waba:chat:reopened',
	'waba:account:active',
	'waba:account:disabled',
	'waba:account:disconnected',
	'waba:template:approved',
	'waba:template:rejected',
	'waba:template:disabled',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * The events the sandbox fires. Registering the others is accepted (as TimelinesAI does) but they never
 * fire here: the sandbox has no calls and no WhatsApp Business (WABA) accounts.
 */
export const PRODUCED_EVENTS = [
	'message:new',
	'message:sent:new',
	'message:received:new',
	'whatsapp:account:connected',
	'whatsapp:account:disconnected',
	'whatsapp:account:suspended',
	'whatsapp:account:resumed',
	'chat:new',
	'chat:incoming:new',
	'chat:outgoing:new',
	'chat:responsible:assigned',
	'chat:responsible:unassigned',
	'message:reaction',
] as const satisfies readonly WebhookEvent[];

export type AccountEvent =
	| 'whatsapp:account:connected'
	| 'whatsapp:account:disconnected'
	| 'whatsapp:account:suspended'
	| 'whatsapp:account:resumed';

export function isWebhookEvent(value: unknown): value is WebhookEvent {
	return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}
