/**
 * New records of different numbers created together: one insert call for the first messages of many new
 * contacts; a record refused inside the insert is sent again alone and only it can fail; an insert that failed
 * as a whole is not repeated (it may have been written) and creates no duplicate later; one number racing
 * itself still gets one record.
 */
import {
	matchOrCreateRecord,
	type MatchSettings,
	type MatchResult,
} from '../../../nodes/shared/sync/matchOrCreateRecord';
import { resetBulkRecordCreates } from '../../../nodes/shared/sync/bulkRecordCreates';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

let credential = 0;
function settings(): MatchSettings {
	return {
		credentialId: `bulk-create-${credential++}`, // fresh caches per test
		module: 'Leads',
		phoneField: 'Mobile',
		convertedModule: 'Contacts',
		convertedPhoneField: 'Phone',
		whenConverted: 'continue',
		nameFields: ['Last_Name'],
		cacheTtlSeconds: 600,
		create: {
			name: 'New Contact',
			nameMapping: { mode: 'single', field: 'Last_Name' },
			additionalFields: {},
		},
	};
}

const phone = (i: number) => `+4479111${String(20000 + i).slice(1)}`;
const phones = (n: number) => Array.from({ length: n }, (_, i) => phone(i));

async function matchAll(
	zoho: InMemoryZohoCrm,
	numbers: string[],
	shared: MatchSettings,
): Promise<Array<MatchResult | Error>> {
	return await Promise.all(
		numbers.map(async (number) =>
			matchOrCreateRecord(zoho, { phone: number, isGroup: false }, shared).catch(
				(error: unknown) => error as Error,
			),
		),
	);
}

const leadsWith = (zoho: InMemoryZohoCrm, number: string) =>
	(zoho.records.get('Leads') ?? []).filter((record) => record.Mobile === number);

beforeEach(() => resetBulkRecordCreates());

it('the first messages of 12 new contacts arriving together create their records in one insert call', async () => {
	const zoho = new InMemoryZohoCrm().enableRecordInserts();
	const results = await matchAll(zoho, phones(12), settings());
	expect(results.map((r) => (r instanceof Error ? r.message : r.outcome))).toEqual(
		Array(12).fill('created'),
	);
	expect(zoho.insertCalls).toEqual([['Leads', 12]]);
	expect(zoho.singleCreates).toBe(0);
	for (const number of phones(12)) expect(leadsWith(zoho, number)).toHaveLength(1);
});

it('a record refused inside the insert is sent again alone; the others are created by the insert', async () => {
	const zoho = new InMemoryZohoCrm().enableRecordInserts();
	zoho.refuseInInsert.add(phone(2));
	const results = await matchAll(zoho, phones(5), settings());
	expect(results.every((r) => !(r instanceof Error) && r.outcome === 'created')).toBe(true);
	expect(zoho.insertCalls).toEqual([['Leads', 5]]);
	expect(zoho.singleCreates).toBe(1);
	for (const number of phones(5)) expect(leadsWith(zoho, number)).toHaveLength(1);
});

it('a record Zoho refuses also alone fails its own message only', async () => {
	const zoho = new InMemoryZohoCrm().enableRecordInserts();
	zoho.refuseAlways.add(phone(3));
	const results = await matchAll(zoho, phones(5), settings());
	expect(results.map((r) => (r instanceof Error ? 'failed' : r.outcome))).toEqual([
		'created',
		'created',
		'created',
		'failed',
		'created',
	]);
	expect(String(results[3])).toContain(`INVALID_DATA for ${phone(3)}`);
	expect(leadsWith(zoho, phone(3))).toHaveLength(0);
});

it('an insert that fails as a whole is not repeated, and the messages coming back find what it wrote: no duplicate', async () => {
	const zoho = new InMemoryZohoCrm().enableRecordInserts();
	zoho.failNextInsertAfterWriting = true;
	const shared = settings();
	const first = await matchAll(zoho, phones(4), shared);
	expect(first.every((r) => r instanceof Error)).toBe(true);
	expect(zoho.singleCreates).toBe(0);
	// The messages come back (redelivery or catch-up): the search finds the records the lost answer created.
	const again = await matchAll(zoho, phones(4), shared);
	expect(again.map((r) => (r instanceof Error ? r.message : r.outcome))).toEqual(
		Array(4).fill('matched'),
	);
	for (const number of phones(4)) expect(leadsWith(zoho, number)).toHaveLength(1);
	expect(zoho.insertCalls).toEqual([['Leads', 4]]);
});

it("one number's racing first messages still make one record, beside other new numbers in the same insert", async () => {
	const zoho = new InMemoryZohoCrm().enableRecordInserts();
	const numbers = [phone(7), phone(7), phone(7), phone(8), phone(9)];
	const results = await matchAll(zoho, numbers, settings());
	expect(results.some((r) => r instanceof Error)).toBe(false);
	for (const number of [phone(7), phone(8), phone(9)])
		expect(leadsWith(zoho, number)).toHaveLength(1);
	expect(zoho.insertCalls).toEqual([['Leads', 3]]);
});
