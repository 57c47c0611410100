/**
 * Issue 14, "Notes read badly": the per-line marker sales staff read in Zoho is short (≤ 12 visible
 * characters), and notes written with the old `⟦m:<uid> <epoch>⟧` marker still parse and take new messages
 * exactly once (through the bundled workflow against the sandbox).
 */
import { noteUids } from '../../nodes/shared/domain/noteContent';
import {
	startPipelineFixture,
	type PipelineFixture,
} from '../integration/nodes/harness/pipelineFixture';
import { zoho } from '../integration/sandbox/zohoHttp';
import { deliver, genuinePayload, type Payload } from './hostileDelivery';

let f: PipelineFixture;

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: 'Europe/London', numberPrefix: '+3461236' });
});

afterAll(async () => {
	await f?.close();
});

beforeEach(() => f.use());

async function notesOf(phone: string) {
	const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
	return await f.api.notesOf('Leads', lead.id);
}

describe('what sales staff read in a note', () => {
	it('ends every message line with a marker of at most 12 visible characters', async () => {
		const phone = f.newNumber();
		for (const text of ['first', 'second\nwith a second line', 'third'])
			await f.api.simulateMessage({ phone, name: 'Ana', text });
		await f.pipeline.settle();
		const [note] = await notesOf(phone);
		const lines = note.Note_Content.split('\n');
		const messageLines = lines.filter((line) => /^\[\d{2}:\d{2}\] /.test(line));
		expect(messageLines).toHaveLength(3);
		// Every marker on a line people read (the index line at the end aside).
		const markers = lines
			.filter((line) => !line.startsWith('⟦ids⟧'))
			.flatMap((line) => line.match(/⟦[^⟧]*⟧/g) ?? []);
		expect(markers).toHaveLength(3);
		for (const marker of markers) expect([...marker].length).toBeLessThanOrEqual(12);
		expect(lines.filter((line) => line.includes('⟦m:'))).toHaveLength(1);
		expect(lines.at(-1)).toMatch(/^⟦ids⟧ /);
	});

	it('merges new messages into a note written with the old marker, exactly once, leaving its lines as they were', async () => {
		const { body, phone } = await genuinePayload(f, 'written with the old marker');
		const [note] = await notesOf(phone);
		const firstUid = [...noteUids(note.Note_Content)][0];
		// The same note as the pack wrote it before: header, one block per message with ⟦m:<uid> <epoch>⟧.
		const [title, chat] = note.Note_Content.split('\n');
		const old = [
			title,
			chat,
			'',
			`[00:01] ← Ana (+${phone.slice(1)}): written with the old marker ⟦m:${firstUid} ${Date.now() - 60_000}⟧`,
			`[00:02] ← Ana (+${phone.slice(1)}): and without a time ⟦m:legacy-no-time⟧`,
		].join('\n');
		const put = await zoho(f.sandbox.url, 'PUT', `/Notes/${note.id}`, {
			data: [{ Note_Content: old }],
		});
		expect(put.status).toBe(200);

		// A new message, then redeliveries of both old ones.
		expect((await deliver(f, body)).status).toBe(200);
		const again = structuredClone(body);
		again.message.message_uid = firstUid;
		expect((await deliver(f, again)).status).toBe(200);
		const legacy: Payload = structuredClone(body);
		legacy.message.message_uid = 'legacy-no-time';
		expect((await deliver(f, legacy)).status).toBe(200);
		await f.pipeline.settle();

		const notes = await notesOf(phone);
		expect(notes).toHaveLength(1);
		const content = notes[0].Note_Content;
		expect([...noteUids(content)].sort()).toEqual(
			[firstUid, 'legacy-no-time', String(body.message.message_uid)].sort(),
		);
		// The old lines are kept as written; the new one reads with the short marker.
		for (const line of old.split('\n').slice(3)) expect(content).toContain(line);
		expect(
			content.split('\n').filter((line) => line.includes('written with the old marker')),
		).toHaveLength(2);
		expect(content).toMatch(/: written with the old marker ⟦[0-9a-z]{6}⟧/);
	});
});
