import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getFile } from '../../../shared/transport/timelinesai/files';
import type { ItemWithBinary } from '../binaryOutput';
import { binaryOutputFields, downloadToBinary } from '../binaryOutput';

const properties: INodeProperties[] = [
	{
		displayName: 'File UID',
		name: 'fileUid',
		type: 'string',
		required: true,
		default: '',
		description: 'UID of a file uploaded to TimelinesAI (File → Upload or Get Many)',
	},
	...binaryOutputFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['download'] } },
	properties,
);

/** The file's details (json) and content (binary), from a fresh `temporary_download_url`. */
export async function execute(this: IExecuteFunctions, i: number): Promise<ItemWithBinary> {
	const file = await getFile(this, (this.getNodeParameter('fileUid', i) as string).trim());
	const { temporary_download_url: url, ...details } = file;
	return await downloadToBinary(this, i, details, { url, fileName: file.filename });
}
