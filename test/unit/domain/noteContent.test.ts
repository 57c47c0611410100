import fc from 'fast-check';

import { messageKey } from '../../../nodes/shared/domain/noteMarker';
import {
	mergeIntoNoteParts,
	mergeMessagesIntoNote,
	noteUids,
	parseNoteContent,
	renderMessageLine,
	serialiseNote,
	type NoteMessage,
} from '../../../nodes/shared/domain/noteContent';

const header = {
	contactName: 'Ana Silva',
	chatUrl: 'https://app.timelines.ai/chat/1/messages/',
	day: '2026-03-05',
	timeZone: 'Europe/Lisbon',
};
const message = (uid: string, second: number, extra: Partial<NoteMessage> = {}): NoteMessage => ({
	uid,
	timestamp: new Date(Date.UTC(2026, 2, 5, 10, 0, second)).toISOString(),
	direction: 'received',
	senderName: 'Ana Silva',
	senderPhone: '+351912345678',
	text: `hello ${uid}`,
	attachments: [],
	...extra,
});

describe('renderMessageLine', () => {
	it('shows local time, direction, sender, text and attachments as name + link', () => {
		const line = renderMessageLine(
			message('m1', 5, {
				direction: 'sent',
				senderName: 'Bob',
				senderPhone: undefined,
				text: 'see\nthis',
				attachments: [{ filename: 'a.pdf', url: 'https://files/a.pdf' }],
			}),
			'Asia/Dubai',
		);
		expect(line).toBe(
			`[14:00] → Bob: see\n    this\n    📎 a.pdf: https://files/a.pdf ⟦${messageKey('m1')}⟧`,
		);
	});

	it('strips marker brackets from hostile text so a message cannot forge another uid', () => {
		const forged = mergeMessagesIntoNote(
			undefined,
			[message('m1', 1, { text: 'hi ⟦m:m2 1⟧' })],
			header,
		).content;
		expect([...noteUids(forged)]).toEqual(['m1']);
	});

	it('refuses a uid with spaces and a bad timestamp, naming them', () => {
		expect(() => renderMessageLine(message('a b', 1), 'UTC')).toThrow('uid "a b"');
		expect(() => renderMessageLine(message('m', 1, { timestamp: 'soon' }), 'UTC')).toThrow(
			'timestamp "soon"',
		);
	});
});

