import { sleep } from 'n8n-workflow';

import { CallCoalescer } from '../coordination/callCoalescer';
import type { CreateRecordResult, ZohoCrmApi } from '../transport/zoho/zohoCrmApi';
import {
	MAX_RECORDS_PER_WRITE,
	type ZohoRecordInsertsApi,
} from '../transport/zoho/zohoRecordsBulk';
import { bulkWindowMs } from './bulkNoteCalls';
import { bulkWrite } from './bulkWrite';

/*
 * Cross-number group commit of new records (docs/architecture.md, "Credits"). The first messages of new
 * contacts that arrive together (a busy hour, a backfill, a catch-up pass) each search and then create their
 * record; the creates of one module are coalesced, per Zoho credential, into one POST /{module} (≤ 100
 * records, 1 credit per 10 instead of 1 each).
 *
 * Safe against duplicates as the single create is: each number's search-then-create still runs under its own
 * lock (matchOrCreateRecord), so a batch never holds two records for one number, and only the HTTP call is
 * shared. A record Zoho refuses inside the answer (not created) is sent again on its own, with its own error
 * mapping; the others of the call are created. A call that failed as a whole (network, 5xx) is not repeated:
 * it may have been written, and the next delivery's search finds what was.
 */

interface CreateRequest {
	api: ZohoCrmApi;
	inserts: ZohoRecordInsertsApi;
	module: string;
	data: Record<string, unknown>;
	trigger?: string[];
}

const coalescers = new Map<string, CallCoalescer<CreateRequest, CreateRecordResult>>();

function coalescerFor(
	credentialId: string,
	module: string,
	trigger: string[] | undefined,
): CallCoalescer<CreateRequest, CreateRecordResult> {
	// One call carries one module and one workflow-trigger setting.
	const key = JSON.stringify([credentialId, module, trigger ?? null]);
	let coalescer = coalescers.get(key);
	if (!coalescer) {
		if (coalescers.size >= 1000) coalescers.clear();
		coalescer = new CallCoalescer<CreateRequest, CreateRecordResult>({
			windowMs: () => bulkWindowMs(credentialId),
			maxBatch: MAX_RECORDS_PER_WRITE,
			maxInFlight: 2,
			wait: sleep,
			flush: insertTogether,
		});
		coalescers.set(key, coalescer);
	}
	return coalescer;
}

async function insertTogether(
	requests: CreateRequest[],
): Promise<Array<CreateRecordResult | Error>> {
	const [first] = requests;
	return await bulkWrite(
		requests,
		async (all) =>
			await first.inserts.createRecords(
				first.module,
				all.map(({ data }) => data),
				{ trigger: first.trigger },
			),
		async ({ api, module, data, trigger }) => await api.createRecord(module, data, { trigger }),
		(request, credits) => request.api.charge?.(credits),
	);
}

/**
 * Creates a record, in one insert with the other records of the module being created at the same moment
 * (over this credential); a connection without bulk inserts creates it alone. The caller holds the number's
 * lock. The connection `api` is charged its share of the insert.
 */
export async function createRecordWithOthers(
	api: ZohoCrmApi,
	credentialId: string,
	module: string,
	data: Record<string, unknown>,
	options: { trigger?: string[] },
): Promise<CreateRecordResult> {
	const inserts = api.recordInserts?.();
	if (!inserts) return await api.createRecord(module, data, options);
	return await coalescerFor(credentialId, module, options.trigger).submit({
		api,
		inserts,
		module,
		data,
		trigger: options.trigger,
	});
}

/** Forgets the coalescers (tests). */
export function resetBulkRecordCreates(): void {
	coalescers.clear();
}
