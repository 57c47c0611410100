import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SentMessage } from '../../../shared/transport/timelinesai/messages';
import { sendMessageToChat } from '../../../shared/transport/timelinesai/messages';
import { attachmentFileUid } from '../attachmentFileUid';
import { attachmentOptions, chatIdField } from '../common.descriptions';
import { messageContent, messageTextField } from '../messageContent';

const properties: INodeProperties[] = [
	chatIdField,
	messageTextField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...attachmentOptions],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendToChat'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<SentMessage> {
	const chatId = this.getNodeParameter('chatId', i) as string;
	const options = this.getNodeParameter('options', i, {}) as { binaryPropertyName?: string; fileUid?: string };
	const content = messageContent(this, i, await attachmentFileUid(this, i, options));
	return await sendMessageToChat(this, chatId, content);
}
