import type { IDataObject } from 'n8n-workflow';

import type {
	CreateRecordResult,
	NoteWriteResult,
	ZohoAttachment,
	ZohoCrmApi,
	ZohoFieldMeta,
	ZohoFile,
	ZohoModuleMeta,
	ZohoNote,
	ZohoRecord,
	ZohoUser,
} from './zohoCrmApi';
import type { ZohoAnswer } from './zohoApiError';
import {
	firstItemResult,
	hasMoreRecords,
	listIn,
	orgTimeZoneOf,
	parseAttachment,
	parseField,
	parseModule,
	parseNote,
	parseRecord,
	parseUser,
} from './zohoAnswers';
import { zohoApiError } from './zohoApiError';
import { noteWriteOutcome } from './zohoNoteOutcomes';
import type { ZohoCallOptions, ZohoContext, ZohoPatience } from './zohoRequest';
import { ZohoRequest } from './zohoRequest';
import { ZohoNotesBulkHttpApi } from './zohoNotesBulk';
import { recordCreateOutcome, ZohoRecordsBulkHttpApi } from './zohoRecordsBulk';

export { MAX_IN_FLIGHT_PER_CREDENTIAL, ZOHO_CREDENTIAL } from './zohoRequest';

/*
 * The Zoho CRM v8 transport: ZohoCrmApi (the calls the nodes make) over Zoho's REST API. This file maps
 * each operation onto its URL and Zoho's answers onto the interface's outcomes (204 = none, per-item
 * errors inside a 2xx, DUPLICATE_DATA = the existing record, 412 = precondition failed, INVALID_DATA
 * with maximum_length = too long); zohoRequest.ts sends the calls (auth, in-flight cap, retries,
 * token refresh) and zohoApiError.ts words Zoho's error codes. Nothing else knows Zoho URLs.
 */

export class ZohoCrmHttpApi implements ZohoCrmApi {
	private readonly zoho: ZohoRequest;
	private sends = 0;

	constructor(
		private readonly context: ZohoContext,
		patience: ZohoPatience = 'sync',
		shared?: ZohoRequest,
	) {
		this.zoho = shared ?? new ZohoRequest(context, patience);
	}

	/** HTTP calls sent through this instance (each costs Zoho credits). */
	get callCount(): number {
		return this.sends;
	}

	/**
	 * A view that shares this instance's connection (credential read once, same in-flight cap) but counts
	 * its own calls: one per item, so that items running at the same time are each charged their own.
	 */
	counted(): ZohoCrmHttpApi {
		return new ZohoCrmHttpApi(this.context, 'sync', this.zoho);
	}

	/** Inserts of many records over this connection (not counted by this view: see bulkRecordCreates). */
	recordInserts(): ZohoRecordsBulkHttpApi {
		return new ZohoRecordsBulkHttpApi(this.context, this.zoho);
	}

	/** Charges this view a share of a call made for several items (a bulk insert). */
	charge(credits: number): void {
		this.sends += credits;
	}

	/** Bulk note calls over this connection (their calls are not counted by this view: see bulkNoteCalls). */
	notesBulk(): ZohoNotesBulkHttpApi {
		return new ZohoNotesBulkHttpApi(this.context, this.zoho);
	}

	private async call(
		method: 'GET' | 'POST' | 'PUT',
		path: string,
		options: ZohoCallOptions,
	): Promise<ZohoAnswer> {
		return await this.zoho.call(method, path, { ...options, onSend: () => (this.sends += 1) });
	}

	async searchRecords(
		module: string,
		criteria: string,
		options: { fields: string[]; converted?: 'true' | 'false' | 'both' },
	): Promise<ZohoRecord[]> {
		const qs: IDataObject = { criteria, fields: options.fields.join(','), per_page: 50 };
		if (options.converted) qs.converted = options.converted;
		const response = await this.call('GET', `/${encodeURIComponent(module)}/search`, {
			qs,
			idempotent: true,
		});
		return response.statusCode === 204 ? [] : listIn(response.body, 'data', parseRecord);
	}

	async getRecord(
		module: string,
		id: string,
		options: { fields: string[]; converted?: 'true' | 'false' | 'both' },
	): Promise<ZohoRecord | undefined> {
		const qs: IDataObject = { fields: options.fields.join(',') };
		if (options.converted) qs.converted = options.converted;
		const response = await this.call(
			'GET',
			`/${encodeURIComponent(module)}/${encodeURIComponent(id)}`,
			{
				qs,
				idempotent: true,
				acceptStatus: [400, 404],
			},
		);
		// A deleted or unknown id answers 204, or INVALID_DATA for a malformed one: both mean "not there".
		if (response.statusCode !== 200) return undefined;
		return listIn(response.body, 'data', parseRecord)[0];
	}

	async createRecord(
		module: string,
		data: Record<string, unknown>,
		options: { trigger?: string[] },
	): Promise<CreateRecordResult> {
		const body: IDataObject = { data: [data] };
		if (options.trigger) body.trigger = options.trigger;
		const response = await this.call('POST', `/${encodeURIComponent(module)}`, {
			body,
			idempotent: false,
			acceptStatus: [400],
		});
		const item = firstItemResult(response.body);
		const outcome = recordCreateOutcome(item);
		if (outcome) return outcome;
		throw zohoApiError(this.context.getNode(), response, item);
	}

