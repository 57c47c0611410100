import {
	scanLegacyNumbers,
	writeCreditsFor,
	writeLegacyNumbers,
} from '../../../nodes/shared/sync/legacyNumbers';
import type { ZohoRecord } from '../../../nodes/shared/transport/zoho/zohoCrmApi';
import type {
	RecordUpdate,
	RecordUpdateResult,
	ZohoRecordsBulkApi,
} from '../../../nodes/shared/transport/zoho/zohoRecordsBulk';

/** A module in memory with Zoho's paging (200) and write cap (100); counts calls like the HTTP one. */
class InMemoryModule implements ZohoRecordsBulkApi {
	callCount = 0;
	readonly puts: RecordUpdate[][] = [];
	/** Run between the re-read and the PUT (a person editing at that moment). */
	beforePut?: () => void;
	constructor(readonly records: ZohoRecord[]) {}

	async listRecords(
		_module: string,
		options: { fields: string[]; page: number; perPage?: number },
	) {
		this.callCount += 1;
		const perPage = options.perPage ?? 200;
		const start = (options.page - 1) * perPage;
		return {
			records: this.records.slice(start, start + perPage).map((record) => ({ ...record })),
			more: start + perPage < this.records.length,
		};
	}

	async getRecordsByIds(_module: string, ids: string[]) {
		this.callCount += 1;
		return this.records
			.filter((record) => ids.includes(record.id))
			.map((record) => ({ ...record }));
	}

	async updateRecords(_module: string, updates: RecordUpdate[]): Promise<RecordUpdateResult[]> {
		this.callCount += 1;
		if (updates.length > 100) throw new Error('more than 100 records in one PUT');
		this.beforePut?.();
		this.puts.push(updates);
		return updates.map((update) => {
			const record = this.records.find((candidate) => candidate.id === update.id);
			if (!record)
				return { id: update.id, outcome: 'failed', code: 'INVALID_DATA', message: 'gone' };
			Object.assign(record, update.fields);
			return { id: update.id, outcome: 'updated' };
		});
	}
}

const lead = (n: number, Mobile: unknown, Phone: unknown = null): ZohoRecord => ({
	id: String(1000 + n),
	Mobile,
	Phone,
});
const scope = { module: 'Leads', fields: ['Mobile', 'Phone'], defaultCountry: 'GB', maxRecords: 0 };

it('scans every page, lists fixes and ambiguous values, and counts one credit per page read', async () => {
	const records = [
		lead(1, '07400 123456', '020 7946 0018'),
		lead(2, '+447400123457'),
		lead(3, '12345'),
		...Array.from({ length: 400 }, (_, n) => lead(10 + n, null)),
	];
	const api = new InMemoryModule(records);
	const scan = await scanLegacyNumbers(api, scope);
	expect(scan).toMatchObject({ scanned: 403, readCredits: 3, complete: true });
	expect(scan.fixes.map((fix) => [fix.id, fix.field, fix.e164])).toEqual([
		['1001', 'Mobile', '+447400123456'],
		['1001', 'Phone', '+442079460018'],
	]);
	expect(scan.ambiguous.map((value) => [value.id, value.value])).toEqual([['1003', '12345']]);
	// one record: 1 re-read + 1 update call (1 credit per 10 records)
	expect(writeCreditsFor(scan.fixes)).toBe(2);
});

it('stops at Max Records and says the scan is incomplete', async () => {
	const api = new InMemoryModule(Array.from({ length: 250 }, (_, n) => lead(n, '07400 123456')));
	const scan = await scanLegacyNumbers(api, { ...scope, maxRecords: 220 });
	expect(scan).toMatchObject({ scanned: 220, complete: false, readCredits: 2 });
	expect(scan.fixes).toHaveLength(220);
});

it('writes 100 records per PUT, both fields of a record in one update, only the phone fields', async () => {
	const records = Array.from({ length: 150 }, (_, n) => ({
		...lead(n, '07400 123456', '020 7946 0018'),
		Last_Name: `Person ${n}`,
	}));
	const api = new InMemoryModule(records);
	const scan = await scanLegacyNumbers(api, scope);
	expect(writeCreditsFor(scan.fixes)).toBe(1 + 10 + 1 + 5);
	const results = await writeLegacyNumbers(api, scope, scan.fixes);
	expect(api.puts.map((put) => put.length)).toEqual([100, 50]);
	expect(api.puts[0][0]).toEqual({
		id: '1000',
		fields: { Mobile: '+447400123456', Phone: '+442079460018' },
	});
	expect(results.filter((result) => result.status === 'written')).toHaveLength(300);
	expect(records[149]).toMatchObject({ Mobile: '+447400123456', Last_Name: 'Person 149' });
	// a second scan finds nothing left to fix
	expect((await scanLegacyNumbers(api, scope)).fixes).toEqual([]);
});

it('leaves a value a person changed since the scan, and reports a record Zoho refused', async () => {
	const records = [lead(1, '07400 123456'), lead(2, '07400 123457'), lead(3, '07400 123458')];
	const api = new InMemoryModule(records);
	const scan = await scanLegacyNumbers(api, scope);
	records[0].Mobile = '07400 999999'; // edited in Zoho after the dry run
	api.records.splice(2, 1); // deleted after the dry run, still answered by the PUT as an error
	api.records.push({ ...lead(3, '07400 123458') });
	api.beforePut = () => api.records.pop();
	const results = await writeLegacyNumbers(api, scope, scan.fixes);
	expect(results.map((result) => [result.id, result.status])).toEqual([
		['1001', 'changed since the scan'],
		['1002', 'written'],
		['1003', 'failed'],
	]);
	expect(records[0].Mobile).toBe('07400 999999');
	expect(api.puts[0].map((update) => update.id)).toEqual(['1002', '1003']);
});
