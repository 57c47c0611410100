/**
 * Issue 14, "A customer can forge lines in the daily note": each attempt replayed through the bundled
 * workflow against the sandbox; the note Zoho stores holds every real message once, as one block starting
 * on its own `[HH:mm]` line, and nothing the customer wrote reads as a line of its own or as a marker.
 */
import { randomUUID } from 'node:crypto';

import { noteUids, parseNoteContent } from '../../nodes/shared/domain/noteContent';
import { messageKey } from '../../nodes/shared/domain/noteMarker';
import {
	startPipelineFixture,
	type PipelineFixture,
} from '../integration/nodes/harness/pipelineFixture';
import { FORGED_LINE, deliver, genuinePayload, notesOfContact } from './hostileDelivery';

let f: PipelineFixture;

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: 'Europe/London', numberPrefix: '+3461232' });
});

afterAll(async () => {
	await f?.close();
});

beforeEach(() => f.use());

const MESSAGE_START = /^\[\d{2}:\d{2}\] /;
/** Characters Zoho (or any Unicode renderer) may show as a line break, LF aside. */
const BREAKS_OTHER_THAN_LF = ['\r', '\u000b', '\u000c', '\u0085', '\u2028', '\u2029'];

/** Lines at the margin that read as a message: one per real message, none forged. */
function messageLines(content: string): string[] {
	return content.split('\n').filter((line) => MESSAGE_START.test(line));
}

async function onlyNote(phone: string): Promise<string> {
	const notes = await notesOfContact(f, phone);
	expect(notes).toHaveLength(1);
	return notes[0];
}

describe('a customer forging lines in the daily note', () => {
	it.each([
		['a lone CR in the text', { text: `Hi\r${FORGED_LINE}` }],
		['CR LF in the text', { text: `Hi\r\n${FORGED_LINE}` }],
		['NEL in the text', { text: `Hi\u0085${FORGED_LINE}` }],
		['a line or paragraph separator in the text', { text: `Hi\u2028${FORGED_LINE}\u2029x` }],
		['a vertical tab or form feed in the text', { text: `Hi\u000b${FORGED_LINE}\u000cx` }],
		['a newline in the sender name', { name: `Ana\n${FORGED_LINE}`, text: 'Hi' }],
		[
			'a newline in an attachment filename',
			{ text: 'Hi', attachments: [{ filename: `a.pdf\n${FORGED_LINE}`, size: 10 }] },
		],
	])('%s: the forged words stay inside the real message', async (_, attempt) => {
		const phone = f.newNumber();
		const { message_uid } = await f.api.simulateMessage({ phone, name: 'Ana', ...attempt });
		await f.pipeline.settle();

		const note = await onlyNote(phone);
		expect([...noteUids(note)]).toEqual([message_uid]);
		expect(messageLines(note)).toHaveLength(1);
		expect(messageLines(note)[0]).not.toMatch(/^\[23:58\]/);
		expect(note).toContain('Your refund of £500 is approved.');
		expect(BREAKS_OTHER_THAN_LF.filter((b) => note.includes(b))).toEqual([]);
	});

	it('keeps a forged block whole when an older message is merged before it later', async () => {
		const phone = f.newNumber();
		const [older, newer] = f.todayTimestamps(2);
		const forged = await f.api.simulateMessage({
			phone,
			name: 'Ana',
			text: `first line\r${FORGED_LINE}\rlast line`,
			timestamp: newer,
		});
		await f.pipeline.settle();
		const late = await f.api.simulateMessage({
			phone,
			name: 'Ana',
			text: 'sent earlier, arrives later',
			timestamp: older,
		});
		await f.pipeline.settle();

		const note = await onlyNote(phone);
		const entries = parseNoteContent(note).entries;
		expect(entries.map((e) => e.uid)).toEqual([late.message_uid, forged.message_uid]);
		const block = entries[1].lines;
		expect(block).toHaveLength(3);
		expect(block[0]).toMatch(/^\[\d{2}:\d{2}\] ← Ana \(\+\d+\): first line$/);
		expect(block[1]).toBe(`    ${FORGED_LINE}`);
		expect(block[2]).toMatch(/^ {4}last line ⟦[0-9a-z]{6}⟧$/);
	});

	it('cannot suppress a real message by putting its marker in an attachment link or the chat link', async () => {
		f.use({ 'Upsert Daily Note': { options: { uploadAttachments: false } } });
		const { body, phone } = await genuinePayload(f);
		const victimUid = randomUUID();
		const marker = `\n[10:00] ← Ana: hi ⟦m:${victimUid} ${Date.now()}⟧`;
		body.chat.chat_url = `https://app.timelines.ai/chat/1/messages/${marker}`;
		body.message.text = 'carrying forged links';
		body.message.attachments = [
			{
				temporary_download_url: `https://files.example/a.pdf${marker}`,
				filename: 'a.pdf',
				size: 1,
			},
		];
		expect((await deliver(f, body)).status).toBe(200);
		await f.pipeline.settle();
		const victim = structuredClone(body);
		victim.message.message_uid = victimUid;
		victim.message.text = 'the real message';
		victim.message.attachments = [];
		expect((await deliver(f, victim)).status).toBe(200);
		await f.pipeline.settle();

		const note = await onlyNote(phone);
		expect(noteUids(note).has(victimUid)).toBe(true);
		expect(note).toContain('the real message');
		expect(note).toContain('📎 a.pdf (link left out: not a single-line http(s) address)');
		expect(messageLines(note)).toHaveLength(3); // the genuine one, the forging one, the victim
	});

	it('cannot suppress a real message by writing its marker (old, short or index form) in the text', async () => {
		const { body, phone } = await genuinePayload(f);
		const victimUid = randomUUID();
		const key = messageKey(victimUid);
		body.message.text = [
			'carrying forged markers',
			`[10:00] ← Ana: hi ⟦m:${victimUid} ${Date.now()}⟧`,
			`[10:01] ← Ana: hi ⟦${key}⟧`,
			`⟦ids⟧ ⟦m:${victimUid} ${Date.now()} ${key}⟧`,
		].join('\r');
		expect((await deliver(f, body)).status).toBe(200);
		await f.pipeline.settle();
		const victim = structuredClone(body);
		victim.message.message_uid = victimUid;
		victim.message.text = 'the real message';
		expect((await deliver(f, victim)).status).toBe(200);
		await f.pipeline.settle();

		const note = await onlyNote(phone);
		expect(noteUids(note).has(victimUid)).toBe(true);
		expect(note).toContain('the real message');
		expect(messageLines(note)).toHaveLength(3); // the genuine one, the forging one, the victim
		expect(parseNoteContent(note).entries.map((entry) => entry.uid)).toHaveLength(3);
	});

	it("leaves a forged chat link out of a new note's header", async () => {
		const { body } = await genuinePayload(f);
		const phone = f.newNumber();
		Object.assign(body.chat, {
			phone,
			chat_url: 'https://app.timelines.ai/chat/1/messages/\u2028⟦m:x 1⟧',
		});
		body.message.sender = { full_name: 'New Contact', phone };
		expect((await deliver(f, body)).status).toBe(200);
		await f.pipeline.settle();

		const note = await onlyNote(phone);
		expect(note.split('\n')[1]).toBe('Chat: (link left out: not a single-line http(s) address)');
		expect([...noteUids(note)]).toEqual([body.message.message_uid]);
	});
});
