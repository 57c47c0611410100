import type { IDataObject } from 'n8n-workflow';

import type { ZohoRecord } from './zohoCrmApi';
import { hasMoreRecords, listIn, parseItemResult, parseRecord } from './zohoAnswers';
import { asObject, zohoApiError } from './zohoApiError';
import type { ZohoContext } from './zohoRequest';
import { ZohoRequest } from './zohoRequest';

/*
 * Reading a module page by page and updating records in bulk (Zoho CRM v8 record.json: GET /{module} with
 * `fields`, `page`, `per_page` ≤ 200; PUT /{module} with up to 100 records, one result per record in the
 * order sent). Credits (docs/api-facts.md, Zoho §6): 1 per page read; an update costs 1 per 10 records.
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

export class ZohoRecordsBulkHttpApi implements ZohoRecordsBulkApi {
	private readonly zoho: ZohoRequest;
	private sends = 0;

	constructor(private readonly context: ZohoContext) {
		this.zoho = new ZohoRequest(context, 'sync');
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
		const data = asObject(response.body).data;
		if (!Array.isArray(data) || data.length !== updates.length)
			throw zohoApiError(this.context.getNode(), response, parseItemResult(response.body));
		return updates.map((update, index) => {
			const item = parseItemResult(data[index]);
			if (item.status === 'success') return { id: update.id, outcome: 'updated' };
			return {
				id: update.id,
				outcome: 'failed',
				code: item.code ?? 'UNKNOWN',
				message: item.message ?? '',
			};
		});
	}
}
