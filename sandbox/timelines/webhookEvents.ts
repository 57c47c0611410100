/**
 * Event types POST /webhooks accepts (timelinesai.md, "Webhooks v2"). The WhatsApp account events exist
 * but their exact names are UNVERIFIED, so the sandbox refuses them (stricter reading).
 */
export const WEBHOOK_EVENTS = [
	'message:new',
	'message:received:new',
	'message:sent:new',
	'chat:created',
	'chat:received:created',
	'chat:sent:created',
	'chat:assigned',
	'chat:unassigned',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
	return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}
