/**
 * The pack's real node classes chained as the bundled sync workflow (TimelinesAI Trigger → Resolve Owner →
 * Match or Create → Upsert Daily Note), fed by the sandbox's TimelinesAI webhooks and talking to its Zoho
 * CRM over HTTP with an OAuth2 credential connected through the sandbox's consent flow. Assertions read
 * Zoho's state from the sandbox. The org's time zone is Asia/Kolkata (UTC+05:30), so a note day computed
 * in UTC would be wrong for 18:30–24:00 UTC.
 */
import { DateTime } from 'luxon';

import { messageLines, occurrences, startPipelineFixture, type PipelineFixture } from './harness/pipelineFixture';
import type { Execution } from './harness/syncPipeline';

const ORG_TIME_ZONE = 'Asia/Kolkata';
let f: PipelineFixture;

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: ORG_TIME_ZONE, numberPrefix: '+3461230' });
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
	it('creates a lead with name, E.164 phone, chat link, lead source TimelinesAI and owner, and today\'s note titled with the org day', async () => {
		const phone = f.newNumber();
		const [timestamp] = f.todayTimestamps(1);
		const sent = await f.api.simulateMessage({ phone, name: 'Jane Doe', text: 'Is the blue sofa still available?', responsible_email: 'sam.sales@sandbox.example', timestamp });
		const [execution] = await f.pipeline.settle();

		expect(execution.created).toHaveLength(1);
		const lead = await leadOf(phone);
		expect(lead).toMatchObject({ First_Name: 'Jane', Last_Name: 'Doe', Mobile: phone, Lead_Source: 'TimelinesAI', WhatsApp_Chat_Link: `${f.sandbox.url}/chat/${sent.chat_id}/messages/` });
		expect((lead.Owner as { id: string }).id).toBe((await f.api.userByEmail('sam.sales@sandbox.example')).id);
		const notes = await f.api.notesOf('Leads', lead.id);
		expect(notes.map((n) => n.Note_Title)).toEqual([`WhatsApp Chat with Jane Doe (${f.orgDay(timestamp)})`]);
		expect(notes[0].Note_Content).toContain('Is the blue sofa still available?');
		expect(messageLines(notes[0].Note_Content)).toBe(1);
	});
});
