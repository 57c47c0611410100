import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MessageFilters, TimelinesMessage } from '../../../shared/transport/timelinesai/messages';
import { listMessagesPage } from '../../../shared/transport/timelinesai/messages';
import { collectPages } from '../../../shared/transport/timelinesai/timelinesPages';
import { chatIdField, returnAllOrLimit } from '../common.descriptions';
import { resultLimit } from '../resultLimit';

const properties: INodeProperties[] = [
	chatIdField,
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'After',
				name: 'after',
				type: 'dateTime',
				default: '',
				description: 'Only messages sent at or after this time',
			},
			{
				displayName: 'Before',
				name: 'before',
				type: 'dateTime',
				default: '',
				description: 'Only messages sent at or before this time',
			},
			{
				displayName: 'Sent by Us',
				name: 'from_me',
				type: 'boolean',
				default: true,
				description: 'Whether to return only messages sent by the workspace (on) or only received ones (off)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['getAll'] } }, properties);

/** Page 1 holds the newest messages; later pages go back in time. */
export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesMessage[]> {
	const chatId = this.getNodeParameter('chatId', i) as string;
	const filters = this.getNodeParameter('filters', i, {}) as MessageFilters;
	const limit = resultLimit(this, i);
	return await collectPages((page) => listMessagesPage(this, chatId, filters, page), { limit });
}
