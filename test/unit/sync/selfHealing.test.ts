// A note or record Zoho no longer has (deleted, merged away, converted) is recognised from Zoho's answer,
// dropped from every cache, and the message goes to the right place in the same call — no failure.
import { resetNoteWriteWatch } from '../../../nodes/shared/coordination/noteWriteWatch';
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import {
	matchOrCreateRecord,
	type MatchSettings,
} from '../../../nodes/shared/sync/matchOrCreateRecord';
import {
	upsertDailyNote as upsertDailyNoteOrErrors,
	type DailyNoteOptions,
} from '../../../nodes/shared/sync/upsertDailyNote';

/** The use case, with an item's own failure (an Error in its place) thrown: these tests expect none. */
async function upsertDailyNote(...args: Parameters<typeof upsertDailyNoteOrErrors>) {
	return (await upsertDailyNoteOrErrors(...args)).map((result) => {
		if (result instanceof Error) throw result;
		return result;
	});
}
import { fitToFieldLengths } from '../../../nodes/shared/sync/recordCreation';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

beforeEach(() => resetNoteWriteWatch());

let credential = 0;
const matchSettings = (credentialId: string, name = 'Ana Silva'): MatchSettings => ({
	credentialId,
	module: 'Leads',
	phoneField: 'Mobile',
	convertedModule: 'Contacts',
	convertedPhoneField: 'Phone',
	whenConverted: 'continue',
	nameFields: ['First_Name', 'Last_Name'],
	cacheTtlSeconds: 600,
	create: {
		name,
		nameMapping: { mode: 'firstLast', firstNameField: 'First_Name', lastNameField: 'Last_Name' },
		additionalFields: {},
	},
});
const message = (uid: string, minute: number): NoteMessage => ({
	uid,
	timestamp: new Date(Date.UTC(2026, 2, 5, 10, minute)).toISOString(),
	direction: 'received',
	senderName: 'Ana Silva',
	text: `hello ${uid}`,
	attachments: [],
});
const noteTarget = (credentialId: string, recordId: string) => ({
	credentialId,
	module: 'Leads',
	recordId,
	day: '2026-03-05',
	contactName: 'Ana Silva',
	chatUrl: '',
	timeZone: 'Europe/London',
});
const options = (overrides: Partial<DailyNoteOptions> = {}): DailyNoteOptions => ({
	writeMode: 'readBeforeWrite',
	maxNoteLength: 32000,
	attachments: { upload: false, maxBytes: 0 },
	...overrides,
});
const noDownload = async (): Promise<Buffer> => Buffer.alloc(0);
const phone = { phone: '+447700900555', isGroup: false };

describe.each(['readBeforeWrite', 'conditionalWrite'] as const)(
	"today's note deleted in Zoho (%s)",
	(writeMode) => {
		it('gets a new note for the next message, without a failure', async () => {
			const zoho = new InMemoryZohoCrm();
			const cred = `heal-${credential++}`;
			await upsertDailyNote(
				zoho,
				noDownload,
				noteTarget(cred, 'R1'),
				[message('a', 1)],
				options({ writeMode }),
			);
			const deleted = zoho.notes[0].id;
			zoho.deleteNote(deleted);
			const [result] = await upsertDailyNote(
				zoho,
				noDownload,
				noteTarget(cred, 'R1'),
				[message('b', 2)],
				options({ writeMode }),
			);
			expect(zoho.notes).toHaveLength(1);
			expect(result.noteId).toBe(zoho.notes[0].id);
			expect(result.noteId).not.toBe(deleted);
			expect(zoho.notes[0].Note_Title).toBe('WhatsApp Chat with Ana Silva (05/03/2026)');
			expect(zoho.notes[0].Note_Content).toContain('⟦m:b ');
		});
	},
);

