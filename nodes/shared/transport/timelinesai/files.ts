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
