import { isObject } from '../server/http';
import { batchStatus, projectRecord, successItem } from './recordStore';
import type { WriteItem } from './recordStore';
import { assertUnmodifiedSince } from './records';
import { ZohoError, zohoErrorBody } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import {
	dataItems,
	fieldsParam,
	pageParams,
	paginate,
	param,
	recordModule,
	writeCredits,
} from './zohoRequest';
import type { ZohoState } from './zohoState';
import type { StoredRecord } from './zohoTypes';

interface NoteParent {
	module: string;
	id: string;
}

function checkNoteFields(
	state: ZohoState,
	input: Record<string, unknown>,
	index: number,
	creating: boolean,
): ZohoErrorBody | undefined {
	const path = (field: string): Record<string, unknown> => ({
		api_name: field,
		json_path: `$.data[${index}].${field}`,
	});
	const content = input.Note_Content;
	if (creating && (typeof content !== 'string' || content === ''))
		return zohoErrorBody('MANDATORY_NOT_FOUND', 'required field not found', path('Note_Content'));
	if (content !== undefined && typeof content !== 'string')
		return zohoErrorBody('INVALID_DATA', 'invalid data', {
			...path('Note_Content'),
			expected_data_type: 'textarea',
		});
	if (typeof content === 'string' && content.length > state.noteMaxLength) {
		return zohoErrorBody('INVALID_DATA', 'invalid data', {
			...path('Note_Content'),
			maximum_length: state.noteMaxLength,
		});
	}
	const title = input.Note_Title;
	if (title !== undefined && title !== null && typeof title !== 'string')
		return zohoErrorBody('INVALID_DATA', 'invalid data', {
			...path('Note_Title'),
			expected_data_type: 'text',
		});
	if (typeof title === 'string' && title.length > state.noteTitleMaxLength)
		return zohoErrorBody('INVALID_DATA', 'invalid data', {
			...path('Note_Title'),
			maximum_length: state.noteTitleMaxLength,
		});
	return undefined;
}

type ZohoErrorBody = ReturnType<typeof zohoErrorBody>;

/** Creates a note; the parent must exist and not be a converted lead (stricter reading, UNVERIFIED). */
export function insertNote(
	state: ZohoState,
	parent: NoteParent,
	input: Record<string, unknown>,
	index: number,
): WriteItem {
	const module = state.module(parent.module);
	const record = module ? state.recordsOf(module.api_name).get(parent.id) : undefined;
	if (!module || !record)
		return zohoErrorBody('INVALID_DATA', 'the related id given seems to be invalid', {
			api_name: 'Parent_Id',
			json_path: `$.data[${index}].Parent_Id`,
		});
	if (record.Converted__s === true)
		return zohoErrorBody('CONVERTED_RECORD', "can't update the converted record", {
			id: record.id,
		});
	const error = checkNoteFields(state, input, index, true);
	if (error) return error;
	const time = state.writeTime();
	const me = state.minifiedUser();
	const name =
		typeof record.Full_Name === 'string'
			? record.Full_Name
			: typeof record.Account_Name === 'string'
				? record.Account_Name
				: '';
	const note: StoredRecord = {
		id: state.newId(),
		Note_Title: typeof input.Note_Title === 'string' ? input.Note_Title : null,
		Note_Content: input.Note_Content,
		Parent_Id: { module: { api_name: module.api_name, id: module.id }, id: record.id, name },
		Owner: me,
		Created_Time: time,
		Modified_Time: time,
		Created_By: me,
		Modified_By: me,
		$attachments: null,
		$editable: true,
		$is_shared_to_client: false,
		$sharing_permission: 'full_access',
		$state: 'save',
		$voice_note: false,
		$size: null,
	};
	state.notes.set(note.id, note);
	return successItem(note, 'record added');
}

