import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteFile } from '../../../shared/transport/timelinesai/files';

const properties: INodeProperties[] = [
	{
		displayName: 'File UID',
		name: 'fileUid',
		type: 'string',
		required: true,
		default: '',
		description: 'The UID of the uploaded file',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	i: number,
): Promise<{ deleted: true; uid: string }> {
	const uid = this.getNodeParameter('fileUid', i) as string;
	await deleteFile(this, uid);
	return { deleted: true, uid };
}
