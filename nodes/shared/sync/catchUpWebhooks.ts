import type { TriggerWebhookRegistration } from '../domain/triggerWebhookRegistry';
import type { TimelinesWebhook } from '../transport/timelinesai/webhooks';

// TimelinesAI never disables a failing webhook, but a person can disable or delete it, and then every
// delivery is gone. `POST /webhooks` is idempotent on (event_type, url): it re-enables a disabled one and
// restores a deleted one with its id (docs/api-facts.md, TimelinesAI webhooks), so re-posting the trigger's
// registration repairs it without the trigger noticing.

export interface WebhookPort {
	list(): Promise<TimelinesWebhook[]>;
	create(registration: TriggerWebhookRegistration): Promise<void>;
}

export interface WebhookRepair {
	event: string;
	/** The URL without its query string (where the trigger's secret is). */
	url: string;
	reason: 'missing' | 'disabled';
}

export function withoutQuery(url: string): string {
	const cut = url.search(/[?#]/);
	return cut === -1 ? url : url.slice(0, cut);
}

/** Re-registers each missing or disabled trigger webhook; returns what it repaired and its requests. */
export async function repairTriggerWebhooks(
	port: WebhookPort,
	registrations: TriggerWebhookRegistration[],
): Promise<{ repaired: WebhookRepair[]; requests: number }> {
	if (registrations.length === 0) return { repaired: [], requests: 0 };
	const registered = await port.list();
	let requests = 1;
	const repaired: WebhookRepair[] = [];
	for (const registration of registrations) {
		const found = registered.find(
			(webhook) => webhook.event_type === registration.event && webhook.url === registration.url,
		);
		// An answer without `enabled` counts as enabled: re-posting every pass would only cost requests.
		if (found && found.enabled !== false) continue;
		await port.create(registration);
		requests += 1;
		repaired.push({
			event: registration.event,
			url: withoutQuery(registration.url),
			reason: found ? 'disabled' : 'missing',
		});
	}
	return { repaired, requests };
}
