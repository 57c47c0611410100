import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { CreateRecordResult, ZohoRecord } from './zohoCrmApi';
import { hasMoreRecords, listIn, parseItemResult, parseRecord } from './zohoAnswers';
import { asObject, zohoApiError, type ZohoAnswer, type ZohoItemResult } from './zohoApiError';
import type { ZohoContext } from './zohoRequest';
import { ZohoRequest } from './zohoRequest';

/*
 * Reading a module page by page, inserting and updating records in bulk (Zoho CRM v8 record.json: GET /{module}
 * with `fields`, `page`, `per_page` ≤ 200; POST and PUT /{module} with up to 100 records, one result per record
 * in the order sent; a partly refused call answers 202/207 with the refused items as errors, a fully refused
 * one 400 with the same items). Credits (docs/api-facts.md, Zoho §6): 1 per page read; an insert or update
 * costs 1 per 10 records.
 */

/** Zoho's cap on records in one insert/update call. */
export const MAX_RECORDS_PER_WRITE = 100;
/** Zoho's cap on records in one page of GET /{module}. */
export const MAX_RECORDS_PER_PAGE = 200;

export interface RecordUpdate {
	id: string;
	fields: Record<string, unknown>;
}

export type RecordUpdateResult =
	| { id: string; outcome: 'updated' }
	| { id: string; outcome: 'failed'; code: string; message: string };

export interface ZohoRecordsBulkApi {
	readonly callCount: number;
	/** One page of a module's records (only `fields` + id). */
	listRecords(
		module: string,
		options: { fields: string[]; page: number; perPage?: number },
	): Promise<{ records: ZohoRecord[]; more: boolean }>;
	/** The records with these ids (up to 100), as they are now. */
	getRecordsByIds(module: string, ids: string[], fields: string[]): Promise<ZohoRecord[]>;
	/** Up to 100 partial updates in one call; one result per update, in order. */
	updateRecords(module: string, updates: RecordUpdate[]): Promise<RecordUpdateResult[]>;
}

/** New records of a module inserted together (ZohoCrmApi.recordInserts). */
export interface ZohoRecordInsertsApi {
	/**
	 * Up to 100 new records of one module in one call; one result per record, in order. Throws when the call
	 * itself failed or its answer does not give one result per record: then nothing is known of any record
	 * (a create is not repeated: it may have been written).
	 */
	createRecords(
		module: string,
		records: Array<Record<string, unknown>>,
		options: { trigger?: string[] },
	): Promise<BulkRecordResult[]>;
}

/** Per record of an insert: created, the duplicate Zoho named, or the error for that record only. */
export type BulkRecordResult = CreateRecordResult | NodeApiError;

/** What Zoho did with one record of an insert: created, or a duplicate of the record it names; else undefined. */
export function recordCreateOutcome(item: ZohoItemResult): CreateRecordResult | undefined {
	const details = asObject(item.details);
	if (item.status === 'success' && typeof details.id === 'string')
		return { outcome: 'created', id: details.id };
	// v8 names the existing record in details.duplicate_record.id; older versions in details.id.
	const existingId = asObject(details.duplicate_record).id ?? details.id;
	if (item.code === 'DUPLICATE_DATA' && typeof existingId === 'string')
		return { outcome: 'duplicate', id: existingId };
	return undefined;
}

export class ZohoRecordsBulkHttpApi implements ZohoRecordsBulkApi, ZohoRecordInsertsApi {
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

	async listRecords(
		module: string,
		options: { fields: string[]; page: number; perPage?: number },
	): Promise<{ records: ZohoRecord[]; more: boolean }> {
		const qs: IDataObject = {
			fields: options.fields.join(','),
			page: options.page,
			per_page: Math.min(options.perPage ?? MAX_RECORDS_PER_PAGE, MAX_RECORDS_PER_PAGE),
		};
		const response = await this.zoho.call('GET', `/${encodeURIComponent(module)}`, {
			qs,
			idempotent: true,
			onSend: () => (this.sends += 1),
		});
		if (response.statusCode === 204) return { records: [], more: false };
		return {
			records: listIn(response.body, 'data', parseRecord),
			more: hasMoreRecords(response.body),
		};
	}

	async getRecordsByIds(module: string, ids: string[], fields: string[]): Promise<ZohoRecord[]> {
		if (ids.length === 0) return [];
		const response = await this.zoho.call('GET', `/${encodeURIComponent(module)}`, {
			qs: { ids: ids.join(','), fields: fields.join(',') },
			idempotent: true,
			onSend: () => (this.sends += 1),
		});
		return response.statusCode === 204 ? [] : listIn(response.body, 'data', parseRecord);
	}

	async updateRecords(module: string, updates: RecordUpdate[]): Promise<RecordUpdateResult[]> {
		if (updates.length === 0) return [];
		if (updates.length > MAX_RECORDS_PER_WRITE)
			throw new RangeError(`at most ${MAX_RECORDS_PER_WRITE} records per update`);
		// A PUT of the same values is idempotent, so a 5xx may be retried. 400 = every record refused, with
		// the per-record reasons in data[] (the same shape as a 200's).
		const response = await this.zoho.call('PUT', `/${encodeURIComponent(module)}`, {
			body: { data: updates.map((update) => ({ ...update.fields, id: update.id })) },
			idempotent: true,
			acceptStatus: [400],
			onSend: () => (this.sends += 1),
		});
		const items = this.oneResultPerRecord(response, updates.length);
		return updates.map((update, index) => {
			const item = items[index];
			if (item.status === 'success') return { id: update.id, outcome: 'updated' };
			return {
				id: update.id,
				outcome: 'failed',
				code: item.code ?? 'UNKNOWN',
				message: item.message ?? '',
			};
		});
	}

	async createRecords(
		module: string,
		records: Array<Record<string, unknown>>,
		options: { trigger?: string[] },
	): Promise<BulkRecordResult[]> {
		if (records.length === 0) return [];
		if (records.length > MAX_RECORDS_PER_WRITE)
			throw new RangeError(`at most ${MAX_RECORDS_PER_WRITE} records per insert`);
		const body: IDataObject = { data: records as IDataObject[] };
		if (options.trigger) body.trigger = options.trigger;
		// Not idempotent: an insert that failed with 5xx may have been written; it is not repeated.
		const response = await this.zoho.call('POST', `/${encodeURIComponent(module)}`, {
			body,
			idempotent: false,
			credits: Math.ceil(records.length / 10),
			acceptStatus: [400],
			onSend: () => (this.sends += 1),
		});
		return this.oneResultPerRecord(response, records.length).map(
			(item) => recordCreateOutcome(item) ?? zohoApiError(this.context.getNode(), response, item),
		);
	}

	/** The answer's item per record sent; an answer without one per record fails the whole call. */
	private oneResultPerRecord(response: ZohoAnswer, count: number): ZohoItemResult[] {
		const data = asObject(response.body).data;
		if (!Array.isArray(data) || data.length !== count)
			throw zohoApiError(this.context.getNode(), response, parseItemResult(response.body));
		return data.map(parseItemResult);
	}
}
