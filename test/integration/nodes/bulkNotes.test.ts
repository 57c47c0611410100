/**
 * Cross-record group commit (issue 16) through the bundled sync workflow against the sandbox, in both readings
 * of what Zoho leaves undocumented: the note updates of several records delivered together share one
 * GET /Notes?ids= and one PUT /Notes; a note Zoho refuses inside the bulk answer goes on alone and its
 * messages still land once (the others are written by the bulk call); a person's edits are read in bulk and
 * kept; a connection that is not an administrator reads note by note and gets the same notes. The first
 * messages of new contacts delivered together create their records in one insert (POST /Leads) and their
 * notes in one POST /Notes.
 */
import {
	DOCUMENTED_ZOHO_BEHAVIOUR,
	OTHER_ZOHO_BEHAVIOUR,
	type ZohoBehaviour,
} from '../../../sandbox/zoho/zohoBehaviour';
import { resetNoteWriteWatch } from '../../../nodes/shared/coordination/noteWriteWatch';
import {
	messageLines,
	occurrences,
	startPipelineFixture,
	type PipelineFixture,
} from './harness/pipelineFixture';

describe.each([
	['documented', DOCUMENTED_ZOHO_BEHAVIOUR],
	['other', OTHER_ZOHO_BEHAVIOUR],
] as Array<[string, ZohoBehaviour]>)('Zoho playing the %s reading', (reading, behaviour) => {
	let f: PipelineFixture;

	beforeAll(async () => {
		resetNoteWriteWatch();
		f = await startPipelineFixture({
			timeZone: 'Europe/London',
			numberPrefix: reading === 'documented' ? '+44770091' : '+44770092',
			zoho: { behaviour, uniqueFields: {} },
		});
	});
	afterAll(async () => {
		await f?.close();
	});
	afterEach(() => {
		f.sandbox.zoho.setConnectionUserAdmin(true);
		f.sandbox.zoho.setFaults({ noteMaxLength: 32000 });
	});

	/** Contacts with a note of today each (one message written one by one). */
	async function contactsWithNotes(count: number) {
		const contacts: Array<{ phone: string; leadId: string; noteId: string }> = [];
		for (let i = 0; i < count; i++) {
			const phone = f.newNumber();
			await f.api.simulateMessage({ phone, name: `Bulk ${reading} ${i}`, text: `first ${i}` });
			await f.pipeline.settle();
			const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
			const [note] = await f.api.notesOf('Leads', lead.id);
			contacts.push({ phone, leadId: lead.id, noteId: note.id });
		}
		return contacts;
	}

	/** One message to each contact, delivered together (one execution). */
	async function oneEach(contacts: Array<{ phone: string }>, text: (i: number) => string) {
		await Promise.all(
			contacts.map(
				async ({ phone }, i) =>
					await f.api.simulateMessage({ phone, name: `Bulk ${reading} ${i}`, text: text(i) }),
			),
		);
		return await f.pipeline.settle();
	}

	const byCall = () => f.sandbox.zoho.credits().byCall;
	const delta = (before: Record<string, number>, name: string) =>
		(byCall()[name] ?? 0) - (before[name] ?? 0);

	it('reads and writes the notes of records delivered together with one bulk read and one bulk update', async () => {
		f.use();
		const contacts = await contactsWithNotes(5);
		const before = byCall();
		await oneEach(contacts, (i) => `second ${i}`);
		expect(delta(before, 'GET notes')).toBe(1);
		expect(delta(before, 'GET note')).toBe(0);
		expect(delta(before, 'PUT note')).toBe(0);
		// 5 notes in one PUT /Notes: 1 credit if notes are charged like records, 5 if one by one.
		expect(delta(before, 'PUT notes')).toBe(behaviour.noteWriteMetering === 'perNote' ? 5 : 1);
		for (const [i, { leadId }] of contacts.entries()) {
			const notes = await f.api.notesOf('Leads', leadId);
			expect(notes).toHaveLength(1);
			expect(occurrences(notes[0].Note_Content ?? '', `second ${i}`)).toBe(1);
			expect(messageLines(notes[0].Note_Content ?? '')).toBe(2);
		}
	});

	it('the first messages of 6 new contacts delivered together: their leads and their notes created in bulk inserts (1 credit each, not 6)', async () => {
		f.use();
		const contacts = Array.from({ length: 6 }, () => ({ phone: f.newNumber() }));
		const before = byCall();
		await oneEach(contacts, (i) => `hello from new contact ${i}`);
		// One by one: 6 credits each. Together: 1 per insert of up to 10 records; the creates come after each
		// number's own searches, so a slow search can leave one for a second insert (seen in CI: 2).
		expect(delta(before, 'POST records')).toBeLessThanOrEqual(3);
		if (behaviour.noteWriteMetering === 'perNote') expect(delta(before, 'POST notes')).toBe(6);
		else expect(delta(before, 'POST notes')).toBeLessThanOrEqual(2);
		for (const [i, { phone }] of contacts.entries()) {
			const leads = await f.api.recordsWhere('Leads', 'Mobile', phone);
			expect(leads).toHaveLength(1);
			const notes = await f.api.notesOf('Leads', leads[0].id);
			expect(notes).toHaveLength(1);
			expect(occurrences(notes[0].Note_Content ?? '', `hello from new contact ${i}`)).toBe(1);
		}
	});

	it('a note Zoho refuses inside the bulk update goes on alone (a continuation note); the others are written by the bulk call, every message once', async () => {
		f.use();
		const contacts = await contactsWithNotes(4);
		// Zoho's limit on a note's length is below the pack's (32,000): only the long message's note is refused.
		f.sandbox.zoho.setFaults({ noteMaxLength: 2000 });
		const long = `long ${'x'.repeat(1700)}`;
		const before = byCall();
		await oneEach(contacts, (i) => (i === 2 ? long : `short ${i}`));
		expect(delta(before, 'PUT notes')).toBeGreaterThanOrEqual(1);
		for (const [i, { leadId }] of contacts.entries()) {
			const notes = await f.api.notesOf('Leads', leadId);
			const text = notes.map((note) => note.Note_Content ?? '').join('\n');
			expect(notes).toHaveLength(i === 2 ? 2 : 1);
			expect(occurrences(text, i === 2 ? long : `short ${i}`)).toBe(1);
			expect(occurrences(text, `first ${i}`)).toBe(1);
			expect(notes.reduce((n, note) => n + messageLines(note.Note_Content ?? ''), 0)).toBe(2);
		}
	});

	it('keeps what people typed into several notes, read in one bulk read; without an administrator connection the notes read one by one come out the same', async () => {
		for (const admin of [true, false]) {
			f.use();
			f.sandbox.zoho.setConnectionUserAdmin(admin);
			const contacts = await contactsWithNotes(3);
			for (const [i, { noteId }] of contacts.entries()) {
				if (i === 1) continue;
				const [note] = await f.api.notesOf('Leads', contacts[i].leadId);
				await f.api.editNoteAsAPerson(noteId, `${note.Note_Content}\nperson's remark ${i}`);
			}
			const before = byCall();
			await oneEach(contacts, (i) => `after the remark ${i}`);
			// Having seen another writer's version, the pack also reads its writes back (noteWriteWatch): a second
			// bulk read, or each note again. Without an administrator, GET /Notes is refused once (403).
			if (admin) {
				expect(delta(before, 'GET notes')).toBeGreaterThanOrEqual(1);
				expect(delta(before, 'GET note')).toBe(0);
			} else {
				expect(delta(before, 'GET notes')).toBeLessThanOrEqual(1);
				expect(delta(before, 'GET note')).toBeGreaterThanOrEqual(3);
			}
			for (const [i, { leadId }] of contacts.entries()) {
				const [note] = await f.api.notesOf('Leads', leadId);
				const content = note.Note_Content ?? '';
				if (i !== 1) expect(content).toContain(`person's remark ${i}`);
				expect(occurrences(content, `after the remark ${i}`)).toBe(1);
				expect(messageLines(content)).toBe(2);
			}
		}
	});
});
