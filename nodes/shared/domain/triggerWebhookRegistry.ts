// Where TimelinesAI Trigger leaves its webhook registration (event and URL, the URL holding its secret) for
// TimelinesAI Catch-up Trigger of the same workflow, which re-registers it when TimelinesAI lost or disabled
// it. n8n gives a node only its own static data and the workflow's global static data: the registration is
// copied into the global one, under one key, per trigger node name.

export interface TriggerWebhookRegistration {
	event: string;
	url: string;
}

const KEY = 'timelinesAiTriggerWebhooks';

type StaticData = Record<string, unknown>;

function registry(data: StaticData): Record<string, TriggerWebhookRegistration> {
	const value = data[KEY];
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, TriggerWebhookRegistration>)
		: {};
}

export function rememberTriggerWebhook(
	data: StaticData,
	nodeName: string,
	registration: TriggerWebhookRegistration,
): void {
	const current = registry(data)[nodeName];
	if (current?.event === registration.event && current.url === registration.url) return;
	// A new object: n8n notices changes to static data by assignment.
	data[KEY] = { ...registry(data), [nodeName]: { ...registration } };
}

export function forgetTriggerWebhook(data: StaticData, nodeName: string): void {
	if (!(nodeName in registry(data))) return;
	const rest = { ...registry(data) };
	delete rest[nodeName];
	data[KEY] = rest;
}

/** The registrations the workflow's triggers left, valid ones only. */
export function triggerWebhooks(data: StaticData): TriggerWebhookRegistration[] {
	return Object.values(registry(data)).filter(
		(entry): entry is TriggerWebhookRegistration =>
			typeof entry === 'object' &&
			entry !== null &&
			typeof entry.event === 'string' &&
			typeof entry.url === 'string' &&
			entry.url !== '',
	);
}
