import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TimelinesFile } from '../../../shared/transport/timelinesai/files';
import { uploadFile } from '../../../shared/transport/timelinesai/files';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to be uploaded',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: "Name to store the file under; empty keeps the binary field's file name",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['upload'] } },
	properties,
);

/** Returns the stored file; its `uid` is what Send to Chat / Send to Phone Number take as Attachment File UID. */
export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesFile> {
	const field = this.getNodeParameter('binaryPropertyName', i) as string;
	const options = this.getNodeParameter('options', i, {}) as { fileName?: string };
	const binary = this.helpers.assertBinaryData(i, field);
	const data = await this.helpers.getBinaryDataBuffer(i, field);
	const filename = options.fileName?.trim() || binary.fileName || 'file';
	return await uploadFile(this, { filename, mimetype: binary.mimeType, data });
}
