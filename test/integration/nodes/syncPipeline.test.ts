/**
 * The pack's real node classes chained as the bundled sync workflow (TimelinesAI Trigger → Resolve Owner →
 * Match or Create → Upsert Daily Note), fed by the sandbox's TimelinesAI webhooks and talking to its Zoho
 * CRM over HTTP with an OAuth2 credential connected through the sandbox's consent flow. Assertions read
 * Zoho's state from the sandbox. The org's time zone is Asia/Kolkata (UTC+05:30), so a note day computed
 * in UTC would be wrong for 18:30–24:00 UTC. Deliveries (groups, repeats, bursts, batches) and the item
 * contract: syncPipelineDeliveries.test.ts.
 */
import { DateTime } from 'luxon';

import {
	messageLines,
	occurrences,
	startPipelineFixture,
	type PipelineFixture,
} from './harness/pipelineFixture';

const ORG_TIME_ZONE = 'Asia/Kolkata';
let f: PipelineFixture;

beforeAll(async () => {
	// No phone field marked "Do not allow duplicate values" (Zoho's default): Zoho's DUPLICATE_DATA cannot
	// save a racing create, only the nodes can.
	f = await startPipelineFixture({
		timeZone: ORG_TIME_ZONE,
		numberPrefix: '+3461230',
		zoho: { uniqueFields: {} },
	});
});

afterAll(async () => {
	await f?.close();
});

beforeEach(() => f.use());

async function leadOf(phone: string) {
	const leads = await f.api.recordsWhere('Leads', 'Mobile', phone);
	expect(leads).toHaveLength(1);
	return leads[0];
}

describe('a new WhatsApp contact', () => {
	it("creates a lead with name, E.164 phone, chat link, lead source TimelinesAI and owner, and today's note titled with the org day", async () => {
		const phone = f.newNumber();
		const [timestamp] = f.todayTimestamps(1);
		const sent = await f.api.simulateMessage({
			phone,
			name: 'Jane Doe',
			text: 'Is the blue sofa still available?',
			responsible_email: 'sam.sales@sandbox.example',
			timestamp,
		});
		const [execution] = await f.pipeline.settle();

		expect(execution.created).toHaveLength(1);
		const lead = await leadOf(phone);
		expect(lead).toMatchObject({
			First_Name: 'Jane',
			Last_Name: 'Doe',
			Mobile: phone,
			Lead_Source: 'TimelinesAI',
			WhatsApp_Chat_Link: `${f.sandbox.url}/chat/${sent.chat_id}/messages/`,
		});
		expect((lead.Owner as { id: string }).id).toBe(
			(await f.api.userByEmail('sam.sales@sandbox.example')).id,
		);
		const notes = await f.api.notesOf('Leads', lead.id);
		expect(notes.map((n) => n.Note_Title)).toEqual([
			`WhatsApp Chat with Jane Doe (${f.orgDay(timestamp)})`,
		]);
		expect(notes[0].Note_Content).toContain('Is the blue sofa still available?');
		expect(messageLines(notes[0].Note_Content)).toBe(1);
	});
});