function parentOf(value: unknown): NoteParent | undefined {
	if (
		!isObject(value) ||
		typeof value.id !== 'string' ||
		!isObject(value.module) ||
		typeof value.module.api_name !== 'string'
	)
		return undefined;
	return { module: value.module.api_name, id: value.id };
}

export function notesOf(state: ZohoState, module: string, id: string): StoredRecord[] {
	return [...state.notes.values()].filter(
		(n) =>
			isObject(n.Parent_Id) &&
			n.Parent_Id.id === id &&
			isObject(n.Parent_Id.module) &&
			n.Parent_Id.module.api_name === module,
	);
}

function sorted(req: ZohoRequest, notes: StoredRecord[]): StoredRecord[] {
	const by = param(req, 'sort_by') ?? 'Created_Time';
	if (!['Created_Time', 'Modified_Time', 'id'].includes(by))
		throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'sort_by' });
	const desc = (param(req, 'sort_order') ?? 'asc') === 'desc';
	const key = (n: StoredRecord): string =>
		by === 'id'
			? n.id.padStart(20, '0')
			: `${String(Date.parse(String(n[by]))).padStart(15, '0')}${n.id.padStart(20, '0')}`;
	return [...notes].sort((a, b) => (key(a) < key(b) ? -1 : 1) * (desc ? -1 : 1));
}

function listing(req: ZohoRequest, notes: StoredRecord[]): ZohoResult {
	const fields = fieldsParam(req, true);
	const { page, perPage } = pageParams(req);
	const { data, info } = paginate(sorted(req, notes), page, perPage);
	if (data.length === 0) return { status: 204 };
	return { status: 200, json: { data: data.map((n) => projectRecord(n, fields)), info } };
}

/** GET /{module}/{id}/Notes (fields required since v6; oldest first by default). */
export function listRecordNotes(req: ZohoRequest, moduleName: string, id: string): ZohoResult {
	const module = recordModule(req, moduleName);
	fieldsParam(req, true);
	if (!req.state.recordsOf(module.api_name).has(id))
		throw new ZohoError(400, 'INVALID_DATA', 'the related id given seems to be invalid', { id });
	return listing(req, notesOf(req.state, module.api_name, id));
}

/**
 * Credits of a note write of `count` notes: like records (1 per 10) or 1 per note, by the behaviour switch
 * noteWriteMetering (Zoho's credit table does not say how notes are metered, docs/api-facts.md Zoho §10).
 */
function noteWriteCredits(req: ZohoRequest, count: number): number {
	return req.state.behaviour.noteWriteMetering === 'perNote'
		? Math.max(1, count)
		: writeCredits(count);
}

/**
 * GET /Notes (optionally `ids=` comma-separated): "Users with an admin profile can access the following
 * endpoint: GET /Notes" (docs/api-facts.md Zoho §10), so a connection whose user is not an administrator gets
 * 403 NO_PERMISSION. The most ids per call is not documented; the answer holds at most a page (200).
 */
export function listNotes(req: ZohoRequest): ZohoResult {
	if (!req.state.currentUser.isAdmin)
		throw new ZohoError(403, 'NO_PERMISSION', 'permission denied');
	const ids = param(req, 'ids');
	const wanted = ids === undefined ? undefined : new Set(ids.split(',').map((id) => id.trim()));
	const notes = [...req.state.notes.values()].filter(
		(note) => wanted === undefined || wanted.has(String(note.id)),
	);
	return listing(req, notes);
}

