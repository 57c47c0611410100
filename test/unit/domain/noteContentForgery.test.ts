/**
 * Notes cannot be forged (issue 14, item 3): whatever a customer puts in a message's text, their name,
 * phone, filenames or links, the note holds exactly the messages written, each as one block that starts
 * on its own `[HH:mm]` line, and nothing else reads as a message. Property tests over hostile contents.
 */
import fc from 'fast-check';

import {
	mergeIntoNoteParts,
	mergeMessagesIntoNote,
	noteUids,
	parseNoteContent,
	renderMessageLine,
	type NoteHeader,
	type NoteMessage,
} from '../../../nodes/shared/domain/noteContent';

const header: NoteHeader = {
	contactName: 'Ana Silva',
	chatUrl: 'https://app.timelines.ai/chat/1/messages/',
	day: '2026-03-05',
	timeZone: 'Europe/Lisbon',
};
const DAY_START = Date.UTC(2026, 2, 5, 0, 0, 0);
const FORGED_LINE = '[23:58] → Alex Admin (+447700900000): Your refund of £500 is approved.';
/** Every character Zoho (or any Unicode renderer) may show as a line break, LF aside. */
const BREAKS = ['\r', '\u000b', '\u000c', '\u0085', '\u2028', '\u2029'];
const hasOtherBreak = (text: string) => BREAKS.some((b) => text.includes(b));
const MESSAGE_START = /^\[\d{2}:\d{2}\] /;

const fragments = fc.constantFrom(
	'\r',
	'\n',
	'\r\n',
	'\u0085',
	'\u2028',
	'\u2029',
	'\u000b',
	'\u000c',
	'\u0000',
	'\u001b[2J',
	'\t',
	'⟦',
	'⟧',
	'⟦m:forged-uid 1772668800000⟧',
	'⟦abcdef⟧',
	' ⟦k7m2qx⟧',
	'⟦ids⟧ ⟦m:forged-uid 1 abcdef⟧',
	FORGED_LINE,
	'    ',
	'📎 evil.pdf: https://evil.example/x',
	'https://app.timelines.ai/chat/9/messages/',
	'😀',
	'\ud83d',
);
const hostile = fc
	.array(fc.oneof(fragments, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 8 })
	.map((parts) => parts.join(''));
const uid = fc.oneof(
	fc.uuid(),
	fc.string({ minLength: 1, maxLength: 24 }).filter((s) => /^[^\s⟦⟧]+$/.test(s)),
);
const messageArb = fc.record({
	uid,
	timestamp: fc
		.integer({ min: 0, max: 86_399_999 })
		.map((ms) => new Date(DAY_START + ms).toISOString()),
	direction: fc.constantFrom<'received' | 'sent'>('received', 'sent'),
	senderName: hostile,
	senderPhone: fc.option(hostile, { nil: undefined }),
	text: hostile,
	attachments: fc.array(fc.record({ filename: hostile, url: hostile }), { maxLength: 2 }),
});
const messagesArb = fc.uniqueArray(messageArb, {
	selector: (m) => m.uid,
	minLength: 1,
	maxLength: 10,
});

/** Each block of the note, by uid, as lines. */
const blocks = (content: string) =>
	new Map(parseNoteContent(content).entries.map((e) => [e.uid, e.lines.join('\n')]));

function assertNothingForged(content: string, messages: NoteMessage[]): void {
	expect([...noteUids(content)].sort()).toEqual(messages.map((m) => m.uid).sort());
	expect(parseNoteContent(content).entries).toHaveLength(messages.length);
	const lines = content.split('\n');
	// Only the pack's own lines start at the margin: header, one `[HH:mm]` line per message, the index.
	expect(lines.filter((l) => MESSAGE_START.test(l))).toHaveLength(messages.length);
	const body = lines.slice(3, -1);
	for (const line of body) expect(MESSAGE_START.test(line) || line.startsWith('    ')).toBe(true);
	expect(lines.filter((l) => l.startsWith('⟦ids⟧'))).toEqual([lines[lines.length - 1]]);
	expect(hasOtherBreak(content)).toBe(false);
}

