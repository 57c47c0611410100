import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getMessage } from '../../../shared/transport/timelinesai/messages';
import type { ItemWithBinary } from '../binaryOutput';
import { binaryOutputFields, downloadToBinary } from '../binaryOutput';
import { messageUidField } from '../common.descriptions';

const properties: INodeProperties[] = [messageUidField, ...binaryOutputFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['downloadAttachment'] } },
	properties,
);

/** The message (json) and its attachment (binary), from a fresh `attachment_url`. */
export async function execute(this: IExecuteFunctions, i: number): Promise<ItemWithBinary> {
	const message = await getMessage(this, this.getNodeParameter('messageUid', i) as string);
	const url = typeof message.attachment_url === 'string' ? message.attachment_url : '';
	if (!url)
		throw new NodeOperationError(this.getNode(), `Message ${message.uid} has no attachment`, {
			itemIndex: i,
		});
	const fileName =
		typeof message.attachment_filename === 'string' ? message.attachment_filename : undefined;
	return await downloadToBinary(this, i, message, { url, fileName });
}
