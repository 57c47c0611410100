import type { UploadableFile } from './multipartFile';
import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest, timelinesAiUpload } from './timelinesAiRequest';
import type { TimelinesPage } from './timelinesPages';
import { pageOf } from './timelinesPages';

/** An uploaded file; its `uid` is the `file_uid` of a message (timelinesai.md "files"). */
export interface TimelinesFile {
	uid: string;
	filename?: string;
	size?: number;
	[field: string]: unknown;
}

export async function uploadFile(context: TimelinesContext, file: UploadableFile): Promise<TimelinesFile> {
	return await timelinesAiUpload<TimelinesFile>(context, 'files_upload', file);
}

export async function listFilesPage(context: TimelinesContext, page: number): Promise<TimelinesPage<TimelinesFile>> {
	return pageOf<TimelinesFile>(await timelinesAiRequest<unknown>(context, 'GET', 'files', { qs: { page } }), 'files');
}

export async function deleteFile(context: TimelinesContext, uid: string): Promise<void> {
	await timelinesAiRequest<unknown>(context, 'DELETE', `files/${encodeURIComponent(uid)}`);
}

/**
 * Downloads a message attachment from its `temporary_download_url`: pre-signed by TimelinesAI, so no
 * credential is sent with it (the token must never go to another host). Refuses bodies over `maxBytes`.
 */
export async function downloadTemporaryFile(
	context: TimelinesContext,
	url: string,
	maxBytes = Number.POSITIVE_INFINITY,
): Promise<{ data: Buffer; mimetype?: string }> {
	const response = (await context.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer', returnFullResponse: true })) as {
		body: ArrayBuffer | Buffer;
		headers: Record<string, string | string[] | undefined>;
	};
	const data = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
	if (data.length > maxBytes) throw new Error(`The attachment is larger than ${maxBytes} bytes`);
	const type = response.headers['content-type'];
	return { data, mimetype: typeof type === 'string' ? type.split(';')[0] : undefined };
}
