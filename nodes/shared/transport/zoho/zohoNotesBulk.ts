import type { NodeApiError } from 'n8n-workflow';

import type { NoteWriteResult, ZohoNote } from './zohoCrmApi';
import { listIn, parseItemResult, parseNote } from './zohoAnswers';
import { asObject, zohoApiError, type ZohoAnswer } from './zohoApiError';
import { noteWriteOutcome } from './zohoNoteOutcomes';
import type { ZohoContext } from './zohoRequest';
import { ZohoRequest } from './zohoRequest';

/*
 * Notes of many records in one call (docs/api-facts.md, Zoho §10; Zoho CRM v8 notes.json):
 *  - PUT /Notes and POST /Notes take up to 100 notes, one result per note in the order sent; a partly refused
 *    call answers 202 (the OAS) or 207 (v8's status-codes page), a fully refused one 400 with the same items;
 *  - GET /Notes?ids= reads up to a page of notes for 1 credit, for administrators only ("Users with an admin
 *    profile can access … GET /Notes"): anyone else gets 403 NO_PERMISSION and reads notes one by one.
 * Credits: 1 per call for the read; writes are charged like records (1 per 10) or per note: Zoho does not say
 * (the sandbox plays both, noteWriteMetering).
 */

/** Zoho's cap on notes in one create/update call. */
export const MAX_NOTES_PER_CALL = 100;

export interface NoteUpdate {
	id: string;
	content: string;
}

export interface NoteCreate {
	module: string;
	recordId: string;
	title: string;
	content: string;
}

/** Per note: what Zoho did with it, or the error to report for that note only. */
export type BulkNoteResult = NoteWriteResult | NodeApiError;

export interface ZohoNotesBulkApi {
	readonly callCount: number;
	/** The notes with these ids (up to 100) in one call; 'not_admin' when Zoho refuses GET /Notes. */
	getNotesByIds(ids: string[]): Promise<ZohoNote[] | 'not_admin'>;
	/** Up to 100 content updates in one call; one result per update, in order. */
	updateNotes(updates: NoteUpdate[]): Promise<BulkNoteResult[]>;
	/** Up to 100 new notes, on any records, in one call; one result per note, in order. */
	createNotes(creates: NoteCreate[]): Promise<BulkNoteResult[]>;
}

export class ZohoNotesBulkHttpApi implements ZohoNotesBulkApi {
	private readonly zoho: ZohoRequest;
	private sends = 0;

	constructor(
		private readonly context: ZohoContext,
		shared?: ZohoRequest,
	) {
		this.zoho = shared ?? new ZohoRequest(context, 'sync');
	}

	get callCount(): number {
		return this.sends;
	}

	private readonly counted = () => (this.sends += 1);

	async getNotesByIds(ids: string[]): Promise<ZohoNote[] | 'not_admin'> {
		if (ids.length === 0) return [];
		if (ids.length > MAX_NOTES_PER_CALL)
			throw new RangeError(`at most ${MAX_NOTES_PER_CALL} notes per read`);
		const response = await this.zoho.call('GET', '/Notes', {
			qs: { ids: ids.join(','), fields: 'Note_Title,Note_Content,Modified_Time' },
			idempotent: true,
			acceptStatus: [403],
			onSend: this.counted,
		});
		if (response.statusCode === 403) {
			if (parseItemResult(response.body).code === 'NO_PERMISSION') return 'not_admin';
			throw zohoApiError(this.context.getNode(), response, parseItemResult(response.body));
		}
		return response.statusCode === 204 ? [] : listIn(response.body, 'data', parseNote);
	}

	async updateNotes(updates: NoteUpdate[]): Promise<BulkNoteResult[]> {
		if (updates.length === 0) return [];
		if (updates.length > MAX_NOTES_PER_CALL)
			throw new RangeError(`at most ${MAX_NOTES_PER_CALL} notes per update`);
		// The whole content of each note: repeating the call writes the same, so a 5xx may be retried.
		const response = await this.zoho.call('PUT', '/Notes', {
			body: { data: updates.map(({ id, content }) => ({ id, Note_Content: content })) },
			idempotent: true,
			credits: Math.ceil(updates.length / 10),
			acceptStatus: [400],
			onSend: this.counted,
		});
		return this.perNote(response, updates.length, 'note');
	}

	async createNotes(creates: NoteCreate[]): Promise<BulkNoteResult[]> {
		if (creates.length === 0) return [];
		if (creates.length > MAX_NOTES_PER_CALL)
			throw new RangeError(`at most ${MAX_NOTES_PER_CALL} notes per create`);
		// Not idempotent: a create that failed with 5xx may have been written, and repeating it could add a note twice.
		const response = await this.zoho.call('POST', '/Notes', {
			body: {
				data: creates.map((note) => ({
					Note_Title: note.title,
					Note_Content: note.content,
					Parent_Id: { module: { api_name: note.module }, id: note.recordId },
				})),
			},
			idempotent: false,
			credits: Math.ceil(creates.length / 10),
			acceptStatus: [400],
			onSend: this.counted,
		});
		return this.perNote(response, creates.length, 'record');
	}

	/** One result per note sent; an answer without one item per note is an error for every note. */
	private perNote(
		response: ZohoAnswer,
		count: number,
		target: 'note' | 'record',
	): BulkNoteResult[] {
		const data = asObject(response.body).data;
		if (!Array.isArray(data) || data.length !== count) {
			const error = zohoApiError(this.context.getNode(), response, parseItemResult(response.body));
			return Array.from({ length: count }, () => error);
		}
		return data.map((value) => {
			const item = parseItemResult(value);
			return noteWriteOutcome(item, target) ?? zohoApiError(this.context.getNode(), response, item);
		});
	}
}