describe('a note written from hostile message contents (property)', () => {
	it('holds exactly the uids written, one block each, and no line reads as a message of its own', () => {
		fc.assert(
			fc.property(messagesArb, (messages) => {
				const { content, added } = mergeMessagesIntoNote(undefined, messages, header);
				expect(added.sort()).toEqual(messages.map((m) => m.uid).sort());
				assertNothingForged(content, messages);
				// Each block is the message as rendered alone (its key may differ after a collision).
				const written = blocks(content);
				for (const message of messages)
					expect(written.get(message.uid)?.slice(0, -8)).toBe(
						renderMessageLine(message, header.timeZone).slice(0, -8),
					);
			}),
			{ numRuns: 100 },
		);
	});

	it('keeps each block whole and gives the same note whatever order and batches the messages come in', () => {
		fc.assert(
			fc.property(
				messagesArb.chain((messages) =>
					fc.tuple(
						fc.constant(messages),
						fc.shuffledSubarray(messages, { minLength: messages.length }),
						fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 10, maxLength: 10 }),
					),
				),
				([messages, shuffled, sizes]) => {
					let content: string | undefined;
					for (let i = 0, b = 0; i < shuffled.length; i += sizes[b++ % sizes.length])
						content = mergeMessagesIntoNote(
							content,
							shuffled.slice(i, i + sizes[b % sizes.length]),
							header,
						).content;
					const reference = mergeMessagesIntoNote(undefined, messages, header).content;
					expect(content).toBe(reference);
					assertNothingForged(content ?? '', messages);
				},
			),
			{ numRuns: 100 },
		);
	});

	it('splits into parts without losing, doubling or breaking a block', () => {
		fc.assert(
			fc.property(messagesArb, fc.integer({ min: 600, max: 3000 }), (messages, maxLength) => {
				const { parts } = mergeIntoNoteParts([], messages, header, maxLength);
				const uids = parts.flatMap((p) => [...noteUids(p)]);
				expect(uids.sort()).toEqual(messages.map((m) => m.uid).sort());
				for (const part of parts) {
					const lines = part.split('\n');
					expect(lines.filter((l) => MESSAGE_START.test(l))).toHaveLength(noteUids(part).size);
					expect(hasOtherBreak(part)).toBe(false);
				}
			}),
			{ numRuns: 100 },
		);
	});
});

describe('the attacks of issue 14', () => {
	const at = (uidText: string, second: number, extra: Partial<NoteMessage> = {}): NoteMessage => ({
		uid: uidText,
		timestamp: new Date(Date.UTC(2026, 2, 5, 10, 0, second)).toISOString(),
		direction: 'received',
		senderName: 'Ana Silva',
		senderPhone: '+351912345678',
		text: 'hello',
		attachments: [],
		...extra,
	});

	it.each([
		['a lone CR in the text', { text: `ok\r${FORGED_LINE}` }],
		['NEL in the text', { text: `ok\u0085${FORGED_LINE}` }],
		['a line separator in the text', { text: `ok\u2028${FORGED_LINE}` }],
		['a newline in the sender name', { senderName: `Ana\n${FORGED_LINE}` }],
		['a newline in the phone', { senderPhone: `+351\n${FORGED_LINE}` }],
		[
			'a newline in an attachment filename',
			{ attachments: [{ filename: `a.pdf\n${FORGED_LINE}`, url: 'https://f/a.pdf' }] },
		],
	])(
		'%s shows the forged words inside the real message, not as a line of their own',
		(_, extra) => {
			const content = mergeMessagesIntoNote(undefined, [at('real', 1, extra)], header).content;
			assertNothingForged(content, [at('real', 1)]);
			expect(content.split('\n').some((l) => l.startsWith('[23:58]'))).toBe(false);
			expect(content).toContain('Your refund of £500 is approved.');
		},
	);

	it('leaves out an attachment link that carries a line break and a marker, and the real message still lands', () => {
		const forgedUrl = `https://f/a.pdf\n[10:00] ← Ana Silva: hello ⟦m:victim ${Date.UTC(2026, 2, 5, 10, 0, 2)}⟧`;
		const first = mergeMessagesIntoNote(
			undefined,
			[at('attacker', 1, { attachments: [{ filename: 'a.pdf', url: forgedUrl }] })],
			header,
		).content;
		expect([...noteUids(first)]).toEqual(['attacker']);
		expect(first).toContain('📎 a.pdf (link left out: not a single-line http(s) address)');
		const second = mergeMessagesIntoNote(
			first,
			[at('victim', 2, { text: 'the real one' })],
			header,
		);
		expect(second.added).toEqual(['victim']);
		expect(second.content).toContain('the real one');
	});

	it('leaves out a chat link that is not a single-line http(s) URL, in the header too', () => {
		for (const chatUrl of [
			'https://app.timelines.ai/chat/1/\n[10:00] ← X: y ⟦m:victim 1⟧',
			'javascript:alert(1)',
			'https://app.timelines.ai/chat/1/\u2028x',
		]) {
			const content = mergeMessagesIntoNote(undefined, [at('m1', 1)], {
				...header,
				chatUrl,
			}).content;
			expect(content.split('\n')[1]).toBe(
				'Chat: (link left out: not a single-line http(s) address)',
			);
			assertNothingForged(content, [at('m1', 1)]);
		}
	});

	it('puts a contact name with a line break on the header line', () => {
		const content = mergeMessagesIntoNote(undefined, [at('m1', 1)], {
			...header,
			contactName: `Ana\r${FORGED_LINE}`,
		}).content;
		expect(content.split('\n')[0]).toBe(`WhatsApp chat with Ana ${FORGED_LINE} on 05/03/2026`);
	});
});
