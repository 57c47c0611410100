import type { UploadableFile } from './multipartFile';
import type { DownloadedFile } from './attachmentDownload';
import { downloadTimelinesFile } from './attachmentDownload';
import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest, timelinesAiUpload } from './timelinesAiRequest';
import { filterQuery, listIn } from './timelinesPages';

/**
 * An uploaded file (FileInfoShort, public_api_spec.yaml); its `uid` is the `file_uid` of a message.
 * `temporary_download_url` comes only from `GET /files/{uid}` and lasts 15 minutes: fetch it right before use.
 */
export interface TimelinesFile {
	uid: string;
	filename?: string;
	size?: number;
	uploaded_by_email?: string;
	temporary_download_url?: string;
	[field: string]: unknown;
}

export async function uploadFile(
	context: TimelinesContext,
	file: UploadableFile,
): Promise<TimelinesFile> {
	return await timelinesAiUpload<TimelinesFile>(context, 'files_upload', file);
}

/** `GET /files`: every file at once, a bare array (no paging), optionally filtered by `filename`. */
export async function listFiles(
	context: TimelinesContext,
	filters: { filename?: string } = {},
): Promise<TimelinesFile[]> {
	return listIn<TimelinesFile>(
		await timelinesAiRequest<unknown>(context, 'GET', 'files', { qs: filterQuery(filters) }),
		'files',
	);
}

/** `GET /files/{uid}`: the file with a fresh `temporary_download_url` (valid 15 minutes). */
export async function getFile(context: TimelinesContext, uid: string): Promise<TimelinesFile> {
	return await timelinesAiRequest<TimelinesFile>(
		context,
		'GET',
		`files/${encodeURIComponent(uid)}`,
	);
}

export async function deleteFile(context: TimelinesContext, uid: string): Promise<void> {
	await timelinesAiRequest<unknown>(context, 'DELETE', `files/${encodeURIComponent(uid)}`);
}

/**
 * Downloads a message attachment from its `attachment_url` / `temporary_download_url`: pre-signed by
 * TimelinesAI and valid 15 minutes (public_api_spec.yaml), so it is fetched when needed, never stored; no
 * credential is sent with it (the token must never go to another host). Refuses bodies over `maxBytes`.
 * For a node without the TimelinesAI credential (the note writer): the link's own origin is trusted because
 * the TimelinesAI Trigger dropped every link it refuses (refusedAttachmentLink: name and DNS, against the
 * credential); redirects are followed by hand and every further hop is checked like any other link.
 */
export async function downloadTemporaryFile(
	context: TimelinesContext,
	url: string,
	maxBytes = Number.POSITIVE_INFINITY,
): Promise<DownloadedFile> {
	return await downloadTimelinesFile(context, url, maxBytes, { origin: new URL(url).origin });
}
