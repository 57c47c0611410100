// The pack under both readings of what Zoho leaves undocumented (README "Unverified API behaviours"):
// search `equals` contains-like or exact, search index lag, If-Unmodified-Since on notes honoured or ignored.
import { resetNoteWriteWatch } from '../../../nodes/shared/coordination/noteWriteWatch';
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import { phoneCriteria } from '../../../nodes/shared/sync/findRecordByPhone';
import {
	matchOrCreateRecord,
	type MatchSettings,
} from '../../../nodes/shared/sync/matchOrCreateRecord';
import {
	noteWriteTimings,
	upsertDailyNote,
	type DailyNoteOptions,
	type DailyNoteTarget,
} from '../../../nodes/shared/sync/upsertDailyNote';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

let credential = 0;
function settings(overrides: Partial<MatchSettings> = {}): MatchSettings {
	return {
		credentialId: `readings-${credential++}`,
		module: 'Leads',
		phoneField: 'Mobile',
		convertedModule: 'Contacts',
		convertedPhoneField: 'Phone',
		whenConverted: 'continue',
		defaultCountry: 'GB',
		nameFields: ['First_Name', 'Last_Name'],
		cacheTtlSeconds: 600,
		create: {
			name: 'Ana Silva',
			nameMapping: { mode: 'firstLast', firstNameField: 'First_Name', lastNameField: 'Last_Name' },
			additionalFields: {},
		},
		...overrides,
	};
}

const E164 = '+447700900123';
const STORED_FORMS = [
	'+447700900123',
	'447700900123',
	'00447700900123',
	'+44 7700 900123',
	'07700 900123',
	'07700900123',
	'7700900123',
];

describe('phone search under both readings of `equals`', () => {
	it('sends every stored form, at most 10 conditions, with ( ) , escaped', () => {
		const criteria = phoneCriteria('Mobile', E164, 'GB');
		const values = [...criteria.matchAll(/\(Mobile:equals:((?:\\.|[^)])*)\)/g)].map((m) => m[1]);
		expect(values.sort()).toEqual([...STORED_FORMS].sort());
		const us = phoneCriteria('Phone', '+12015550123', 'US');
		expect(us).toContain('(Phone:equals:\\(201\\) 555-0123)');
		expect(us.split(':equals:').length - 1).toBeLessThanOrEqual(10);
	});

	describe.each(['contains', 'exact'] as const)('equals %s', (searchEquals) => {
		it.each(STORED_FORMS)('finds a lead stored as "%s" instead of creating one', async (stored) => {
			const zoho = new InMemoryZohoCrm();
			zoho.searchEquals = searchEquals;
			zoho.records.set('Leads', [{ id: 'L1', Mobile: stored, Last_Name: 'Legacy' }]);
			const result = await matchOrCreateRecord(zoho, { phone: E164, isGroup: false }, settings());
			expect(result).toMatchObject({ outcome: 'matched', rule: 'destination_field' });
			expect(result.record?.id).toBe('L1');
			expect(zoho.records.get('Leads')).toHaveLength(1);
		});

		it('still tells a longer number that contains the digits apart', async () => {
			const zoho = new InMemoryZohoCrm();
			zoho.searchEquals = searchEquals;
			zoho.records.set('Leads', [{ id: 'L1', Mobile: '+4477009001234', Last_Name: 'Other' }]);
			const result = await matchOrCreateRecord(zoho, { phone: E164, isGroup: false }, settings());
			expect(result.outcome).toBe('created');
		});
	});
});

describe('search index lag: a record created a moment ago is not created twice', () => {
	it('a second Match or Create node (other settings, so another cache entry) finds the lead just created', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.searchLags = true;
		const first = settings();
		const created = await matchOrCreateRecord(zoho, { phone: E164, isGroup: false }, first);
		expect(created.outcome).toBe('created');
		const second = await matchOrCreateRecord(
			zoho,
			{ phone: E164, isGroup: false },
			{ ...first, convertedModule: undefined, convertedPhoneField: undefined },
		);
		expect(second).toMatchObject({ outcome: 'matched', rule: 'destination_field' });
		expect(second.record?.id).toBe(created.record?.id);
		expect(zoho.records.get('Leads')).toHaveLength(1);
	});

	it('creates again when the lead it remembers was deleted in Zoho (the memory is checked, never trusted)', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.searchLags = true;
		const first = settings();
		const created = await matchOrCreateRecord(zoho, { phone: E164, isGroup: false }, first);
		zoho.deleteRecord('Leads', created.record?.id ?? '');
		const again = await matchOrCreateRecord(
			zoho,
			{ phone: E164, isGroup: false },
			{ ...first, whenConverted: 'stop' },
		);
		expect(again.outcome).toBe('created');
		expect(again.record?.id).not.toBe(created.record?.id);
	});

	it('creates again when the remembered lead now holds another number', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.searchLags = true;
		const first = settings();
		const created = await matchOrCreateRecord(zoho, { phone: E164, isGroup: false }, first);
		const lead = zoho.records.get('Leads')?.find((r) => r.id === created.record?.id);
		if (lead) lead.Mobile = '+447700900999';
		const again = await matchOrCreateRecord(
			zoho,
			{ phone: E164, isGroup: false },
			{ ...first, whenConverted: 'stop' },
		);
		expect(again.outcome).toBe('created');
	});
});

