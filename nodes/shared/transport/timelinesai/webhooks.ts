import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';

/** A registered outbound webhook (timelinesai.md, "Webhooks v2"). */
export interface TimelinesWebhook {
	id: number | string;
	event_type: string;
	url: string;
	enabled: boolean;
	errors_counter?: number;
}

export async function listWebhooks(context: TimelinesContext): Promise<TimelinesWebhook[]> {
	const data = await timelinesAiRequest<{ webhooks?: TimelinesWebhook[] } | TimelinesWebhook[]>(context, 'GET', 'webhooks');
	return Array.isArray(data) ? data : (data?.webhooks ?? []);
}

export async function createWebhook(
	context: TimelinesContext,
	webhook: { eventType: string; url: string },
): Promise<TimelinesWebhook> {
	return await timelinesAiRequest<TimelinesWebhook>(context, 'POST', 'webhooks', {
		body: { event_type: webhook.eventType, url: webhook.url, enabled: true },
	});
}

export async function deleteWebhook(context: TimelinesContext, id: number | string): Promise<void> {
	await timelinesAiRequest<unknown>(context, 'DELETE', `webhooks/${encodeURIComponent(String(id))}`);
}
