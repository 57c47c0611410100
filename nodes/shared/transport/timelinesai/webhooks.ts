import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import { listIn } from './timelinesPages';

/** A registered outbound webhook (WebhookInfo, public_api_spec.yaml); GET /webhooks answers a bare array. */
export interface TimelinesWebhook {
	id: number | string;
	event_type: string;
	url: string;
	enabled: boolean;
	errors_counter?: number;
}

export async function listWebhooks(context: TimelinesContext): Promise<TimelinesWebhook[]> {
	return listIn<TimelinesWebhook>(
		await timelinesAiRequest<unknown>(context, 'GET', 'webhooks'),
		'webhooks',
	);
}

export async function createWebhook(
	context: TimelinesContext,
	webhook: { eventType: string; url: string; enabled?: boolean },
): Promise<TimelinesWebhook> {
	return await timelinesAiRequest<TimelinesWebhook>(context, 'POST', 'webhooks', {
		body: { event_type: webhook.eventType, url: webhook.url, enabled: webhook.enabled ?? true },
	});
}

export async function deleteWebhook(context: TimelinesContext, id: number | string): Promise<void> {
	await timelinesAiRequest<unknown>(
		context,
		'DELETE',
		`webhooks/${encodeURIComponent(String(id))}`,
	);
}