describe('mergeMessagesIntoNote', () => {
	it('starts a note with a header carrying the chat link', () => {
		const { content, added } = mergeMessagesIntoNote(undefined, [message('m1', 1)], header);
		expect(content.split('\n').slice(0, 3)).toEqual([
			'WhatsApp chat with Ana Silva on 05/03/2026',
			`Chat: ${header.chatUrl}`,
			'',
		]);
		expect(added).toEqual(['m1']);
	});

	it('keeps a message delivered again exactly once and leaves the content untouched', () => {
		const first = mergeMessagesIntoNote(undefined, [message('m1', 1)], header).content;
		expect(mergeMessagesIntoNote(first, [message('m1', 1), message('m1', 1)], header)).toEqual({
			content: first,
			added: [],
		});
	});

	it('puts a late-arriving older message in timestamp order', () => {
		const late = mergeMessagesIntoNote(
			mergeMessagesIntoNote(undefined, [message('m3', 3)], header).content,
			[message('m1', 1)],
			header,
		).content;
		expect([...noteUids(late)]).toEqual(['m1', 'm3']);
	});

	it('keeps lines people added in Zoho, attached to the message before them', () => {
		const base = mergeMessagesIntoNote(
			undefined,
			[message('m1', 1), message('m3', 3)],
			header,
		).content;
		const m1Marker = `⟦${messageKey('m1')}⟧`;
		const edited = base.replace(m1Marker, `${m1Marker}\nCalled her back, all fine.`);
		const merged = mergeMessagesIntoNote(edited, [message('m2', 2)], header).content;
		const lines = merged.split('\n');
		expect(lines.findIndex((l) => l.startsWith('Called her back'))).toBe(
			lines.findIndex((l) => l.endsWith(m1Marker)) + 1,
		);
		expect([...noteUids(merged)]).toEqual(['m1', 'm2', 'm3']);
	});

	it('survives Zoho turning line ends into CRLF and reads markers written without a time', () => {
		const base = mergeMessagesIntoNote(undefined, [message('m1', 1)], header).content.replace(
			/\n/g,
			'\r\n',
		);
		expect(mergeMessagesIntoNote(base, [message('m1', 1)], header).added).toEqual([]);
		expect([...noteUids('Header\n[10:00] ← Ana: hi ⟦m:old⟧')]).toEqual(['old']);
	});

	it('round-trips parse and serialise byte for byte', () => {
		const lines = mergeMessagesIntoNote(
			undefined,
			[message('m1', 1, { text: 'a\nb' }), message('m2', 2)],
			header,
		).content.split('\n');
		const content = [...lines.slice(0, -1), 'free text', ...lines.slice(-1)].join('\n');
		expect(serialiseNote(parseNoteContent(content))).toBe(content);
	});

	it('keeps text typed after the index line, above it', () => {
		const written = mergeMessagesIntoNote(undefined, [message('m1', 1)], header).content;
		const lines = written.split('\n');
		const rewritten = serialiseNote(parseNoteContent(`${written}\nfree text`));
		expect(rewritten).toBe([...lines.slice(0, -1), 'free text', ...lines.slice(-1)].join('\n'));
	});

	it('gives the same note for any order, split and duplication of batches (property)', () => {
		const pool = Array.from({ length: 8 }, (_, i) =>
			message(`m${i}`, i % 3 === 0 ? 7 : i, { text: `text ${i}\nline` }),
		);
		const expected = mergeMessagesIntoNote(undefined, pool, header).content;
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 5 }), {
					minLength: 1,
					maxLength: 8,
				}),
				(batches) => {
					const covered = new Set(batches.flat().map((m) => m.uid));
					let content: string | undefined;
					for (const batch of batches)
						content = mergeMessagesIntoNote(content, batch, header).content;
					const reference = mergeMessagesIntoNote(
						undefined,
						pool.filter((m) => covered.has(m.uid)),
						header,
					).content;
					expect(content).toBe(reference);
					if (covered.size === pool.length) expect(content).toBe(expected);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('mergeIntoNoteParts', () => {
	it('writes into the last part while it fits', () => {
		const { parts, added } = mergeIntoNoteParts(
			[],
			[message('m1', 1), message('m2', 2)],
			header,
			10_000,
		);
		expect(parts).toHaveLength(1);
		expect(added).toEqual(['m1', 'm2']);
	});

	it('splits off a continuation part instead of exceeding the maximum length, every message once', () => {
		const messages = Array.from({ length: 20 }, (_, i) =>
			message(`m${i}`, i, { text: 'x'.repeat(100) }),
		);
		const { parts, added } = mergeIntoNoteParts([], messages, header, 800);
		expect(parts.length).toBeGreaterThan(2);
		for (const part of parts) expect(part.length).toBeLessThanOrEqual(800);
		expect(parts[1]).toMatch(/^WhatsApp chat with Ana Silva on 05\/03\/2026 \(continued, part 2\)/);
		expect(parts.flatMap((p) => [...noteUids(p)])).toEqual(messages.map((m) => m.uid));
		expect(added).toHaveLength(20);
	});

	it('skips messages already in an earlier part and leaves the earlier part alone', () => {
		const first = mergeIntoNoteParts([], [message('m1', 1)], header, 10_000).parts[0];
		const second = mergeIntoNoteParts(
			[first, undefined],
			[message('m1', 1), message('m2', 2)],
			header,
			10_000,
		);
		expect(second.added).toEqual(['m2']);
		expect([...noteUids(second.parts[0])]).toEqual(['m2']);
	});

	it('shortens a single message larger than a whole note but keeps its marker and attachment link', () => {
		const huge = message('big', 1, {
			text: 'y'.repeat(5000),
			attachments: [{ filename: 'f.png', url: 'https://f/f.png' }],
		});
		const { parts } = mergeIntoNoteParts(
			[mergeMessagesIntoNote(undefined, [message('m0', 0)], header).content],
			[huge],
			header,
			1500,
		);
		const last = parts[parts.length - 1];
		expect(last.length).toBeLessThanOrEqual(1500);
		expect(last).toContain('message shortened');
		expect(last).toContain('https://f/f.png');
		expect(noteUids(last).has('big')).toBe(true);
	});
});

describe('markers people can read past', () => {
	const legacyLine = (uid: string, second: number, text = `hello ${uid}`) =>
		`[10:00] ← Ana Silva (+351912345678): ${text} ⟦m:${uid} ${Date.UTC(2026, 2, 5, 10, 0, second)}⟧`;
	const legacyNote = [
		'WhatsApp chat with Ana Silva on 05/03/2026',
		`Chat: ${header.chatUrl}`,
		'',
		legacyLine('m1', 1),
		legacyLine('m3', 3),
	].join('\n');

	it('ends each block with an 8-character marker and keeps uid and time in one index line at the end', () => {
		const { content } = mergeMessagesIntoNote(
			undefined,
			[message('c7ec509d-0171-1ead-a84b-c6943a644768', 1, { text: 'a\nb' }), message('m2', 2)],
			header,
		);
		const lines = content.split('\n');
		const markers = lines.flatMap((l) => /( ⟦[^⟧]*⟧)$/.exec(l)?.[1] ?? []);
		expect(markers).toHaveLength(3); // two blocks and the index line's last entry
		for (const marker of markers.slice(0, 2)) expect(marker.trim()).toHaveLength(8);
		expect(lines[lines.length - 1]).toBe(
			`⟦ids⟧ ⟦m:c7ec509d-0171-1ead-a84b-c6943a644768 ${Date.UTC(2026, 2, 5, 10, 0, 1)} ${messageKey('c7ec509d-0171-1ead-a84b-c6943a644768')}⟧` +
				` ⟦m:m2 ${Date.UTC(2026, 2, 5, 10, 0, 2)} ${messageKey('m2')}⟧`,
		);
		expect(lines.filter((l) => l.includes('c7ec509d'))).toHaveLength(1);
	});

	it('still reads and merges a note written with the old marker, leaving its lines as they were', () => {
		expect([...noteUids(legacyNote)]).toEqual(['m1', 'm3']);
		const merged = mergeMessagesIntoNote(
			legacyNote,
			[message('m1', 1), message('m2', 2), message('m3', 3)],
			header,
		);
		expect(merged.added).toEqual(['m2']);
		expect([...noteUids(merged.content)]).toEqual(['m1', 'm2', 'm3']);
		const lines = merged.content.split('\n');
		expect(lines[3]).toBe(legacyLine('m1', 1));
		expect(lines[4]).toMatch(/^\[10:00\] ← Ana Silva \(\+351912345678\): hello m2 ⟦[0-9a-z]{6}⟧$/);
		expect(lines[5]).toBe(legacyLine('m3', 3));
		expect(mergeMessagesIntoNote(merged.content, [message('m2', 2)], header).added).toEqual([]);
	});

	it('tells two messages apart when their uids meet on the same key', () => {
		const seen = new Map<string, string>();
		let pair: [string, string] | undefined;
		for (let i = 0; !pair; i++) {
			const uid = `u${i}`;
			const other = seen.get(messageKey(uid));
			if (other) pair = [other, uid];
			seen.set(messageKey(uid), uid);
		}
		const first = mergeMessagesIntoNote(undefined, [message(pair[0], 1)], header).content;
		const both = mergeMessagesIntoNote(first, [message(pair[1], 2)], header);
		expect(both.added).toEqual([pair[1]]);
		expect([...noteUids(both.content)]).toEqual(pair);
		expect(both.content).toContain(`hello ${pair[1]}`);
		expect(mergeMessagesIntoNote(both.content, [message(pair[1], 2)], header).added).toEqual([]);
	});

	it('gets a block back whose index line was edited away, without writing the message twice', () => {
		const { content } = mergeMessagesIntoNote(
			undefined,
			[message('m1', 1), message('m2', 2)],
			header,
		);
		const withoutIndex = content.split('\n').slice(0, -1).join('\n');
		expect([...noteUids(withoutIndex)]).toEqual([]);
		const healed = mergeMessagesIntoNote(
			withoutIndex,
			[message('m1', 1), message('m2', 2)],
			header,
		);
		expect(healed).toEqual({ content, added: [] });
	});

	it('reads a block copied by hand as text, not as the message a second time', () => {
		const { content } = mergeMessagesIntoNote(undefined, [message('m1', 1)], header);
		const lines = content.split('\n');
		const copied = [...lines.slice(0, -1), lines[3], lines[lines.length - 1]].join('\n');
		const parsed = parseNoteContent(copied);
		expect(parsed.entries.filter((e) => e.uid === 'm1')).toHaveLength(1);
		expect([...noteUids(copied)]).toEqual(['m1']);
		expect(mergeMessagesIntoNote(copied, [message('m1', 1)], header).added).toEqual([]);
	});

	it('lists attachments that do not fit a note as a count instead of exceeding it', () => {
		const many = message('many', 1, {
			attachments: Array.from({ length: 500 }, (_, i) => ({
				filename: `photo-${i}.jpg`,
				url: `https://files.example/photo-${i}.jpg`,
			})),
		});
		const { parts } = mergeIntoNoteParts([], [many], header, 2000);
		expect(parts).toHaveLength(1);
		expect(parts[0].length).toBeLessThanOrEqual(2000);
		expect(parts[0]).toMatch(/📎 … \d+ more attachments, in the chat/);
		expect(noteUids(parts[0]).has('many')).toBe(true);
	});
});
