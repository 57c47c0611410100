import { classifyLegacyPhoneValue } from '../domain/legacyPhoneValue';
import type { RecordUpdate, ZohoRecordsBulkApi } from '../transport/zoho/zohoRecordsBulk';
import { MAX_RECORDS_PER_PAGE, MAX_RECORDS_PER_WRITE } from '../transport/zoho/zohoRecordsBulk';

/*
 * Legacy numbers cleaned (README): find a module's phone values stored without a country code, say the
 * E.164 form each would get (dry run, with the credits a write will cost), then write them in bulk. A
 * value with no single reading is listed, never written. A write re-reads its records right before the
 * PUT and leaves out any value a person changed since the scan: credits never buy data loss. The PUT
 * carries only the phone fields, so whatever else a person edits on the record stays theirs.
 */

export interface LegacyNumbersScope {
	module: string;
	fields: string[];
	defaultCountry?: string;
	/** Stop reading after this many records (0 = the whole module). */
	maxRecords: number;
}

export interface LegacyValue {
	id: string;
	field: string;
	value: string;
}
export interface LegacyFix extends LegacyValue {
	e164: string;
	reading: string;
}
export interface LegacyAmbiguous extends LegacyValue {
	reason: string;
	candidates: string[];
}

export interface LegacyScan {
	scanned: number;
	/** Calls spent reading (1 credit each). */
	readCredits: number;
	complete: boolean;
	fixes: LegacyFix[];
	ambiguous: LegacyAmbiguous[];
}

export type LegacyWriteStatus = 'written' | 'changed since the scan' | 'failed';
export interface LegacyWriteResult extends LegacyFix {
	status: LegacyWriteStatus;
	reason?: string;
}

/** Records of a set of fixes, 100 per write call. */
function chunksOf(fixes: LegacyFix[]): LegacyFix[][] {
	const byRecord = new Map<string, LegacyFix[]>();
	for (const fix of fixes) byRecord.set(fix.id, [...(byRecord.get(fix.id) ?? []), fix]);
	const records = [...byRecord.values()];
	const chunks: LegacyFix[][] = [];
	for (let start = 0; start < records.length; start += MAX_RECORDS_PER_WRITE)
		chunks.push(records.slice(start, start + MAX_RECORDS_PER_WRITE).flat());
	return chunks;
}

/** What writing these fixes costs: per 100 records, 1 re-read + 1 credit per 10 records updated. */
export function writeCreditsFor(fixes: LegacyFix[]): number {
	return chunksOf(fixes).reduce((credits, chunk) => {
		const records = new Set(chunk.map((fix) => fix.id)).size;
		return credits + 1 + Math.ceil(records / 10);
	}, 0);
}

export async function scanLegacyNumbers(
	api: ZohoRecordsBulkApi,
	scope: LegacyNumbersScope,
): Promise<LegacyScan> {
	const before = api.callCount;
	const scan: LegacyScan = {
		scanned: 0,
		readCredits: 0,
		complete: false,
		fixes: [],
		ambiguous: [],
	};
	for (let page = 1; ; page++) {
		const room = scope.maxRecords > 0 ? scope.maxRecords - scan.scanned : MAX_RECORDS_PER_PAGE;
		if (room <= 0) break;
		const { records, more } = await api.listRecords(scope.module, {
			fields: scope.fields,
			page,
			perPage: MAX_RECORDS_PER_PAGE,
		});
		for (const record of records.slice(0, room)) {
			scan.scanned += 1;
			for (const field of scope.fields) {
				const value = record[field];
				const verdict = classifyLegacyPhoneValue(value, scope.defaultCountry);
				if (typeof value !== 'string') continue;
				if (verdict.kind === 'fix')
					scan.fixes.push({
						id: record.id,
						field,
						value,
						e164: verdict.e164,
						reading: verdict.reading,
					});
				if (verdict.kind === 'ambiguous')
					scan.ambiguous.push({
						id: record.id,
						field,
						value,
						reason: verdict.reason,
						candidates: verdict.candidates,
					});
			}
		}
		if (!more) {
			scan.complete = records.length <= room;
			break;
		}
	}
	scan.readCredits = api.callCount - before;
	return scan;
}

export async function writeLegacyNumbers(
	api: ZohoRecordsBulkApi,
	scope: Pick<LegacyNumbersScope, 'module' | 'fields'>,
	fixes: LegacyFix[],
): Promise<LegacyWriteResult[]> {
	const results: LegacyWriteResult[] = [];
	for (const chunk of chunksOf(fixes)) {
		const ids = [...new Set(chunk.map((fix) => fix.id))];
		const current = new Map(
			(await api.getRecordsByIds(scope.module, ids, scope.fields)).map((r) => [r.id, r]),
		);
		const toWrite = chunk.filter((fix) => current.get(fix.id)?.[fix.field] === fix.value);
		for (const fix of chunk)
			if (!toWrite.includes(fix)) results.push({ ...fix, status: 'changed since the scan' });
		const updates: RecordUpdate[] = [];
		for (const fix of toWrite) {
			const update = updates.find((candidate) => candidate.id === fix.id);
			if (update) update.fields[fix.field] = fix.e164;
			else updates.push({ id: fix.id, fields: { [fix.field]: fix.e164 } });
		}
		const outcomes = new Map(
			(await api.updateRecords(scope.module, updates)).map((result) => [result.id, result]),
		);
		for (const fix of toWrite) {
			const outcome = outcomes.get(fix.id);
			if (outcome?.outcome === 'updated') results.push({ ...fix, status: 'written' });
			else
				results.push({
					...fix,
					status: 'failed',
					reason: outcome ? `${outcome.code}: ${outcome.message}` : 'no result from Zoho',
				});
		}
	}
	return results;
}
