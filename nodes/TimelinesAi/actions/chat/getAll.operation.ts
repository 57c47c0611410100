import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tryNormalizeToE164 } from '../../../shared/domain/phone';
import type { ChatFilters, TimelinesChat } from '../../../shared/transport/timelinesai/chats';
import { listChatsPage } from '../../../shared/transport/timelinesai/chats';
import { collectPages } from '../../../shared/transport/timelinesai/timelinesPages';
import { returnAllOrLimit } from '../common.descriptions';
import { resultLimit } from '../resultLimit';
import { e164Parameter } from '../e164Parameter';
import { teammateField, teammateParameter } from '../teammateLocator';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Group Chats',
				name: 'group',
				type: 'boolean',
				default: false,
				description: 'Whether to return only group chats (on) or only one-to-one chats (off)',
			},
			{
				displayName: 'Labels',
				name: 'label',
				type: 'string',
				default: '',
				placeholder: 'vip, support',
				description: 'Comma-separated labels',
			},
			{
				displayName: 'Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Part of the chat name',
			},
			{
				displayName: 'Phone Number',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '+447700900123',
				description:
					"International number of the contact. The API's phone filter is unverified, so the results are also checked here.",
			},
			{
				displayName: 'Read',
				name: 'read',
				type: 'boolean',
				default: false,
				description: 'Whether to return only read chats (on) or only unread chats (off)',
			},
			teammateField('responsible', 'Teammate the chats are assigned to'),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesChat[]> {
	const filters = { ...(this.getNodeParameter('filters', i, {}) as ChatFilters) };
	if (filters.responsible !== undefined)
		filters.responsible = teammateParameter(this, 'filters.responsible', i);
	const limit = resultLimit(this, i);
	let keep: ((chat: TimelinesChat) => boolean) | undefined;
	if (filters.phone) {
		const phone = e164Parameter(this, 'Phone Number', filters.phone, i);
		filters.phone = phone;
		keep = (chat) => tryNormalizeToE164(chat.phone) === phone;
	}
	return await collectPages((page) => listChatsPage(this, filters, page), { limit, keep });
}
