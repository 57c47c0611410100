// The WebhookEventType enum of TimelinesAI's public API spec, in the spec's order
// (TimelinesAI Public API 1.3.0 OpenAPI, github.com/InitechSoftware/timelines-mintlify-docs openapi/public_api_spec.yaml, components.schemas.WebhookEventType).
// POST /webhooks refuses any other value with a 400; test/unit/transport/timelinesai/webhookEventTypes.test.ts
// fails when this list and the spec differ.
export const WEBHOOK_EVENT_TYPES = [
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

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
