import { parseMultipart } from '../server/multipart';
import { projectRecord } from './recordStore';
import { ZohoError } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import { fieldsParam, pageParams, paginate, param } from './zohoRequest';
import type { StoredAttachment, StoredRecord } from './zohoTypes';

/** 20 MB: stricter than the 100 MB of the v2 docs (the v8 limit is UNVERIFIED). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

function parentExists(
	req: ZohoRequest,
	module: string,
	id: string,
): { module: string; name: string } {
	if (module.toLowerCase() === 'notes') {
		const note = req.state.notes.get(id);
		if (note)
			return { module: 'Notes', name: typeof note.Note_Title === 'string' ? note.Note_Title : '' };
	} else {
		const def = req.state.module(module);
		const record = def ? req.state.recordsOf(def.api_name).get(id) : undefined;
		if (def && record)
			return {
				module: def.api_name,
				name:
					typeof record.Full_Name === 'string'
						? record.Full_Name
						: String(record.Account_Name ?? ''),
			};
		if (!def)
			throw new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
	}
	throw new ZohoError(400, 'INVALID_DATA', 'the related id given seems to be invalid', { id });
}

function view(req: ZohoRequest, a: StoredAttachment, parentName: string): StoredRecord {
	const owner = req.state.users.find((u) => u.id === a.ownerId) ?? req.state.currentUser;
	const user = req.state.minifiedUser(owner);
	return {
		id: a.id,
		File_Name: a.File_Name,
		Size: String(a.Size),
		$file_id: a.linkUrl ? null : `${a.id}file`,
		$type: a.linkUrl ? 'Link URL' : 'Attachment',
		$link_url: a.linkUrl ?? null,
		$se_module: a.parentModule,
		$editable: true,
		$sharing_permission: 'full_access',
		Parent_Id: { id: a.parentId, name: parentName },
		Owner: user,
		Created_By: user,
		Modified_By: user,
		Created_Time: a.Created_Time,
		Modified_Time: a.Modified_Time,
	};
}

/** POST /{module}/{id}/Attachments — multipart `file`, or `attachmentUrl` (+ `title`); one per call. */
export function uploadAttachment(req: ZohoRequest, module: string, id: string): ZohoResult {
	const parent = parentExists(req, module, id);
	const link = param(req, 'attachmentUrl');
	let attachment: Omit<StoredAttachment, 'id' | 'Created_Time' | 'Modified_Time' | 'ownerId'>;
	if (link !== undefined) {
		if (!/^https?:\/\/\S+$/i.test(link))
			throw new ZohoError(
				400,
				'INVALID_URL_PATTERN',
				'Please check if the URL trying to access is a correct one',
				{ param: 'attachmentUrl' },
			);
		attachment = {
			parentModule: parent.module,
			parentId: id,
			File_Name: param(req, 'title') ?? link,
			Size: 0,
			contentType: 'text/uri-list',
			linkUrl: link,
		};
	} else {
		const type = req.headers['content-type'] ?? '';
		if (!type.toLowerCase().startsWith('multipart/form-data'))
			throw new ZohoError(415, 'INVALID_REQUEST', 'unsupported media type', {
				expected: 'multipart/form-data',
			});
		const file = parseMultipart(req.body, type).find(
			(p) => p.name === 'file' && p.fileName !== undefined,
		);
		if (!file)
			throw new ZohoError(
				400,
				'REQUIRED_PARAM_MISSING',
				'One of the expected parameter is missing',
				{ param: 'file' },
			);
		if (file.data.length > MAX_ATTACHMENT_BYTES)
			throw new ZohoError(
				400,
				'FILE_SIZE_MORE_THAN_ALLOWED_SIZE',
				'file size is more than the allowed size',
				{ maximum_size: MAX_ATTACHMENT_BYTES },
			);
		attachment = {
			parentModule: parent.module,
			parentId: id,
			File_Name: file.fileName ?? 'file',
			Size: file.data.length,
			contentType: file.contentType ?? 'application/octet-stream',
			contentBase64: file.data.toString('base64'),
		};
	}
	const time = req.state.writeTime();
	const stored: StoredAttachment = {
		...attachment,
		id: req.state.newId(),
		Created_Time: time,
		Modified_Time: time,
		ownerId: req.state.currentUser.id,
	};
	req.state.attachments.set(stored.id, stored);
	const me = req.state.minifiedUser();
	return {
		status: 200,
		json: {
			data: [
				{
					code: 'SUCCESS',
					details: {
						Modified_Time: time,
						Modified_By: me,
						Created_Time: time,
						id: stored.id,
						Created_By: me,
					},
					message: 'attachment uploaded successfully',
					status: 'success',
				},
			],
		},
	};
}

export function attachmentsOf(req: ZohoRequest, module: string, id: string): StoredAttachment[] {
	return [...req.state.attachments.values()].filter(
		(a) => a.parentId === id && a.parentModule.toLowerCase() === module.toLowerCase(),
	);
}

/** GET /{module}/{id}/Attachments (fields required, 204 when none). */
export function listAttachments(req: ZohoRequest, module: string, id: string): ZohoResult {
	const fields = fieldsParam(req, true);
	const parent = parentExists(req, module, id);
	const { page, perPage } = pageParams(req);
	const { data, info } = paginate(attachmentsOf(req, parent.module, id), page, perPage);
	if (data.length === 0) return { status: 204 };
	return {
		status: 200,
		json: { data: data.map((a) => projectRecord(view(req, a, parent.name), fields)), info },
	};
}

/** GET /{module}/{id}/Attachments/{attachment_id} — the file bytes (204 when gone). */
export function downloadAttachment(
	req: ZohoRequest,
	module: string,
	id: string,
	attachmentId: string,
): ZohoResult {
	parentExists(req, module, id);
	const attachment = req.state.attachments.get(attachmentId);
	if (!attachment || attachment.parentId !== id) return { status: 204 };
	if (attachment.linkUrl) return { status: 302, headers: { Location: attachment.linkUrl } };
	return {
		status: 200,
		raw: {
			body: Buffer.from(attachment.contentBase64 ?? '', 'base64'),
			contentType: attachment.contentType,
			fileName: attachment.File_Name,
		},
	};
}

export function deleteAttachment(
	req: ZohoRequest,
	module: string,
	id: string,
	attachmentId: string,
): ZohoResult {
	parentExists(req, module, id);
	if (!req.state.attachments.delete(attachmentId))
		throw new ZohoError(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
			id: attachmentId,
		});
	return {
		status: 200,
		json: {
			data: [
				{
					code: 'SUCCESS',
					details: { id: attachmentId },
					message: 'record deleted',
					status: 'success',
				},
			],
		},
	};
}
