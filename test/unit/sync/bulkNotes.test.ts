import { resetNoteWriteWatch } from '../../../nodes/shared/coordination/noteWriteWatch';
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import {
	BULK_WINDOW_MAX_MS,
	BULK_WINDOW_MS,
	bulkNoteStats,
	bulkWindowMs,
	resetBulkNoteCalls,
} from '../../../nodes/shared/sync/bulkNoteCalls';
import {
	recordCreditSpend,
	resetCreditLedgers,
	setCreditBudget,
} from '../../../nodes/shared/transport/zoho/zohoCredits';
import {
	upsertDailyNote,
	type DailyNoteOptions,
	type DailyNoteTarget,
} from '../../../nodes/shared/sync/upsertDailyNote';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

// Cross-record group commit: the daily note commits of many records share one bulk read and one bulk write.

beforeEach(() => {
	resetNoteWriteWatch();
	resetBulkNoteCalls();
});

let run = 0;
const options: DailyNoteOptions = {
	writeMode: 'readBeforeWrite',
	maxNoteLength: 32000,
	attachments: { upload: false, maxBytes: 0 },
};
const noDownload = async (): Promise<Buffer> => {
	throw new Error('no download expected');
};
const message = (uid: string, minute: number): NoteMessage => ({
	uid,
	timestamp: new Date(Date.UTC(2026, 2, 5, 10, minute)).toISOString(),
	direction: 'received',
	senderName: 'Ana',
	text: `hello ${uid}`,
	attachments: [],
});

function records(n: number) {
	const credentialId = `bulk-${run++}`;
	return Array.from(
		{ length: n },
		(_, i): DailyNoteTarget => ({
			credentialId,
			module: 'Contacts',
			recordId: `${credentialId}-C${i}`,
			day: '2026-03-05',
			contactName: `Contact ${i}`,
			chatUrl: 'https://app.timelines.ai/chat/1/messages/',
			timeZone: 'Europe/London',
		}),
	);
}

/** One message to each record, all at once (as one execution's items for different chats). */
async function oneEach(zoho: InMemoryZohoCrm, targets: DailyNoteTarget[], round: number) {
	return await Promise.all(
		targets.map(
			async (target, i) =>
				await upsertDailyNote(
					zoho,
					noDownload,
					target,
					[message(`r${round}-${i}`, round)],
					options,
				),
		),
	);
}

const contentOf = (zoho: InMemoryZohoCrm, recordId: string) =>
	zoho.notes.find((note) => note.recordId === recordId)?.Note_Content ?? '';
const occurrences = (text: string, uid: string) => text.split(`⟦m:${uid} `).length - 1;

it('writes the notes of many records with one bulk create, then one bulk read and one bulk update per round', async () => {
	const zoho = new InMemoryZohoCrm().enableBulkNotes();
	const targets = records(12);
	await oneEach(zoho, targets, 1);
	expect(zoho.bulkCalls.filter(([kind]) => kind === 'create')).toEqual([['create', 12]]);
	zoho.bulkCalls = [];
	const callsBefore = zoho.callCount;
	await oneEach(zoho, targets, 2);
	expect(zoho.callCount - callsBefore).toBe(2);
	expect(zoho.bulkCalls).toEqual([
		['read', 12],
		['update', 12],
	]);
	for (const [i, target] of targets.entries()) {
		const content = contentOf(zoho, target.recordId);
		expect(occurrences(content, `r1-${i}`)).toBe(1);
		expect(occurrences(content, `r2-${i}`)).toBe(1);
	}
	expect(bulkNoteStats(targets[0].credentialId)?.updates.largest).toBe(12);
});

it('a bulk update with one refused note writes the others and sends only that one again, alone', async () => {
	const zoho = new InMemoryZohoCrm().enableBulkNotes();
	const targets = records(5);
	await oneEach(zoho, targets, 1);
	const refused = zoho.notes.find((note) => note.recordId === targets[2].recordId)!.id;
	zoho.refuseInBulk.add(refused);
	zoho.bulkCalls = [];
	const callsBefore = zoho.callCount;
	const results = await oneEach(zoho, targets, 2);
	expect(results.flat().every((r) => !(r instanceof Error))).toBe(true);
	expect(zoho.bulkCalls).toEqual([
		['read', 5],
		['update', 5],
	]);
	// Bulk read + bulk update + the refused note's own PUT.
	expect(zoho.callCount - callsBefore).toBe(3);
	for (const [i, target] of targets.entries())
		expect(occurrences(contentOf(zoho, target.recordId), `r2-${i}`)).toBe(1);
});

