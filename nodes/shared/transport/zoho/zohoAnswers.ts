import type {
	ZohoAttachment,
	ZohoFieldMeta,
	ZohoModuleMeta,
	ZohoNote,
	ZohoPicklistValue,
	ZohoRecord,
	ZohoUser,
} from './zohoCrmApi';
import type { ZohoItemResult } from './zohoApiError';

/*
 * Zoho's answers parsed, not cast: each parser checks the fields the pack relies on (shapes from Zoho's
 * v8 OpenAPI files: record.json, notes.json, attachments.json, users.json, modules.json, fields.json,
 * common.json) and drops an element that lacks its identity. Nothing outside the transport sees raw JSON.
 */

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: undefined;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : undefined;
const flag = (value: unknown): boolean | undefined =>
	typeof value === 'boolean' ? value : undefined;
const textOrNull = (value: unknown): string | null | undefined =>
	value === null ? null : text(value);

/** `body[key]` parsed element by element; anything that is not a list reads as none. */
export function listIn<T>(
	body: unknown,
	key: string,
	parse: (value: unknown) => T | undefined,
): T[] {
	const list = object(body)?.[key];
	return Array.isArray(list)
		? list.map(parse).filter((value): value is T => value !== undefined)
		: [];
}

/** `info.more_records` of a list answer. */
export function hasMoreRecords(body: unknown): boolean {
	return object(object(body)?.info)?.more_records === true;
}

export function parseRecord(value: unknown): ZohoRecord | undefined {
	const record = object(value);
	return record && typeof record.id === 'string'
		? ({ ...record, id: record.id } as ZohoRecord)
		: undefined;
}

export function parseNote(value: unknown): ZohoNote | undefined {
	const note = object(value);
	if (!note || typeof note.id !== 'string') return undefined;
	return {
		id: note.id,
		Note_Title: textOrNull(note.Note_Title),
		Note_Content: textOrNull(note.Note_Content),
		Created_Time: text(note.Created_Time),
		Modified_Time: text(note.Modified_Time),
	};
}

export function parseAttachment(value: unknown): ZohoAttachment | undefined {
	const attachment = object(value);
	if (!attachment || typeof attachment.id !== 'string') return undefined;
	const size = attachment.Size;
	return {
		id: attachment.id,
		File_Name: text(attachment.File_Name),
		Size: typeof size === 'number' || typeof size === 'string' ? size : undefined,
	};
}

export function parseUser(value: unknown): ZohoUser | undefined {
	const user = object(value);
	if (!user || typeof user.id !== 'string') return undefined;
	const profileName = text(object(user.profile)?.name);
	return {
		id: user.id,
		email: text(user.email) ?? '',
		full_name: text(user.full_name),
		status: text(user.status),
		...(profileName === undefined ? {} : { profileName }),
	};
}

export function parseModule(value: unknown): ZohoModuleMeta | undefined {
	const module = object(value);
	if (!module || typeof module.api_name !== 'string') return undefined;
	return {
		api_name: module.api_name,
		plural_label: text(module.plural_label),
		module_name: text(module.module_name),
		api_supported: flag(module.api_supported),
		creatable: flag(module.creatable),
		generated_type: text(module.generated_type),
	};
}

export function parseField(value: unknown): ZohoFieldMeta | undefined {
	const field = object(value);
	if (!field || typeof field.api_name !== 'string' || typeof field.data_type !== 'string')
		return undefined;
	return {
		api_name: field.api_name,
		data_type: field.data_type,
		field_label: text(field.field_label),
		display_label: text(field.display_label),
		system_mandatory: flag(field.system_mandatory),
		read_only: flag(field.read_only),
		field_read_only: flag(field.field_read_only),
		unique: field.unique,
		length:
			typeof field.length === 'number' && Number.isInteger(field.length) && field.length > 0
				? field.length
				: undefined,
		pick_list_values: Array.isArray(field.pick_list_values)
			? listIn({ values: field.pick_list_values }, 'values', parsePicklistValue)
			: undefined,
	};
}

function parsePicklistValue(value: unknown): ZohoPicklistValue | undefined {
	const entry = object(value);
	if (!entry || typeof entry.actual_value !== 'string') return undefined;
	return { actual_value: entry.actual_value, display_value: text(entry.display_value) };
}

/** One per-item result inside `data[]`, or the request-level error body itself. */
export function parseItemResult(value: unknown): ZohoItemResult {
	const item = object(value) ?? {};
	return {
		code: text(item.code),
		status: text(item.status),
		message: text(item.message),
		details: (object(item.details) ?? {}) as ZohoItemResult['details'],
	};
}

/** The first item result of a write answer (`data[0]`), else the body as a request-level error. */
export function firstItemResult(body: unknown): ZohoItemResult {
	const data = object(body)?.data;
	return parseItemResult(Array.isArray(data) && data.length > 0 ? data[0] : body);
}

/** The org's time zone (GET /org → org[0].time_zone). */
export function orgTimeZoneOf(body: unknown): string | undefined {
	const org = object(body)?.org;
	return Array.isArray(org) ? text(object(org[0])?.time_zone) : undefined;
}
