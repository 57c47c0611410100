import { isObject } from '../server/http';
import type { ZohoErrorBody } from './zohoError';
import { zohoErrorBody } from './zohoError';
import type { ZohoState } from './zohoState';
import type { FieldDefinition, ModuleDefinition, StoredRecord } from './zohoTypes';

export interface WriteSuccess {
	code: 'SUCCESS';
	details: Record<string, unknown>;
	message: string;
	status: 'success';
	action?: 'insert' | 'update';
	duplicate_field?: string | null;
}
export type WriteItem = WriteSuccess | ZohoErrorBody;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'picklist']);

function itemError(
	code: string,
	message: string,
	field: string,
	index: number,
	extra: Record<string, unknown> = {},
): ZohoErrorBody {
	return zohoErrorBody(code, message, {
		api_name: field,
		json_path: `$.data[${index}].${field}`,
		...extra,
	});
}

function checkField(
	state: ZohoState,
	field: FieldDefinition,
	value: unknown,
	index: number,
): ZohoErrorBody | undefined {
	if (value === null) return undefined;
	const invalid = (extra: Record<string, unknown> = {}): ZohoErrorBody =>
		itemError('INVALID_DATA', 'invalid data', field.api_name, index, extra);
	if (TEXT_TYPES.has(field.data_type)) {
		if (typeof value !== 'string') return invalid({ expected_data_type: field.data_type });
		if (field.length !== undefined && value.length > field.length)
			return invalid({ maximum_length: field.length });
		if (field.data_type === 'email' && value !== '' && !EMAIL.test(value))
			return invalid({ expected_data_type: 'email' });
		return undefined;
	}
	if (field.data_type === 'multiselectpicklist') {
		return Array.isArray(value) && value.every((v) => typeof v === 'string')
			? undefined
			: invalid({ expected_data_type: 'jsonarray' });
	}
	if (field.data_type === 'boolean')
		return typeof value === 'boolean' ? undefined : invalid({ expected_data_type: 'boolean' });
	if (field.data_type === 'ownerlookup') {
		const id = isObject(value) ? value.id : undefined;
		const user = state.users.find((u) => u.id === id && u.status === 'active');
		return user ? undefined : invalid({ expected_data_type: 'lookup' });
	}
	if (field.data_type === 'lookup') {
		const id = isObject(value) ? value.id : undefined;
		const target =
			typeof id === 'string' && field.lookup_module
				? state.recordsOf(field.lookup_module).get(id)
				: undefined;
		return target ? undefined : invalid({ expected_data_type: 'lookup' });
	}
	return undefined;
}

function sameValue(a: unknown, b: unknown, caseSensitive: boolean): boolean {
	if (typeof a !== 'string' || typeof b !== 'string') return false;
	return caseSensitive ? a.trim() === b.trim() : a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The other record of the module holding this unique value (converted leads included — stricter). */
export function findDuplicate(
	state: ZohoState,
	module: ModuleDefinition,
	field: FieldDefinition,
	value: unknown,
	excludeId?: string,
): StoredRecord | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	for (const record of state.recordsOf(module.api_name).values()) {
		if (
			record.id !== excludeId &&
			sameValue(record[field.api_name], value, field.unique?.casesensitive ?? false)
		)
			return record;
	}
	return undefined;
}

export function duplicateError(
	state: ZohoState,
	module: ModuleDefinition,
	field: FieldDefinition,
	duplicate: StoredRecord,
	index: number,
): ZohoErrorBody {
	const owner = isObject(duplicate.Owner) ? duplicate.Owner : {};
	const user = state.users.find((u) => u.id === owner.id) ?? state.currentUser;
	return itemError('DUPLICATE_DATA', 'duplicate data', field.api_name, index, {
		duplicate_record: {
			Owner: { name: user.full_name, id: user.id, zuid: user.zuid },
			module: { api_name: module.api_name, id: module.id },
			id: duplicate.id,
		},
		more_records: false,
	});
}

/**
 * Validates one input record. Unknown api_names are refused with INVALID_DATA (stricter reading: Zoho's
 * docs don't say whether it ignores them); read-only and `$` keys are ignored as Zoho does.
 */
