import type { IBinaryKeyData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadTimelinesFile } from '../../shared/transport/timelinesai/attachmentDownload';

/** An operation's output item that carries binary data as well as json. */
export class ItemWithBinary {
	constructor(
		readonly json: object,
		readonly binary: IBinaryKeyData,
	) {}
}

export const binaryOutputFields: INodeProperties[] = [
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	},
];

/**
 * Downloads a temporary TimelinesAI link (fetched from the API just before: they last 15 minutes) into
 * n8n binary data under the node's output field.
 */
export async function downloadToBinary(
	context: IExecuteFunctions,
	i: number,
	json: object,
	file: { url: string | undefined; fileName?: string },
): Promise<ItemWithBinary> {
	if (!file.url)
		throw new NodeOperationError(context.getNode(), 'TimelinesAI returned no download link', {
			itemIndex: i,
		});
	const field = (context.getNodeParameter('binaryPropertyName', i, 'data') as string).trim();
	const { data, mimetype } = await downloadTimelinesFile(context, file.url);
	const binary = await context.helpers.prepareBinaryData(
		data,
		file.fileName || undefined,
		mimetype,
	);
	return new ItemWithBinary(json, { [field || 'data']: binary });
}