describe('a record deleted or merged in Zoho while this process still has it cached', () => {
	it('is matched again: deleted → a new record gets the note, and the cache now gives the new record', async () => {
		const zoho = new InMemoryZohoCrm();
		const cred = `heal-${credential++}`;
		const first = await matchOrCreateRecord(zoho, phone, matchSettings(cred));
		if (first.outcome === 'skipped') throw new Error('expected a record');
		await upsertDailyNote(
			zoho,
			noDownload,
			noteTarget(cred, first.record.id),
			[message('a', 1)],
			options(),
		);
		zoho.deleteRecord('Leads', first.record.id);
		// The number → record cache still answers the deleted record (0 credits, not re-verified).
		const cached = await matchOrCreateRecord(zoho, phone, matchSettings(cred));
		expect(cached).toMatchObject({ rule: 'cache', record: { id: first.record.id } });
		const [written] = await upsertDailyNote(
			zoho,
			noDownload,
			noteTarget(cred, first.record.id),
			[message('b', 2)],
			options(),
		);
		const [lead] = zoho.records.get('Leads') ?? [];
		expect(lead.id).not.toBe(first.record.id);
		expect(written.record).toEqual({ module: 'Leads', id: lead.id, name: 'Ana Silva' });
		expect(zoho.notes).toHaveLength(1);
		expect(zoho.notes[0]).toMatchObject({ recordId: lead.id });
		expect(zoho.notes[0].Note_Content).toContain('⟦m:b ');
		const again = await matchOrCreateRecord(zoho, phone, matchSettings(cred));
		expect(again).toMatchObject({ rule: 'cache', record: { id: lead.id } });
	});

	it('merged → the surviving record with the number gets the note, nothing is created', async () => {
		const zoho = new InMemoryZohoCrm();
		const cred = `heal-${credential++}`;
		const first = await matchOrCreateRecord(zoho, phone, matchSettings(cred));
		if (first.outcome === 'skipped') throw new Error('expected a record');
		// A merge in Zoho keeps another record with the same number and deletes this one.
		zoho.records.get('Leads')?.push({ id: 'SURVIVOR', Mobile: '+447700900555', Last_Name: 'Kept' });
		zoho.deleteRecord('Leads', first.record.id);
		const [written] = await upsertDailyNote(
			zoho,
			noDownload,
			noteTarget(cred, first.record.id),
			[message('a', 1)],
			options(),
		);
		expect(written.record).toMatchObject({ module: 'Leads', id: 'SURVIVOR' });
		expect(zoho.records.get('Leads')).toHaveLength(1);
		expect(zoho.notes[0]).toMatchObject({ recordId: 'SURVIVOR' });
	});

	it('fails with a reason naming the record when this process never matched it', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.deleteRecord('Leads', 'GONE');
		await expect(
			upsertDailyNote(
				zoho,
				noDownload,
				noteTarget(`heal-${credential++}`, 'GONE'),
				[message('a', 1)],
				options(),
			),
		).rejects.toThrow(/Zoho no longer has Leads record GONE/);
	});
});

describe('fitToFieldLengths', () => {
	it('shortens text values to the field length from the fields metadata, and leaves URLs and phones alone', () => {
		const fields = [
			{ api_name: 'First_Name', data_type: 'text', length: 40 },
			{ api_name: 'Last_Name', data_type: 'text', length: 80 },
			{ api_name: 'Website', data_type: 'website', length: 10 },
		];
		const { data, shortened } = fitToFieldLengths(fields, {
			First_Name: 'A'.repeat(60),
			Last_Name: 'Silva',
			Website: 'https://example.com/long',
		});
		expect(data.First_Name).toBe(`${'A'.repeat(39)}…`);
		expect(String(data.First_Name)).toHaveLength(40);
		expect(data.Last_Name).toBe('Silva');
		expect(data.Website).toBe('https://example.com/long');
		expect(shortened).toEqual(['First_Name']);
	});

	it('lets Match or Create create a lead for a 60-character first name instead of failing', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.fields = [
			{ api_name: 'First_Name', data_type: 'text', length: 40 },
			{ api_name: 'Last_Name', data_type: 'text', length: 80, system_mandatory: true },
		];
		const result = await matchOrCreateRecord(
			zoho,
			phone,
			matchSettings(`heal-${credential++}`, `${'Alexandria'.repeat(6)} Longname`),
		);
		expect(result.outcome).toBe('created');
		const [lead] = zoho.records.get('Leads') ?? [];
		expect(String(lead.First_Name)).toHaveLength(40);
		expect(lead.Last_Name).toBe('Longname');
	});
});
