import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chatIdFields, chatIdParameter } from '../chatLocator';
import { teammateField, teammateParameter } from '../teammateLocator';

import type { ChatUpdate, TimelinesChat } from '../../../shared/transport/timelinesai/chats';
import { updateChat } from '../../../shared/transport/timelinesai/chats';

const properties: INodeProperties[] = [
	...chatIdFields,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Closed',
				name: 'closed',
				type: 'boolean',
				default: false,
				description: 'Whether the chat is closed',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'New name of the chat',
			},
			{
				displayName: 'Read',
				name: 'read',
				type: 'boolean',
				default: true,
				description: 'Whether the chat is marked as read',
			},
			teammateField('responsible', 'Teammate to assign the chat to; empty unassigns it'),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesChat> {
	const update = { ...(this.getNodeParameter('updateFields', i, {}) as ChatUpdate) };
	if (update.responsible !== undefined)
		update.responsible = teammateParameter(this, 'updateFields.responsible', i);
	if (Object.keys(update).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'Update Fields: add at least one field to change',
			{ itemIndex: i },
		);
	}
	if (update.name !== undefined && update.name.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'Name: a chat name cannot be empty', {
			itemIndex: i,
		});
	}
	return await updateChat(this, chatIdParameter(this, i), update);
}
