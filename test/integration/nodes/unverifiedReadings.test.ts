/**
 * The bundled sync workflow against a sandbox playing each reading of what Zoho leaves undocumented
 * (README "Unverified API behaviours"): search `equals` contains-like or exact, search index lag 0 or 5 s,
 * If-Unmodified-Since on notes honoured or ignored, Note_Title limit 120 or 255. The user-visible result
 * must be the same under both: the same record matched, no record created twice, no line lost, the same title.
 */
import {
	DOCUMENTED_ZOHO_BEHAVIOUR,
	OTHER_ZOHO_BEHAVIOUR,
	type ZohoBehaviour,
} from '../../../sandbox/zoho/zohoBehaviour';
import { resetNoteWriteWatch } from '../../../nodes/shared/coordination/noteWriteWatch';
import { dailyNoteTitle } from '../../../nodes/shared/domain/dailyNote';
import {
	messageLines,
	startPipelineFixture,
	type PipelineFixture,
} from './harness/pipelineFixture';

describe.each([
	['documented', DOCUMENTED_ZOHO_BEHAVIOUR],
	['other', OTHER_ZOHO_BEHAVIOUR],
] as Array<[string, ZohoBehaviour]>)('Zoho playing the %s reading', (reading, behaviour) => {
	let f: PipelineFixture;
	let credential = 0;
	// One credential id for several configurations: the nodes' caches and locks are per credential id, so a
	// second configuration of Match or Create is a second node instance sharing the process, not a new org.
	// Each reading's sandbox is another org: its own credential ids.
	const configure = (id: string, parameters: Parameters<PipelineFixture['use']>[0] = {}) =>
		f.pipeline.configure({ zohoCredentialId: `readings-${reading}-${id}`, parameters });

	beforeAll(async () => {
		// Both sandboxes number their notes alike (real Zoho ids are unique across orgs): start this org as a
		// fresh n8n process would, without the other org's note versions.
		resetNoteWriteWatch();
		f = await startPipelineFixture({
			timeZone: 'Europe/London',
			numberPrefix: '+44770090',
			zoho: { behaviour, uniqueFields: {} },
		});
	});
	afterAll(async () => {
		await f?.close();
	});

	it('plays the reading it was given', () => {
		expect(f.sandbox.zoho.behaviour()).toEqual(behaviour);
	});

	it('matches legacy leads stored in each common form of their number, creating none', async () => {
		configure(`forms-${++credential}`, { 'Match or Create Record': { defaultCountry: 'GB' } });
		const forms = [
			(n: string) => n,
			(n: string) => n.slice(1),
			(n: string) => `00${n.slice(1)}`,
			(n: string) => `+44 ${n.slice(3, 7)} ${n.slice(7)}`,
			(n: string) => `0${n.slice(3, 7)} ${n.slice(7)}`,
			(n: string) => `0${n.slice(3)}`,
		];
		const leads: Array<{ phone: string; id: string }> = [];
		for (const [index, form] of forms.entries()) {
			const phone = f.newNumber();
			const lead = await f.api.createRecord('Leads', {
				Last_Name: `Legacy ${index}`,
				Company: 'Old Books',
				Mobile: form(phone),
			});
			leads.push({ phone, id: lead.id });
		}
		for (const { phone } of leads) await f.api.simulateMessage({ phone, text: 'Still open?' });
		const executions = await f.pipeline.settle();

		const matched = executions.flatMap((e) =>
			e.matched.map((i) => (i.json.zoho as { id: string }).id),
		);
		expect(matched.sort()).toEqual(leads.map((l) => l.id).sort());
		expect(executions.flatMap((e) => e.created)).toEqual([]);
	});

	it('does not create a lead twice when a second Match or Create (other settings) gets the number a moment later', async () => {
		const id = `lag-${++credential}`;
		const phone = f.newNumber();
		configure(id);
		await f.api.simulateMessage({ phone, name: 'Lara Lag', text: 'First' });
		const [first] = await f.pipeline.settle();
		expect(first.created).toHaveLength(1);

		configure(id, { 'Match or Create Record': { whenConverted: 'stop' } });
		await f.api.simulateMessage({ phone, name: 'Lara Lag', text: 'Second' });
		const [second] = await f.pipeline.settle();

		expect(second.matched.map((i) => (i.json.sync as { rule: string }).rule)).toEqual([
			'destination_field',
		]);
		const leads = await f.api.recordsWhere('Leads', 'Mobile', phone);
		expect(leads).toHaveLength(1);
		const notes = await f.api.notesOf('Leads', leads[0].id);
		expect(notes).toHaveLength(1);
		expect(messageLines(notes[0].Note_Content ?? '')).toBe(2);
	});

	it.each(['conditionalWrite', 'readBeforeWrite'])(
		'%s: keeps the lines a person adds to the note in Zoho between two messages',
		async (writeMode) => {
			configure(`person-${writeMode}-${++credential}`, {
				'Upsert Daily Note': { options: { writeMode } },
			});
			const phone = f.newNumber();
			await f.api.simulateMessage({ phone, name: 'Pia Person', text: 'message 0' });
			await f.pipeline.settle();
			const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
			for (let i = 1; i <= 2; i++) {
				const [note] = await f.api.notesOf('Leads', lead.id);
				await f.api.editNoteAsAPerson(note.id, `${note.Note_Content}\nperson's remark ${i}`);
				await f.api.simulateMessage({ phone, name: 'Pia Person', text: `message ${i}` });
				await f.pipeline.settle();
			}
			const notes = await f.api.notesOf('Leads', lead.id);
			expect(notes).toHaveLength(1);
			const content = notes[0].Note_Content ?? '';
			expect(content).toContain("person's remark 1");
			expect(content).toContain("person's remark 2");
			for (let i = 0; i <= 2; i++) expect(content).toContain(`message ${i}`);
			expect(messageLines(content)).toBe(3);
		},
	);

	it('titles the note the same whatever the title limit (fitted to 120)', async () => {
		configure(`title-${++credential}`);
		const phone = f.newNumber();
		const name = `Maximiliana ${'Longname '.repeat(20).trim()}`;
		await f.api.simulateMessage({ phone, name, text: 'A long name' });
		await f.pipeline.settle();
		const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
		const [note] = await f.api.notesOf('Leads', lead.id);
		const day = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
		const contact = [lead.First_Name, lead.Last_Name].filter(Boolean).join(' ');
		expect(note.Note_Title).toBe(dailyNoteTitle(String(contact), day));
		expect(note.Note_Title?.length).toBeLessThanOrEqual(120);
	});
});
