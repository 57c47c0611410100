import type { INodeProperties } from 'n8n-workflow';

import * as findByPhone from './findByPhone.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { findByPhone, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Find by Phone',
				value: 'findByPhone',
				description: 'Find the chats with a phone number',
				action: 'Find chats by phone number',
			},
			{ name: 'Get', value: 'get', description: 'Get a chat', action: 'Get a chat' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many chats',
				action: 'Get many chats',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Assign, close, mark as read or rename a chat',
				action: 'Update a chat',
			},
		],
		default: 'getAll',
	},
	...findByPhone.description,
	...get.description,
	...getAll.description,
	...update.description,
];
