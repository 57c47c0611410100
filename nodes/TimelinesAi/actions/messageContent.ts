import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_MESSAGE_TEXT_LENGTH } from '../../shared/transport/timelinesai/messages';

export const messageTextField: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description: 'The message text, up to 2,000 characters; may be empty when an attachment is sent',
};

/** The body fields of a message: text and/or an attachment, never neither. */
export function messageContent(context: IExecuteFunctions, i: number, fileUid: string | undefined): { text?: string; file_uid?: string } {
	const text = context.getNodeParameter('text', i, '') as string;
	if (text.trim() === '' && !fileUid) {
		throw new NodeOperationError(context.getNode(), 'Text: the message is empty and has no attachment', { itemIndex: i });
	}
	if (text.length > MAX_MESSAGE_TEXT_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			`Text: ${text.length.toLocaleString('en-US')} characters, but TimelinesAI accepts at most ${MAX_MESSAGE_TEXT_LENGTH.toLocaleString('en-US')} per message`,
			{ itemIndex: i, description: 'Shorten the text, or split it into several messages (for example with a Code node before this one).' },
		);
	}
	return { ...(text.trim() === '' ? {} : { text }), ...(fileUid ? { file_uid: fileUid } : {}) };
}
