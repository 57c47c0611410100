import type { INodeProperties } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import * as downloadAttachment from './downloadAttachment.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getStatusHistory from './getStatusHistory.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as sendToChat from './sendToChat.operation';
import * as sendToPhone from './sendToPhone.operation';

export { downloadAttachment, get, getAll, getStatusHistory, sendToChat, sendToPhone };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Download Attachment',
				value: 'downloadAttachment',
				description: "Download a message's attachment as binary data",
				action: 'Download the attachment of a message',
			},
			{ name: 'Get', value: 'get', description: 'Get a message', action: 'Get a message' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many messages of a chat',
				action: 'Get many messages',
			},
			{
				name: 'Get Status History',
				value: 'getStatusHistory',
				description: 'Get when a message was sent, delivered and read',
				action: 'Get the status history of a message',
			},
			{
				name: 'Send and Wait for a Reply',
				value: SEND_AND_WAIT_OPERATION,
				description:
					'Send a message to a chat and pause the workflow until the contact replies there',
				action: 'Send a message and wait for the reply',
			},
			{
				name: 'Send to Chat',
				value: 'sendToChat',
				description: 'Send a message to an existing chat',
				action: 'Send a message to a chat',
			},
			{
				name: 'Send to Phone Number',
				value: 'sendToPhone',
				description: 'Send a message to a phone number, opening a new chat if there is none',
				action: 'Send a message to a phone number',
			},
		],
		default: 'sendToChat',
	},
	...downloadAttachment.description,
	...get.description,
	...getAll.description,
	...getStatusHistory.description,
	...sendAndWait.description,
	...sendToChat.description,
	...sendToPhone.description,
];
