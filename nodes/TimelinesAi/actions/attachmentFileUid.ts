import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { uploadFile } from '../../shared/transport/timelinesai/files';

/** Uploads the item's binary field to TimelinesAI and returns the file's uid. */
export async function uploadBinaryField(
	context: IExecuteFunctions,
	i: number,
	binaryPropertyName: string,
): Promise<string> {
	const binary = context.helpers.assertBinaryData(i, binaryPropertyName);
	const data = await context.helpers.getBinaryDataBuffer(i, binaryPropertyName);
	const file = await uploadFile(context, {
		filename: binary.fileName ?? 'file',
		mimetype: binary.mimeType,
		data,
	});
	return file.uid;
}

/**
 * The `file_uid` to send with a message: the one given, or the upload of the binary field (sending then
 * costs 2 credits instead of 1, docs/api-facts.md, TimelinesAI); undefined when the message has no attachment.
 */
export async function attachmentFileUid(
	context: IExecuteFunctions,
	i: number,
	options: { binaryPropertyName?: string; fileUid?: string },
): Promise<string | undefined> {
	const binaryField = options.binaryPropertyName?.trim();
	const fileUid = options.fileUid?.trim();
	if (binaryField && fileUid) {
		throw new NodeOperationError(
			context.getNode(),
			`Set either Attachment Input Binary Field ("${binaryField}") or Attachment File UID ("${fileUid}"), not both`,
			{ itemIndex: i },
		);
	}
	if (fileUid) return fileUid;
	return binaryField ? await uploadBinaryField(context, i, binaryField) : undefined;
}