/** POST /{module}/{id}/Notes — Parent_Id comes from the path. */
export function createRecordNotes(req: ZohoRequest, moduleName: string, id: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const items = dataItems(req).map((input, index) =>
		isObject(input)
			? insertNote(req.state, { module: module.api_name, id }, input, index)
			: zohoErrorBody('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` }),
	);
	return {
		status: batchStatus(items, 201, 202, req.state.behaviour.partialSuccessStatus),
		json: { data: items },
		credits: noteWriteCredits(req, items.length),
	};
}

/** POST /Notes — v8 requires `Parent_Id: {module:{api_name}, id}`; the v2–v5 string + se_module shape is refused. */
export function createNotes(req: ZohoRequest): ZohoResult {
	const items = dataItems(req).map((input, index): WriteItem => {
		if (!isObject(input))
			return zohoErrorBody('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` });
		if (input.Parent_Id === undefined)
			return zohoErrorBody('MANDATORY_NOT_FOUND', 'required field not found', {
				api_name: 'Parent_Id',
				json_path: `$.data[${index}].Parent_Id`,
			});
		const parent = parentOf(input.Parent_Id);
		if (!parent)
			return zohoErrorBody('INVALID_DATA', 'invalid data', {
				api_name: 'Parent_Id',
				json_path: `$.data[${index}].Parent_Id`,
				expected_data_type: 'jsonobject',
			});
		return insertNote(req.state, parent, input, index);
	});
	return {
		status: batchStatus(items, 201, 202, req.state.behaviour.partialSuccessStatus),
		json: { data: items },
		credits: noteWriteCredits(req, items.length),
	};
}

export function getNote(req: ZohoRequest, id: string): ZohoResult {
	const fields = fieldsParam(req, true);
	const note = req.state.notes.get(id);
	return note ? { status: 200, json: { data: [projectRecord(note, fields)] } } : { status: 204 };
}

function updateNote(req: ZohoRequest, id: string, input: unknown, index: number): WriteItem {
	const note = req.state.notes.get(id);
	if (!note)
		return req.state.deletedNoteAnswer === 'not_allowed'
			? zohoErrorBody('NOT_ALLOWED', 'the record is not available for this operation', { id })
			: zohoErrorBody('INVALID_DATA', 'the related id given seems to be invalid', {
					api_name: 'id',
					json_path: `$.data[${index}].id`,
				});
	if (!isObject(input))
		return zohoErrorBody('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` });
	const error = checkNoteFields(req.state, input, index, false);
	if (error) return error;
	if (typeof input.Note_Content === 'string') note.Note_Content = input.Note_Content;
	if (input.Note_Title !== undefined) note.Note_Title = input.Note_Title;
	note.Modified_Time = req.state.writeTime(note.Modified_Time);
	note.Modified_By = req.state.minifiedUser();
	return successItem(note, 'record updated');
}

/** PUT /Notes/{id} (If-Unmodified-Since honoured → 412) and PUT /Notes (ids in the items). */
export function updateNotes(req: ZohoRequest, id?: string): ZohoResult {
	const inputs = dataItems(req);
	if (id !== undefined) {
		const note = req.state.notes.get(id);
		// Documented for records only; for notes a behaviour switch (honourIfUnmodifiedSince).
		if (note && req.state.behaviour.honourIfUnmodifiedSince)
			assertUnmodifiedSince(req, note.Modified_Time);
	}
	const items = inputs.map((input, index) => {
		const noteId = id ?? (isObject(input) && typeof input.id === 'string' ? input.id : undefined);
		return noteId === undefined
			? zohoErrorBody('MANDATORY_NOT_FOUND', 'required field not found', {
					api_name: 'id',
					json_path: `$.data[${index}].id`,
				})
			: updateNote(req, noteId, input, index);
	});
	return {
		status: batchStatus(items, 200, 400, req.state.behaviour.partialSuccessStatus),
		json: { data: items },
		credits: noteWriteCredits(req, items.length),
	};
}

export function deleteNote(req: ZohoRequest, id: string): ZohoResult {
	const note = req.state.notes.get(id);
	if (!note)
		return {
			status: 400,
			json: {
				data: [zohoErrorBody('INVALID_DATA', 'the related id given seems to be invalid', { id })],
			},
		};
	req.state.notes.delete(id);
	for (const [key, attachment] of req.state.attachments)
		if (attachment.parentId === id) req.state.attachments.delete(key);
	return {
		status: 200,
		json: {
			data: [{ code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' }],
		},
	};
}
