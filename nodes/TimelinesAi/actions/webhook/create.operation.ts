import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TimelinesWebhook } from '../../../shared/transport/timelinesai/webhooks';
import { createWebhook } from '../../../shared/transport/timelinesai/webhooks';

const properties: INodeProperties[] = [
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		required: true,
		options: [
			{ name: 'Chat Assigned', value: 'chat:assigned' },
			{ name: 'Chat Created (Any Direction)', value: 'chat:created' },
			{ name: 'Chat Created by Received Message', value: 'chat:received:created' },
			{ name: 'Chat Created by Sent Message', value: 'chat:sent:created' },
			{ name: 'Chat Unassigned', value: 'chat:unassigned' },
			{ name: 'New Message (Any Direction)', value: 'message:new' },
			{ name: 'New Received Message', value: 'message:received:new' },
			{ name: 'New Sent Message', value: 'message:sent:new' },
		],
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

export const description = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesWebhook> {
	return await createWebhook(this, {
		eventType: this.getNodeParameter('eventType', i) as string,
		url: this.getNodeParameter('url', i) as string,
		enabled: this.getNodeParameter('enabled', i) as boolean,
	});
}
