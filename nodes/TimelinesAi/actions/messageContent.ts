import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const messageTextField: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description: 'The message text; may be empty when an attachment is sent',
};

/** The body fields of a message: text and/or an attachment, never neither. */
export function messageContent(context: IExecuteFunctions, i: number, fileUid: string | undefined): { text?: string; file_uid?: string } {
	const text = context.getNodeParameter('text', i, '') as string;
	if (text.trim() === '' && !fileUid) {
		throw new NodeOperationError(context.getNode(), 'Text: the message is empty and has no attachment', { itemIndex: i });
	}
	return { ...(text.trim() === '' ? {} : { text }), ...(fileUid ? { file_uid: fileUid } : {}) };
}
