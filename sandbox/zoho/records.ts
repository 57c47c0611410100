import { ZohoError } from './zohoError';
import {
	batchStatus,
	duplicateError,
	findDuplicate,
	insertRecord,
	projectRecord,
	updateRecord,
} from './recordStore';
import type { WriteItem } from './recordStore';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import {
	convertedParam,
	dataItems,
	fieldsParam,
	jsonBody,
	pageParams,
	paginate,
	recordModule,
	visible,
	writeCredits,
} from './zohoRequest';
import { parseZohoTime } from './zohoTime';
import { isObject } from '../server/http';

export function getRecord(req: ZohoRequest, moduleName: string, id: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const fields = fieldsParam(req, false);
	const converted = convertedParam(req);
	if (!/^\d+$/.test(id))
		throw new ZohoError(400, 'INVALID_DATA', 'the related id given seems to be invalid', { id });
	const record = req.state.recordsOf(module.api_name).get(id);
	if (!record || !visible(record, converted)) return { status: 204 };
	return { status: 200, json: { data: [projectRecord(record, fields)] } };
}

/**
 * DELETE /{module}/{id}: the record goes (to Zoho's recycle bin, out of the API's reach) with its notes and
 * their attachments; a merge in Zoho deletes the merged-away record the same way.
 */
export function deleteRecord(req: ZohoRequest, moduleName: string, id: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const records = req.state.recordsOf(module.api_name);
	if (!records.has(id))
		throw new ZohoError(400, 'INVALID_DATA', 'the related id given seems to be invalid', { id });
	records.delete(id);
	for (const [noteId, note] of req.state.notes) {
		const parent = note.Parent_Id as { id?: unknown } | undefined;
		if (parent?.id !== id) continue;
		req.state.notes.delete(noteId);
		for (const [key, attachment] of req.state.attachments)
			if (attachment.parentId === noteId) req.state.attachments.delete(key);
	}
	return {
		status: 200,
		json: {
			data: [{ code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' }],
		},
	};
}

export function listRecords(req: ZohoRequest, moduleName: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const fields = fieldsParam(req, true);
	const converted = convertedParam(req);
	const { page, perPage } = pageParams(req);
	const ids = req.url.searchParams.get('ids')?.split(',');
	const all = [...req.state.recordsOf(module.api_name).values()].filter(
		(r) => visible(r, converted) && (!ids || ids.includes(r.id)),
	);
	const { data, info } = paginate(all, page, perPage);
	if (data.length === 0) return { status: 204 };
	return {
		status: 200,
		json: {
			data: data.map((r) => projectRecord(r, fields)),
			info: { ...info, sort_by: 'id', sort_order: 'desc' },
		},
	};
}

export function createRecords(req: ZohoRequest, moduleName: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const items = dataItems(req).map(
		(input, index) => insertRecord(req.state, module, input, index).item,
	);
	return {
		status: batchStatus(items, 201, 400, req.state.behaviour.partialSuccessStatus),
		json: { data: items },
		credits: writeCredits(items.length),
	};
}

export function assertUnmodifiedSince(req: ZohoRequest, modifiedTime: unknown): void {
	const header = req.headers['if-unmodified-since'];
	if (typeof header !== 'string' || typeof modifiedTime !== 'string') return;
	const since = parseZohoTime(header);
	if (Number.isNaN(since))
		throw new ZohoError(400, 'INVALID_DATA', 'invalid data', {
			header_name: 'If-Unmodified-Since',
		});
	// HTTP 412 is documented for If-Unmodified-Since on Update Records; the body code is UNVERIFIED
	// (third-party report: ALREADY_MODIFIED), so this is the stricter guess.
	if (parseZohoTime(modifiedTime) > since) {
		throw new ZohoError(
			412,
			'ALREADY_MODIFIED',
			'the record has been modified since the time given in If-Unmodified-Since',
			{ Modified_Time: modifiedTime },
		);
	}
}

export function updateRecords(req: ZohoRequest, moduleName: string, id?: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const inputs = dataItems(req);
	if (id !== undefined) {
		const existing = req.state.recordsOf(module.api_name).get(id);
		if (existing) assertUnmodifiedSince(req, existing.Modified_Time);
	}
	const items: WriteItem[] = inputs.map((input, index) => {
		const recordId = id ?? (isObject(input) && typeof input.id === 'string' ? input.id : undefined);
		if (recordId === undefined)
			return {
				code: 'MANDATORY_NOT_FOUND',
				details: { api_name: 'id', json_path: `$.data[${index}].id` },
				message: 'required field not found',
				status: 'error',
			};
		return updateRecord(req.state, module, recordId, input, index).item;
	});
	return {
		status: batchStatus(items, 200, 400, req.state.behaviour.partialSuccessStatus),
		json: { data: items },
		credits: writeCredits(items.length),
	};
}

/** System duplicate-check fields (Kaizen #56) used by upsert when duplicate_check_fields is omitted. */
const SYSTEM_DUPLICATE_CHECK: Record<string, string[]> = {
	Leads: ['Email'],
	Contacts: ['Email'],
	Accounts: ['Account_Name'],
};

export function upsertRecords(req: ZohoRequest, moduleName: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const body = jsonBody(req);
	const inputs = dataItems(req, body);
	const unique = module.fields.filter((f) => f.unique).map((f) => f.api_name);
	const requested = Array.isArray(body.duplicate_check_fields)
		? body.duplicate_check_fields.filter((f): f is string => typeof f === 'string')
		: undefined;
	const allowed = [...(SYSTEM_DUPLICATE_CHECK[module.api_name] ?? []), ...unique];
	const bad = requested?.find((f) => !allowed.includes(f));
	if (bad !== undefined)
		throw new ZohoError(400, 'INVALID_DATA', 'invalid data', {
			api_name: 'duplicate_check_fields',
			json_path: '$.duplicate_check_fields',
		});
	const checkFields = requested ?? allowed;
	const items: WriteItem[] = inputs.map((input, index) => {
		for (const name of checkFields) {
			const field = module.fields.find((f) => f.api_name === name);
			const value = isObject(input) ? input[name] : undefined;
			const match = field
				? findDuplicate(
						req.state,
						module,
						{ ...field, unique: field.unique ?? { casesensitive: false } },
						value,
					)
				: undefined;
			if (!match || !field) continue;
			if (match.Converted__s === true)
				return duplicateError(req.state, module, field, match, index);
			const { item } = updateRecord(req.state, module, match.id, input, index);
			return item.status === 'success'
				? { ...item, action: 'update' as const, duplicate_field: name }
				: item;
		}
		const { item } = insertRecord(req.state, module, input, index);
		return item.status === 'success'
			? { ...item, action: 'insert' as const, duplicate_field: null }
			: item;
	});
	return {
		status: batchStatus(items, 200, 400, req.state.behaviour.partialSuccessStatus),
		json: { data: items },
		credits: writeCredits(items.length),
	};
}
