import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatIdFields, chatIdParameter } from '../chatLocator';

import type {
	MessageFilters,
	TimelinesMessage,
} from '../../../shared/transport/timelinesai/messages';
import { isWhatsappMessage, listMessages } from '../../../shared/transport/timelinesai/messages';
import { returnAllOrLimit } from '../common.descriptions';
import { resultLimit } from '../resultLimit';

const properties: INodeProperties[] = [
	...chatIdFields,
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
				description:
					'Whether to return only messages sent by the workspace (on) or only received ones (off)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Notes and Other Entries',
				name: 'includeNotes',
				type: 'boolean',
				default: false,
				description:
					"Whether to also return the chat history's TimelinesAI entries that are not WhatsApp messages (private notes, summaries, e-mails, calls; see message_type)",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getAll'] } },
	properties,
);

/** Newest first, walked back by cursor; WhatsApp messages only unless the notes are asked for. */
export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesMessage[]> {
	const chatId = chatIdParameter(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as MessageFilters;
	const options = this.getNodeParameter('options', i, {}) as { includeNotes?: boolean };
	const limit = resultLimit(this, i);
	return await listMessages(this, chatId, filters, {
		limit,
		keep: options.includeNotes ? undefined : isWhatsappMessage,
	});
}