it("a person's edit in Zoho since the pack's last write is read in bulk and kept", async () => {
	const zoho = new InMemoryZohoCrm().enableBulkNotes();
	const targets = records(4);
	await oneEach(zoho, targets, 1);
	const edited = zoho.notes.find((note) => note.recordId === targets[1].recordId)!;
	edited.Note_Content = `${edited.Note_Content}\nCalled back, wants the quote by Friday`;
	edited.Modified_Time = new Date(Date.UTC(2026, 0, 2)).toISOString();
	await oneEach(zoho, targets, 2);
	const content = contentOf(zoho, targets[1].recordId);
	expect(content).toContain('Called back, wants the quote by Friday');
	expect(occurrences(content, 'r2-1')).toBe(1);
});

it('without an administrator connection each note is read on its own (GET /Notes is refused), and written in bulk', async () => {
	const zoho = new InMemoryZohoCrm().enableBulkNotes();
	zoho.admin = false;
	const targets = records(6);
	await oneEach(zoho, targets, 1);
	zoho.bulkCalls = [];
	const callsBefore = zoho.callCount;
	await oneEach(zoho, targets, 2);
	expect(zoho.bulkCalls).toEqual([['update', 6]]);
	// The refused bulk read, 6 reads, 1 bulk update; the next round does not ask for the bulk read again.
	expect(zoho.callCount - callsBefore).toBe(8);
	zoho.bulkCalls = [];
	const again = zoho.callCount;
	await oneEach(zoho, targets, 3);
	expect(zoho.callCount - again).toBe(7);
	for (const [i, target] of targets.entries())
		for (const round of [1, 2, 3])
			expect(occurrences(contentOf(zoho, target.recordId), `r${round}-${i}`)).toBe(1);
});

it('a note deleted in Zoho is missing from the bulk read: it alone is listed again and written as a new note', async () => {
	const zoho = new InMemoryZohoCrm().enableBulkNotes();
	const targets = records(3);
	await oneEach(zoho, targets, 1);
	const gone = zoho.notes.find((note) => note.recordId === targets[0].recordId)!;
	zoho.deleteNote(gone.id);
	await oneEach(zoho, targets, 2);
	expect(contentOf(zoho, targets[0].recordId)).toContain('⟦m:r2-0 ');
	for (const [i, target] of targets.entries()) {
		expect(zoho.notes.filter((note) => note.recordId === target.recordId)).toHaveLength(1);
		expect(occurrences(contentOf(zoho, target.recordId), `r2-${i}`)).toBe(1);
	}
});

it('waits longer for more notes per call as the projected 24-hour use nears the daily credit budget', () => {
	let now = Date.UTC(2026, 11, 1, 9);
	resetCreditLedgers(() => now);
	try {
		setCreditBudget('tight', 1440);
		expect(bulkWindowMs('tight')).toBe(BULK_WINDOW_MS);
		// 0.25 a minute projects 360 a day: a quarter of the budget.
		for (let m = 0; m < 60; m++, now += 60_000) recordCreditSpend('tight', 0.25);
		expect(bulkWindowMs('tight')).toBe(BULK_WINDOW_MS);
		// 0.75 a minute: 1 080 a day, three quarters of it.
		for (let m = 0; m < 60; m++, now += 60_000) recordCreditSpend('tight', 0.75);
		const window = bulkWindowMs('tight');
		expect(window).toBeGreaterThan(BULK_WINDOW_MS);
		expect(window).toBeLessThan(BULK_WINDOW_MAX_MS);
		// 2 a minute: past the budget.
		for (let m = 0; m < 60; m++, now += 60_000) recordCreditSpend('tight', 2);
		expect(bulkWindowMs('tight')).toBe(BULK_WINDOW_MAX_MS);
		expect(bulkWindowMs('no budget')).toBe(BULK_WINDOW_MS);
	} finally {
		resetCreditLedgers();
	}
});
