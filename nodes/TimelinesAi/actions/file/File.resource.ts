import type { INodeProperties } from 'n8n-workflow';

import * as deleteFile from './delete.operation';
import * as download from './download.operation';
import * as getAll from './getAll.operation';
import * as upload from './upload.operation';

export { deleteFile as delete, download, getAll, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an uploaded file',
				action: 'Delete a file',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download an uploaded file as binary data',
				action: 'Download a file',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many uploaded files',
				action: 'Get many files',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file to send it with messages later',
				action: 'Upload a file',
			},
		],
		default: 'upload',
	},
	...deleteFile.description,
	...download.description,
	...getAll.description,
	...upload.description,
];
