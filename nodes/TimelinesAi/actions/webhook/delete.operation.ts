import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteWebhook } from '../../../shared/transport/timelinesai/webhooks';

const properties: INodeProperties[] = [
	{
		displayName: 'Webhook ID',
		name: 'webhookId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID of the webhook, as returned by Create or Get Many',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	i: number,
): Promise<{ deleted: true; id: string }> {
	const id = this.getNodeParameter('webhookId', i) as string;
	await deleteWebhook(this, id);
	return { deleted: true, id };
}