export function validateInput(
	state: ZohoState,
	module: ModuleDefinition,
	input: unknown,
	index: number,
	existing?: StoredRecord,
): { values: Record<string, unknown> } | { error: ZohoErrorBody } {
	if (!isObject(input))
		return {
			error: zohoErrorBody('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` }),
		};
	const values: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(input)) {
		if (key === 'id' || key.startsWith('$')) continue;
		const field = module.fields.find((f) => f.api_name === key);
		if (!field) return { error: itemError('INVALID_DATA', 'invalid data', key, index) };
		if (field.read_only) continue;
		const error = checkField(state, field, value, index);
		if (error) return { error };
		values[key] =
			field.data_type === 'ownerlookup' && isObject(value) ? ownerOf(state, value.id) : value;
	}
	for (const field of module.fields.filter((f) => f.system_mandatory)) {
		const value = field.api_name in values ? values[field.api_name] : existing?.[field.api_name];
		if (value === undefined || value === null || value === '')
			return {
				error: itemError('MANDATORY_NOT_FOUND', 'required field not found', field.api_name, index),
			};
	}
	for (const field of module.fields.filter((f) => f.unique && f.api_name in values)) {
		const duplicate = findDuplicate(state, module, field, values[field.api_name], existing?.id);
		if (duplicate) return { error: duplicateError(state, module, field, duplicate, index) };
	}
	return { values };
}

function ownerOf(state: ZohoState, id: unknown): Record<string, unknown> {
	const user = state.users.find((u) => u.id === id) ?? state.currentUser;
	return state.minifiedUser(user);
}

function withComputed(module: ModuleDefinition, record: StoredRecord): StoredRecord {
	if (module.fields.some((f) => f.api_name === 'Full_Name')) {
		record.Full_Name = [record.First_Name, record.Last_Name]
			.filter((p) => typeof p === 'string' && p !== '')
			.join(' ');
	}
	return record;
}

export function successItem(record: StoredRecord, message: string): WriteSuccess {
	return {
		code: 'SUCCESS',
		details: {
			Modified_Time: record.Modified_Time,
			Modified_By: record.Modified_By,
			Created_Time: record.Created_Time,
			id: record.id,
			Created_By: record.Created_By,
			$approval_state: 'approved',
		},
		message,
		status: 'success',
	};
}

/** Inserts one record synchronously (check-then-insert with no await in between: atomic under concurrency). */
export function insertRecord(
	state: ZohoState,
	module: ModuleDefinition,
	input: unknown,
	index: number,
): { item: WriteItem; record?: StoredRecord } {
	const result = validateInput(state, module, input, index);
	if ('error' in result) return { item: result.error };
	const time = state.writeTime();
	const me = state.minifiedUser();
	const record: StoredRecord = {
		Owner: me,
		...result.values,
		id: state.newId(),
		Created_Time: time,
		Modified_Time: time,
		Created_By: me,
		Modified_By: me,
		$approval_state: 'approved',
		$editable: true,
	};
	if (module.api_name === 'Leads')
		Object.assign(record, {
			Converted__s: false,
			Converted_Contact: null,
			Converted_Account: null,
			Converted_Date_Time: null,
			$converted: false,
			$converted_detail: {},
		});
	state.recordsOf(module.api_name).set(record.id, withComputed(module, record));
	state.indexForSearch(record.id);
	return { item: successItem(record, 'record added'), record };
}

/** Updates one record; converted leads refuse with CONVERTED_RECORD (code in the OAS record.json error enum). */
export function updateRecord(
	state: ZohoState,
	module: ModuleDefinition,
	id: string,
	input: unknown,
	index: number,
): { item: WriteItem; record?: StoredRecord } {
	const existing = state.recordsOf(module.api_name).get(id);
	if (!existing)
		return {
			item: zohoErrorBody('INVALID_DATA', 'the related id given seems to be invalid', {
				api_name: 'id',
				json_path: `$.data[${index}].id`,
			}),
		};
	if (existing.Converted__s === true)
		return { item: zohoErrorBody('CONVERTED_RECORD', "can't update the converted record", { id }) };
	const result = validateInput(state, module, input, index, existing);
	if ('error' in result) return { item: result.error };
	const phoneFields = module.fields.filter((f) => f.data_type === 'phone').map((f) => f.api_name);
	if (phoneFields.some((f) => f in result.values && result.values[f] !== existing[f]))
		state.indexForSearch(id);
	Object.assign(existing, result.values, {
		Modified_Time: state.writeTime(existing.Modified_Time),
		Modified_By: state.minifiedUser(),
	});
	withComputed(module, existing);
	return { item: successItem(existing, 'record updated'), record: existing };
}

/** Copy of a record limited to the requested fields (id always included), as GET/search return it. */
export function projectRecord(record: StoredRecord, fields: string[] | undefined): StoredRecord {
	if (!fields || fields.length === 0) return { ...record };
	const out: StoredRecord = { id: record.id };
	for (const field of fields) if (field in record) out[field] = record[field];
	return out;
}

/** HTTP status for a batch write: all ok → success status, all failed → failure status, mixed → 202 (stricter reading). */
export function batchStatus(
	items: WriteItem[],
	successStatus: number,
	allFailedStatus: number,
	/** Some written, some not: the behaviour switch partialSuccessStatus (202 or 207). */
	partialStatus: number,
): number {
	const failed = items.filter((item) => item.status === 'error').length;
	if (failed === 0) return successStatus;
	return failed === items.length ? allFailedStatus : partialStatus;
}