	async listActiveUsers(): Promise<ZohoUser[]> {
		const users: ZohoUser[] = [];
		for (let page = 1; page <= 50; page++) {
			const response = await this.call('GET', '/users', {
				qs: { type: 'ActiveUsers', page, per_page: 200 },
				idempotent: true,
			});
			if (response.statusCode === 204) break;
			users.push(...listIn(response.body, 'users', parseUser));
			if (!hasMoreRecords(response.body)) break;
		}
		return users;
	}

	async getCurrentUser(): Promise<ZohoUser | undefined> {
		const response = await this.call('GET', '/users', {
			qs: { type: 'CurrentUser' },
			idempotent: true,
		});
		return listIn(response.body, 'users', parseUser)[0];
	}

	async getOrgTimeZone(): Promise<string> {
		const response = await this.call('GET', '/org', { idempotent: true });
		const timeZone = orgTimeZoneOf(response.body);
		if (timeZone === undefined)
			throw zohoApiError(this.context.getNode(), response, {
				code: 'NO_ORG_TIME_ZONE',
				message: 'GET /org returned no time_zone',
			});
		return timeZone;
	}

	async listModules(): Promise<ZohoModuleMeta[]> {
		const response = await this.call('GET', '/settings/modules', { idempotent: true });
		return listIn(response.body, 'modules', parseModule);
	}

	async listFields(module: string): Promise<ZohoFieldMeta[]> {
		const response = await this.call('GET', '/settings/fields', {
			qs: { module },
			idempotent: true,
		});
		return listIn(response.body, 'fields', parseField);
	}

	async listRecordNotes(
		module: string,
		recordId: string,
		page: number,
	): Promise<{ notes: ZohoNote[]; more: boolean; recordGone?: boolean }> {
		const response = await this.call(
			'GET',
			`/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}/Notes`,
			{
				// fields is mandatory on notes GETs since v6 (REQUIRED_PARAM_MISSING otherwise); notes come
				// oldest first by default, so ask for newest first: today's note is on page 1.
				qs: {
					fields: 'Note_Title,Created_Time,Modified_Time',
					sort_by: 'Created_Time',
					sort_order: 'desc',
					page,
					per_page: 200,
				},
				idempotent: true,
				acceptStatus: [400],
			},
		);
		if (response.statusCode === 204) return { notes: [], more: false };
		if (response.statusCode === 400) {
			// A deleted (or merged-away) record: "the related id given seems to be invalid" (docs/api-facts.md, Zoho §11).
			const item = firstItemResult(response.body);
			if (item.code === 'INVALID_DATA') return { notes: [], more: false, recordGone: true };
			throw zohoApiError(this.context.getNode(), response, item);
		}
		return { notes: listIn(response.body, 'data', parseNote), more: hasMoreRecords(response.body) };
	}

	async getNote(id: string): Promise<ZohoNote | undefined> {
		const response = await this.call('GET', `/Notes/${encodeURIComponent(id)}`, {
			qs: { fields: 'Note_Title,Note_Content,Modified_Time' },
			idempotent: true,
		});
		return response.statusCode === 204 ? undefined : listIn(response.body, 'data', parseNote)[0];
	}

	async createNote(
		module: string,
		recordId: string,
		note: { title: string; content: string },
	): Promise<NoteWriteResult> {
		const body = { data: [{ Note_Title: note.title, Note_Content: note.content }] };
		const response = await this.call(
			'POST',
			`/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}/Notes`,
			{
				body,
				idempotent: false,
				acceptStatus: [400],
			},
		);
		return this.noteWriteResult(response, 'record');
	}

	async updateNote(
		id: string,
		content: string,
		options: { ifUnmodifiedSince?: string },
	): Promise<NoteWriteResult> {
		const headers: IDataObject = {};
		if (options.ifUnmodifiedSince) headers['If-Unmodified-Since'] = options.ifUnmodifiedSince;
		// A PUT of the whole content is idempotent, so 5xx can be retried.
		const response = await this.call('PUT', `/Notes/${encodeURIComponent(id)}`, {
			body: { data: [{ Note_Content: content }] },
			headers,
			idempotent: true,
			acceptStatus: [400, 412],
		});
		if (response.statusCode === 412) return { outcome: 'precondition_failed' };
		return this.noteWriteResult(response, 'note');
	}

	private noteWriteResult(response: ZohoAnswer, target: 'note' | 'record'): NoteWriteResult {
		const item = firstItemResult(response.body);
		const outcome = noteWriteOutcome(item, target);
		if (outcome) return outcome;
		throw zohoApiError(this.context.getNode(), response, item);
	}

	async listNoteAttachments(noteId: string): Promise<ZohoAttachment[]> {
		const response = await this.call('GET', `/Notes/${encodeURIComponent(noteId)}/Attachments`, {
			qs: { fields: 'id,File_Name,Size', per_page: 200 },
			idempotent: true,
		});
		return response.statusCode === 204 ? [] : listIn(response.body, 'data', parseAttachment);
	}

	async uploadNoteAttachment(noteId: string, file: ZohoFile): Promise<void> {
		const form = new FormData();
		form.append(
			'file',
			new Blob([file.data], { type: file.mimetype ?? 'application/octet-stream' }),
			file.filename,
		);
		const response = await this.call('POST', `/Notes/${encodeURIComponent(noteId)}/Attachments`, {
			body: form,
			idempotent: false,
		});
		const item = firstItemResult(response.body);
		if (item.status !== 'success') throw zohoApiError(this.context.getNode(), response, item);
	}
}
