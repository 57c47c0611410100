import type { NodeApiError } from 'n8n-workflow';

import type { CreateRecordResult } from './zohoCrmApi';
import { parseItemResult } from './zohoAnswers';
import { asObject, zohoApiError, type ZohoItemResult } from './zohoApiError';
import type { ZohoContext } from './zohoRequest';
import { ZohoRequest } from './zohoRequest';
import { MAX_RECORDS_PER_WRITE } from './zohoRecordsBulk';

/*
 * New records of one module in one call (Zoho CRM v8 record.json, Insert Records): POST /{module} takes up to
 * 100 records and answers one result per record, in the order sent; insert is charged 1 credit per 10
 * records (api-limits page). A partly refused call answers 202/207 with the refused items as errors, a fully
 * refused one 400 with the same items.
 */

/** Per record: created, the duplicate Zoho named, or the error for that record only. */
export type BulkRecordResult = CreateRecordResult | NodeApiError;

export interface ZohoRecordInsertsApi {
	readonly callCount: number;
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

export class ZohoRecordInsertsHttpApi implements ZohoRecordInsertsApi {
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

	async createRecords(
		module: string,
		records: Array<Record<string, unknown>>,
		options: { trigger?: string[] },
	): Promise<BulkRecordResult[]> {
		if (records.length === 0) return [];
		if (records.length > MAX_RECORDS_PER_WRITE)
			throw new RangeError(`at most ${MAX_RECORDS_PER_WRITE} records per insert`);
		const body: Record<string, unknown> = { data: records };
		if (options.trigger) body.trigger = options.trigger;
		// Not idempotent: an insert that failed with 5xx may have been written; it is not repeated.
		const response = await this.zoho.call('POST', `/${encodeURIComponent(module)}`, {
			body,
			idempotent: false,
			credits: Math.ceil(records.length / 10),
			acceptStatus: [400],
			onSend: () => (this.sends += 1),
		});
		const data = asObject(response.body).data;
		if (!Array.isArray(data) || data.length !== records.length)
			throw zohoApiError(this.context.getNode(), response, parseItemResult(response.body));
		return data.map((value) => {
			const item = parseItemResult(value);
			return recordCreateOutcome(item) ?? zohoApiError(this.context.getNode(), response, item);
		});
	}
}