describe('the daily note', () => {
	it('appends a second message of the same day to the same note (one note, two lines)', async () => {
		const phone = f.newNumber();
		const [first, second] = f.todayTimestamps(2);
		await f.api.simulateMessage({
			phone,
			name: 'Omar Haddad',
			text: 'Good morning, is the shop open today?',
			timestamp: first,
		});
		await f.pipeline.settle();
		await f.api.simulateMessage({
			phone,
			name: 'Omar Haddad',
			text: 'And until what time?',
			timestamp: second,
		});
		const [execution] = await f.pipeline.settle();

		expect(execution.matched).toHaveLength(1);
		const lead = await leadOf(phone);
		const notes = await f.api.notesOf('Leads', lead.id);
		expect(notes).toHaveLength(1);
		expect(messageLines(notes[0].Note_Content)).toBe(2);
		expect(notes[0].Note_Content.indexOf('Good morning, is the shop open today?')).toBeLessThan(
			notes[0].Note_Content.indexOf('And until what time?'),
		);
	});

	it('starts a new note after midnight in the org time zone, though both messages fall on the same UTC date', async () => {
		const midnight = DateTime.now().setZone(ORG_TIME_ZONE).startOf('day');
		const [before, after] = [midnight.minus({ minutes: 5 }), midnight.plus({ minutes: 5 })];
		// Kolkata midnight is 18:30 UTC: a note day taken from the UTC date would put both lines in one note.
		expect(before.toUTC().toISODate()).toBe(after.toUTC().toISODate());
		// The earlier message can be up to a day old: widen the trigger's replay window for this test.
		f.use({ 'TimelinesAI Trigger': { options: { maxAgeMinutes: 2 * 1440 } } });
		const phone = f.newNumber();
		await f.api.simulateMessage({
			phone,
			name: 'Priya Nair',
			text: 'Late question before bed',
			timestamp: before.toUTC().toISO() ?? '',
		});
		await f.pipeline.settle();
		await f.api.simulateMessage({
			phone,
			name: 'Priya Nair',
			text: 'Just after midnight',
			timestamp: after.toUTC().toISO() ?? '',
		});
		await f.pipeline.settle();

		const notes = await f.api.notesOf('Leads', (await leadOf(phone)).id);
		expect(notes.map((n) => n.Note_Title)).toEqual([
			`WhatsApp Chat with Priya Nair (${f.orgDay(before)})`,
			`WhatsApp Chat with Priya Nair (${f.orgDay(after)})`,
		]);
		expect(notes[0].Note_Content).toContain('Late question before bed');
		expect(notes[0].Note_Content).not.toContain('Just after midnight');
		expect(notes[1].Note_Content).toContain('Just after midnight');
		expect(messageLines(notes[1].Note_Content)).toBe(1);
	});

	it("rolls over to a continuation note at Zoho's content limit, losing no message", async () => {
		const limit = 700;
		// In process: POST /__control/zoho/faults drops noteMaxLength (its faultPatch keeps fault rates only).
		f.sandbox.zoho.setFaults({ noteMaxLength: limit });
		try {
			const phone = f.newNumber();
			const texts = Array.from(
				{ length: 8 },
				(_, i) =>
					`Message ${i + 1}: ${'the quick brown fox jumps over the lazy dog '.repeat(3).trim()}`,
			);
			const timestamps = f.todayTimestamps(texts.length);
			for (const [i, text] of texts.entries()) {
				await f.api.simulateMessage({ phone, name: 'Lena Vogel', text, timestamp: timestamps[i] });
				await f.pipeline.settle();
			}

			const notes = await f.api.notesOf('Leads', (await leadOf(phone)).id);
			const day = f.orgDay(timestamps[0]);
			expect(notes.length).toBeGreaterThanOrEqual(2);
			expect(notes.map((n) => n.Note_Title)).toEqual(
				notes.map(
					(_, i) => `WhatsApp Chat with Lena Vogel (${day})${i === 0 ? '' : ` (${i + 1})`}`,
				),
			);
			for (const note of notes) expect(note.Note_Content.length).toBeLessThanOrEqual(limit);
			const all = notes.map((n) => n.Note_Content).join('\n');
			for (const text of texts) expect(occurrences(all, text)).toBe(1);
			expect(messageLines(all)).toBe(texts.length);
		} finally {
			f.sandbox.zoho.setFaults({ noteMaxLength: 32000 });
		}
	});
});

