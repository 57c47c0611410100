/**
 * The Zoho CRM calls the three sync nodes make, as one typed interface. Node logic
 * (matchOrCreateRecord, upsertDailyNote, owner directory) depends on this interface only, so it can be
 * driven by the HTTP adapter in production and by the sandbox in integration tests.
 * Shapes follow the Zoho CRM v8 OpenAPI files (record.json, fields.json, modules.json, notes.json,
 * attachments.json, users.json, org.json).
 */
import type { ZohoRecordInsertsApi } from './zohoRecordsBulk';
import type { ZohoNotesBulkApi } from './zohoNotesBulk';

export interface ZohoRecord {
	id: string;
	[field: string]: unknown;
}

export interface ZohoFieldMeta {
	api_name: string;
	data_type: string;
	field_label?: string;
	display_label?: string;
	system_mandatory?: boolean;
	read_only?: boolean;
	field_read_only?: boolean;
	unique?: unknown;
	/** Maximum length of a text value (fields metadata `length`), when Zoho gives one. */
	length?: number;
	/** Values of a picklist (fields metadata `pick_list_values`); absent for other field types. */
	pick_list_values?: ZohoPicklistValue[];
}

/** One picklist value: `actual_value` is what the API reads and writes, `display_value` what people see. */
export interface ZohoPicklistValue {
	actual_value: string;
	display_value?: string;
}

export interface ZohoModuleMeta {
	api_name: string;
	plural_label?: string;
	module_name?: string;
	api_supported?: boolean;
	creatable?: boolean;
	generated_type?: string;
}

export interface ZohoUser {
	id: string;
	email: string;
	full_name?: string;
	status?: string;
	/** The user's profile (`profile.name`), e.g. Administrator. */
	profileName?: string;
}

export interface ZohoNote {
	id: string;
	Note_Title?: string | null;
	Note_Content?: string | null;
	Created_Time?: string;
	Modified_Time?: string;
}

export interface ZohoAttachment {
	id: string;
	File_Name?: string;
	Size?: string | number;
}

export interface ZohoFile {
	filename: string;
	data: Buffer;
	mimetype?: string;
}

export type CreateRecordResult =
	| { outcome: 'created'; id: string }
	/** DUPLICATE_DATA on a unique field: another writer created the record first (design implication 9). */
	| { outcome: 'duplicate'; id: string };

export type NoteWriteResult =
	| { outcome: 'written'; id: string; modifiedTime?: string }
	/** HTTP 412 on If-Unmodified-Since: someone else wrote the note since we read it. */
	| { outcome: 'precondition_failed' }
	/** INVALID_DATA with details.maximum_length: the content is longer than Zoho accepts. */
	| { outcome: 'too_long'; maximumLength: number }
	/**
	 * The note (or the record it belongs to) is no longer in Zoho: deleted, merged away or converted.
	 * Zoho's answer is undocumented (docs/api-facts.md, Zoho §11): INVALID_DATA naming the id or Parent_Id,
	 * NOT_ALLOWED, or CONVERTED_RECORD on a converted lead's note.
	 */
	| { outcome: 'gone'; what: 'note' | 'record'; code: string };

export interface ZohoCrmApi {
	/** Calls made through this instance so far (what Zoho charges credits for, 1 each for these calls). */
	readonly callCount: number;
	searchRecords(
		module: string,
		criteria: string,
		options: { fields: string[]; converted?: 'true' | 'false' | 'both' },
	): Promise<ZohoRecord[]>;
	getRecord(
		module: string,
		id: string,
		options: { fields: string[]; converted?: 'true' | 'false' | 'both' },
	): Promise<ZohoRecord | undefined>;
	createRecord(
		module: string,
		data: Record<string, unknown>,
		options: { trigger?: string[] },
	): Promise<CreateRecordResult>;
	listActiveUsers(): Promise<ZohoUser[]>;
	getCurrentUser(): Promise<ZohoUser | undefined>;
	getOrgTimeZone(): Promise<string>;
	listModules(): Promise<ZohoModuleMeta[]>;
	listFields(module: string): Promise<ZohoFieldMeta[]>;
	/** Notes of a record, newest first, one page of up to 200; `recordGone` when Zoho no longer has the record. */
	listRecordNotes(
		module: string,
		recordId: string,
		page: number,
	): Promise<{ notes: ZohoNote[]; more: boolean; recordGone?: boolean }>;
	getNote(id: string): Promise<ZohoNote | undefined>;
	createNote(
		module: string,
		recordId: string,
		note: { title: string; content: string },
	): Promise<NoteWriteResult>;
	updateNote(
		id: string,
		content: string,
		options: { ifUnmodifiedSince?: string },
	): Promise<NoteWriteResult>;
	listNoteAttachments(noteId: string): Promise<ZohoAttachment[]>;
	uploadNoteAttachment(noteId: string, file: ZohoFile): Promise<void>;
	/**
	 * The notes of many records in one call (PUT/POST /Notes, GET /Notes?ids=), over the same connection;
	 * absent where the connection cannot do it (the note calls above are then made one by one).
	 */
	notesBulk?(): ZohoNotesBulkApi;
	/** Inserts of many records in one call (POST /{module}), over the same connection; absent: one by one. */
	recordInserts?(): ZohoRecordInsertsApi;
	/** Charges this connection's count a share of a call made for several items (with recordInserts). */
	charge?(credits: number): void;
}
