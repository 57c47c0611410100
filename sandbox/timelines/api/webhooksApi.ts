// Webhook subscriptions: GET|POST /webhooks, GET|PUT|DELETE /webhooks/{webhook_id} (Public API 1.3.0).
import type { SandboxResponse } from '../../server/http';
import { badRequest } from '../timelinesApiError';
import type { StoredWebhook } from '../timelinesTypes';
import { webhookView } from '../timelinesViews';
import { WEBHOOK_EVENTS, isWebhookEvent } from '../webhookEvents';
import { ApiRequest, done, ok, optionalBool } from './apiRequest';

const MAX_URL = 4096;

/** "a valid http(s) URL", ≤4096; unescaped `+` or `=` in the userinfo part are refused (api-facts Q4). */
function webhookUrl(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') throw badRequest('url is required', 'url');
	const raw = value.trim();
	if (raw.length > MAX_URL) throw badRequest(`url must be at most ${MAX_URL} characters`, 'url');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw badRequest('url must be a valid http(s) URL', 'url');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw badRequest('url must be a valid http(s) URL', 'url');
	const userinfo = /^[a-z]+:\/\/([^@/?#]*)@/i.exec(raw)?.[1] ?? '';
	if (/[+=]/.test(userinfo))
		throw badRequest('url must not contain unescaped "+" or "=" in the user info', 'url');
	return raw;
}

function eventType(value: unknown): string {
	if (!isWebhookEvent(value))
		throw badRequest(`event_type must be one of ${WEBHOOK_EVENTS.join(', ')}`, 'event_type');
	return value;
}

/** WebhookInfoList, "ordered by id ascending". */
export function listWebhooks(r: ApiRequest): SandboxResponse {
	return ok(r.sb.state.liveWebhooks().map(webhookView));
}

/**
 * "idempotent on the combination of event_type and url": an active match is returned as it is, a disabled one
 * is re-enabled, a deleted one is restored and enabled — always 200 with the existing id.
 */
export function createWebhook(r: ApiRequest): SandboxResponse {
	const body = r.json();
	const event = eventType(body.event_type);
	const url = webhookUrl(body.url);
	const enabled = optionalBool(body, 'enabled') ?? true;
	const { state } = r.sb;
	const existing = [...state.webhooks.values()].find(
		(w) => w.event_type === event && w.url === url,
	);
	// The limit counts live subscriptions; its error is UNVERIFIED (400 here).
	if ((!existing || existing.deleted) && state.liveWebhooks().length >= r.sb.webhookLimit) {
		throw badRequest(`Webhooks limit reached: at most ${r.sb.webhookLimit} webhooks per workspace`);
	}
	if (existing) {
		existing.deleted = false;
		existing.enabled = true;
		return ok(webhookView(existing));
	}
	const webhook: StoredWebhook = {
		id: state.nextWebhookId++,
		event_type: event,
		url,
		enabled,
		errors_counter: 0,
		activations: 0,
		created: Date.now(),
	};
	state.webhooks.set(webhook.id, webhook);
	return ok(webhookView(webhook));
}

export function getWebhook(r: ApiRequest): SandboxResponse {
	return ok(webhookView(r.webhook()));
}

/** "Only properties supplied in the request body are changed." A change onto another live subscription's (event, url) is refused (UNVERIFIED). */
export function updateWebhook(r: ApiRequest): SandboxResponse {
	const webhook = r.webhook();
	const body = r.json();
	const event = body.event_type === undefined ? webhook.event_type : eventType(body.event_type);
	const url = body.url === undefined ? webhook.url : webhookUrl(body.url);
	const enabled = optionalBool(body, 'enabled') ?? webhook.enabled;
	const clash = r.sb.state
		.liveWebhooks()
		.some((w) => w.id !== webhook.id && w.event_type === event && w.url === url);
	if (clash) throw badRequest('A webhook with this event_type and url already exists');
	Object.assign(webhook, { event_type: event, url, enabled });
	return ok(webhookView(webhook));
}

/** "Deliveries stop immediately." Kept as deleted so that POST can restore it with its id. */
export function deleteWebhook(r: ApiRequest): SandboxResponse {
	r.webhook().deleted = true;
	return done('Webhook deleted');
}
