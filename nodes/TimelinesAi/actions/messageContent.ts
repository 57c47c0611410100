import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_MESSAGE_TEXT_LENGTH } from '../../shared/transport/timelinesai/messages';
import { splitMessageText } from './splitMessageText';

export const messageTextField: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description: 'The message text, up to 2,000 characters; may be empty when an attachment is sent',
};

export const splitLongTextOption: INodeProperties = {
	displayName: 'Split Long Text',
	name: 'splitLongText',
	type: 'boolean',
	default: false,
	description:
		"Whether to send a text over 2,000 characters (TimelinesAI's limit) as several messages, cut at paragraph, line or word breaks; off, such a text fails",
};

/**
 * The body fields of the message(s) to send: text and/or an attachment, never neither. One body, or with
 * `split` one per part of a long text (the attachment goes with the first part).
 */
export function messageContents(
	context: IExecuteFunctions,
	i: number,
	fileUid: string | undefined,
	split = false,
): Array<{ text?: string; file_uid?: string }> {
	const text = context.getNodeParameter('text', i, '') as string;
	if (!split || text.length <= MAX_MESSAGE_TEXT_LENGTH)
		return [messageContent(context, i, fileUid)];
	return splitMessageText(text, MAX_MESSAGE_TEXT_LENGTH).map((part, index) => ({
		text: part,
		...(index === 0 && fileUid ? { file_uid: fileUid } : {}),
	}));
}

/** The body fields of a message: text and/or an attachment, never neither. */
export function messageContent(
	context: IExecuteFunctions,
	i: number,
	fileUid: string | undefined,
): { text?: string; file_uid?: string } {
	const text = context.getNodeParameter('text', i, '') as string;
	if (text.trim() === '' && !fileUid) {
		throw new NodeOperationError(
			context.getNode(),
			'Text: the message is empty and has no attachment',
			{ itemIndex: i },
		);
	}
	if (text.length > MAX_MESSAGE_TEXT_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			`Text: ${text.length.toLocaleString('en-US')} characters, but TimelinesAI accepts at most ${MAX_MESSAGE_TEXT_LENGTH.toLocaleString('en-US')} per message`,
			{
				itemIndex: i,
				description:
					'Shorten the text, or turn on the option Split Long Text to send it as several messages.',
			},
		);
	}
	return { ...(text.trim() === '' ? {} : { text }), ...(fileUid ? { file_uid: fileUid } : {}) };
}