describe('If-Unmodified-Since on notes honoured or ignored: a line a person writes in Zoho is never lost', () => {
	// A person's edit makes the writer read its writes back (noteWriteWatch); no need to wait a second here.
	const readBackDelayMs = noteWriteTimings.readBackDelayMs;
	beforeEach(() => {
		resetNoteWriteWatch();
		noteWriteTimings.readBackDelayMs = 10;
	});
	afterEach(() => (noteWriteTimings.readBackDelayMs = readBackDelayMs));
	let record = 0;
	const target = (): DailyNoteTarget => ({
		credentialId: `notes-${credential++}`,
		module: 'Leads',
		recordId: `R${record++}`,
		day: '2026-03-05',
		contactName: 'Ana Silva',
		chatUrl: '',
		timeZone: 'Europe/London',
	});
	const options = (writeMode: DailyNoteOptions['writeMode']): DailyNoteOptions => ({
		writeMode,
		maxNoteLength: 32000,
		attachments: { upload: false, maxBytes: 0 },
	});
	const message = (uid: string, minute: number): NoteMessage => ({
		uid,
		timestamp: new Date(Date.UTC(2026, 2, 5, 10, minute)).toISOString(),
		direction: 'received',
		senderName: 'Ana Silva',
		text: `hello ${uid}`,
		attachments: [],
	});
	const noDownload = async (): Promise<Buffer> => Buffer.alloc(0);

	describe.each([
		['honoured', true],
		['ignored', false],
	])('precondition %s', (_reading, honours) => {
		it.each(['conditionalWrite', 'readBeforeWrite'] as const)(
			'%s: a person edits the note between the pack’s read and its next write, three times',
			async (writeMode) => {
				const zoho = new InMemoryZohoCrm();
				zoho.honoursIfUnmodifiedSince = honours;
				const t = target();
				await upsertDailyNote(zoho, noDownload, t, [message('m0', 0)], options(writeMode));
				for (let i = 1; i <= 3; i++) {
					// The pack read (and cached) the note with its last write; a person adds a line in Zoho.
					const note = zoho.notes[0];
					await zoho.updateNote(note.id, `${note.Note_Content}\nperson's remark ${i}`, {});
					const [result] = await upsertDailyNote(
						zoho,
						noDownload,
						t,
						[message(`m${i}`, i)],
						options(writeMode),
					);
					expect(result).not.toBeInstanceOf(Error);
				}
				expect(zoho.notes).toHaveLength(1);
				const content = zoho.notes[0].Note_Content ?? '';
				for (let i = 1; i <= 3; i++) expect(content).toContain(`person's remark ${i}`);
				for (let i = 0; i <= 3; i++) expect(content.split(`⟦m:m${i} `).length - 1).toBe(1);
			},
		);
	});

	it('conditionalWrite keeps writing from its cache (1 call a message) once Zoho is known to honour the precondition', async () => {
		const zoho = new InMemoryZohoCrm();
		const t = target();
		await upsertDailyNote(zoho, noDownload, t, [message('a', 0)], options('conditionalWrite'));
		await upsertDailyNote(zoho, noDownload, t, [message('b', 1)], options('conditionalWrite'));
		const before = zoho.callCount;
		await upsertDailyNote(zoho, noDownload, t, [message('c', 2)], options('conditionalWrite'));
		expect(zoho.callCount - before).toBe(1);
	});

	it('conditionalWrite reads before every write (2 calls a message) once Zoho is known to ignore it', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.honoursIfUnmodifiedSince = false;
		const t = target();
		await upsertDailyNote(zoho, noDownload, t, [message('a', 0)], options('conditionalWrite'));
		await upsertDailyNote(zoho, noDownload, t, [message('b', 1)], options('conditionalWrite'));
		const before = zoho.callCount;
		await upsertDailyNote(zoho, noDownload, t, [message('c', 2)], options('conditionalWrite'));
		expect(zoho.callCount - before).toBe(2);
	});
});
