import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WEBHOOK_EVENT_TYPES } from '../../../shared/transport/timelinesai/webhookEventTypes';
import type { TimelinesWebhook } from '../../../shared/transport/timelinesai/webhooks';
import { createWebhook } from '../../../shared/transport/timelinesai/webhooks';

/** `message:sent:new` → "Message Sent New (message:sent:new)": the spec's value stays visible. */
function eventLabel(eventType: string): string {
	const words = eventType
		.split(':')
		.map((word) => (word === 'waba' ? 'WABA' : word.charAt(0).toUpperCase() + word.slice(1)));
	return `${words.join(' ')} (${eventType})`;
}

// Generated from the spec's WebhookEventType enum: TimelinesAI refuses any other value with a 400.
const eventTypeOptions = WEBHOOK_EVENT_TYPES.map((value) => ({
	name: eventLabel(value),
	value,
})).sort((a, b) => a.name.localeCompare(b.name));

const properties: INodeProperties[] = [
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		required: true,
		options: eventTypeOptions,
		default: 'message:new',
		description: 'Which event TimelinesAI posts to the URL',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/webhook?secret=…',
		description:
			'Where TimelinesAI posts the events. TimelinesAI signs nothing, so put a secret in the URL and check it on receipt.',
	},
	{
		displayName: 'Enabled',
		name: 'enabled',
		type: 'boolean',
		default: true,
		description: 'Whether the webhook is active right away',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesWebhook> {
	return await createWebhook(this, {
		eventType: this.getNodeParameter('eventType', i) as string,
		url: this.getNodeParameter('url', i) as string,
		enabled: this.getNodeParameter('enabled', i) as boolean,
	});
}
