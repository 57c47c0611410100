import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatIdFields, chatIdParameter } from '../chatLocator';

import type { SentMessage } from '../../../shared/transport/timelinesai/messages';
import { sendMessageToChat } from '../../../shared/transport/timelinesai/messages';
import { attachmentFileUid } from '../attachmentFileUid';
import { attachmentOptions } from '../common.descriptions';
import { messageContents, messageTextField, splitLongTextOption } from '../messageContent';

const properties: INodeProperties[] = [
	...chatIdFields,
	messageTextField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...attachmentOptions, splitLongTextOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendToChat'] } },
	properties,
);

/** One output item per message sent: one, or one per part when Split Long Text cut the text. */
export async function execute(this: IExecuteFunctions, i: number): Promise<SentMessage[]> {
	const chatId = chatIdParameter(this, i);
	const options = this.getNodeParameter('options', i, {}) as {
		binaryPropertyName?: string;
		fileUid?: string;
		splitLongText?: boolean;
	};
	const contents = messageContents(
		this,
		i,
		await attachmentFileUid(this, i, options),
		options.splitLongText === true,
	);
	const sent: SentMessage[] = [];
	// In order, one after the other: the parts must arrive in the order they were written.
	for (const content of contents) sent.push(await sendMessageToChat(this, chatId, content));
	return sent;
}
