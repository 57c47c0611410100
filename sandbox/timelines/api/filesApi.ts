// Uploaded files: POST /files_upload, GET /files (a bare array), GET|DELETE /files/{file_uid}, and the
// temporary download URLs (signed, "valid 15 minutes"; not an API operation, no token needed).
import { randomUUID } from 'node:crypto';

import type { SandboxResponse } from '../../server/http';
import { parseMultipart } from '../../server/multipart';
import { badRequest, notFound } from '../timelinesApiError';
import type { StoredFile } from '../timelinesTypes';
import { fileView } from '../timelinesViews';
import { ApiRequest, done, ok } from './apiRequest';

/** FileUploadForm: `file`, optional `filename` (≤1024), `content_type` (≤140), `caption`. */
export function uploadFile(r: ApiRequest): SandboxResponse {
	if (!/^multipart\/form-data/i.test(r.contentType))
		throw badRequest('Expected multipart/form-data with a "file" part', 'file');
	const parts = parseMultipart(r.body, r.contentType);
	const file =
		parts.find((p) => p.name === 'file' && p.fileName !== undefined) ??
		parts.find((p) => p.name === 'file');
	if (!file) throw badRequest('The "file" part is missing', 'file');
	if (file.data.length === 0) throw badRequest('The file is empty', 'file');
	const field = (name: string): string | undefined =>
		parts
			.find((p) => p.name === name)
			?.data.toString('utf8')
			.trim() || undefined;
	const filename = field('filename') ?? (file.fileName?.trim() || 'file');
	if (filename.length > 1024)
		throw badRequest('filename must be at most 1024 characters', 'filename');
	const mimetype =
		field('content_type') ?? (file.contentType?.split(';')[0].trim() || 'application/octet-stream');
	if (mimetype.length > 140)
		throw badRequest('content_type must be at most 140 characters', 'content_type');
	const stored: StoredFile = {
		uid: randomUUID(),
		filename,
		mimetype,
		size: file.data.length,
		data: file.data,
		uploaded: Date.now(),
		uploaded_by_email: r.sb.tokenOwner().email,
		source: 'upload',
	};
	r.sb.state.files.set(stored.uid, stored);
	return ok(fileView(r.sb, stored));
}

/** FileInfoList, newest first; `filename` = "a filename or any part of it … case insensitive". */
export function listFiles(r: ApiRequest): SandboxResponse {
	const part = r.query.get('filename')?.toLowerCase() ?? '';
	const files = [...r.sb.state.files.values()]
		.filter((f) => f.source === 'upload' && f.filename.toLowerCase().includes(part))
		.sort((x, y) => y.uploaded - x.uploaded);
	return ok(files.map((f) => fileView(r.sb, f, false)));
}

export function getFile(r: ApiRequest): SandboxResponse {
	return ok(fileView(r.sb, r.upload()));
}

export function deleteFile(r: ApiRequest): SandboxResponse {
	const file = r.upload();
	// Messages already sent keep their attachment; only the upload disappears from /files.
	const used = [...r.sb.state.messages.values()].some((m) => m.file_uids.includes(file.uid));
	if (used) file.source = 'message';
	else r.sb.state.files.delete(file.uid);
	return done('File deleted');
}

export function downloadFile(r: ApiRequest): SandboxResponse {
	const file = r.sb.state.files.get(r.params.file_uid);
	if (!file) throw notFound('File not found');
	// Header values must be Latin-1: non-ASCII characters of the name become "_" in Content-Disposition.
	return {
		status: 200,
		raw: {
			body: file.data,
			contentType: file.mimetype,
			fileName: file.filename.replace(/[^\x20-\x7e]/g, '_'),
		},
	};
}