describe('matching existing records', () => {
	it('writes to a Contact when the number is only on a Contact (the converted-records module)', async () => {
		const phone = f.newNumber();
		const contact = await f.api.createRecord('Contacts', {
			First_Name: 'Carla',
			Last_Name: 'Contact',
			Phone: phone,
		});
		await f.api.simulateMessage({ phone, name: 'Carla WhatsApp', text: 'Hello from Carla' });
		const [execution] = await f.pipeline.settle();

		expect(execution.matched.map((i) => (i.json.sync as { rule: string }).rule)).toEqual([
			'converted_module_field',
		]);
		expect(await f.api.recordsWhere('Leads', 'Mobile', phone)).toEqual([]);
		const notes = await f.api.notesOf('Contacts', contact.id);
		expect(notes.map((n) => n.Note_Title)).toEqual([
			expect.stringMatching(/^WhatsApp Chat with Carla Contact \(/),
		]);
		expect(notes[0].Note_Content).toContain('Hello from Carla');
	});

	it('follows a converted lead to its Contact when set to continue', async () => {
		const phone = f.newNumber();
		const lead = await f.api.createRecord('Leads', {
			First_Name: 'Conor',
			Last_Name: 'Walsh',
			Company: 'Walsh Ltd',
			Mobile: phone,
		});
		const { Contacts: contact } = await f.api.convertLead(lead.id);
		await f.api.simulateMessage({ phone, name: 'Conor', text: 'Following up after the call' });
		const [execution] = await f.pipeline.settle();

		expect(execution.matched).toHaveLength(1);
		expect((execution.matched[0].json.sync as { rule: string }).rule).toBe('converted_traceback');
		expect(await f.api.notesOf('Leads', lead.id)).toEqual([]);
		const notes = await f.api.notesOf('Contacts', contact.id);
		expect(notes).toHaveLength(1);
		expect(notes[0].Note_Content).toContain('Following up after the call');
		expect(await f.api.recordsWhere('Leads', 'Mobile', phone)).toHaveLength(1); // no new lead
	});

	it("sends a converted lead's message to Skipped when set to stop, writing nothing", async () => {
		f.use({ 'Match or Create Record': { whenConverted: 'stop' } });
		const phone = f.newNumber();
		const lead = await f.api.createRecord('Leads', {
			First_Name: 'Stella',
			Last_Name: 'Stop',
			Company: 'Stop plc',
			Mobile: phone,
		});
		const { Contacts: contact } = await f.api.convertLead(lead.id);
		await f.api.simulateMessage({ phone, name: 'Stella', text: 'Should not be synced' });
		const [execution] = await f.pipeline.settle();

		expect(execution.matched).toEqual([]);
		expect(execution.created).toEqual([]);
		expect(execution.skipped.map((i) => (i.json.sync as { rule: string }).rule)).toEqual([
			'lead_converted_stop',
		]);
		expect(execution.notes).toEqual([]);
		expect(await f.api.notesOf('Leads', lead.id)).toEqual([]);
		expect(await f.api.notesOf('Contacts', contact.id)).toEqual([]);
		expect(await f.api.recordsWhere('Leads', 'Mobile', phone)).toHaveLength(1);
	});

	it('matches a legacy lead stored as "07700 900123" when the default country is GB', async () => {
		f.use({ 'Match or Create Record': { defaultCountry: 'GB' } });
		const lead = await f.api.createRecord('Leads', {
			First_Name: 'Gareth',
			Last_Name: 'Legacy',
			Company: 'Old Books',
			Mobile: '07700 900123',
		});
		await f.api.simulateMessage({
			phone: '+447700900123',
			name: 'Gareth',
			text: 'Do you still buy old books?',
		});
		const [execution] = await f.pipeline.settle();

		expect(execution.matched.map((i) => (i.json.zoho as { id: string }).id)).toEqual([lead.id]);
		expect(await f.api.recordsWhere('Leads', 'Mobile', '+447700900123')).toEqual([]);
		const notes = await f.api.notesOf('Leads', lead.id);
		expect(notes).toHaveLength(1);
		expect(notes[0].Note_Content).toContain('Do you still buy old books?');
	});
});
