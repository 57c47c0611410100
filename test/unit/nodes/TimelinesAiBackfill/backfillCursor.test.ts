/**
 * The backfill's cursor comes back as an item's JSON (the node's Next Batch output wired into its input):
 * untrusted, so it is read field by field, and anything that is not a cursor starts the backfill over.
 */
import { readBackfillCursor } from '../../../../nodes/shared/sync/backfillCursor';

const cursor = {
	startMs: 1_790_000_000_000,
	endMs: 1_800_000_000_000,
	timeZone: 'Europe/Berlin',
	remainingChatIds: [12, 15],
	accounts: [{ id: 'acc-1', phone: '+447700900999' }],
	numbers: { '+447700900110': 'new' },
	lastChatId: 10,
	totals: { batches: 1, chats: 1, messages: 4, estimatedCredits: 10, recordsToCreate: null },
};

it('reads back what a batch handed on', () => {
	expect(readBackfillCursor(JSON.parse(JSON.stringify(cursor)))).toMatchObject({
		startMs: cursor.startMs,
		endMs: cursor.endMs,
		timeZone: 'Europe/Berlin',
		remainingChatIds: [12, 15],
		accounts: [{ id: 'acc-1', phone: '+447700900999' }],
		numbers: { '+447700900110': 'new' },
		lastChatId: 10,
		totals: { batches: 1, chats: 1, messages: 4, estimatedCredits: 10, recordsToCreate: null },
	});
});

it('starts over when the input is not a cursor (a Manual Trigger item, or something else)', () => {
	expect(readBackfillCursor(undefined)).toBeUndefined();
	expect(readBackfillCursor({})).toBeUndefined();
	expect(readBackfillCursor({ ...cursor, endMs: 'tomorrow' })).toBeUndefined();
	expect(readBackfillCursor({ ...cursor, totals: [] })).toBeUndefined();
});

it('drops what does not belong in a cursor instead of trusting it', () => {
	const read = readBackfillCursor({
		...cursor,
		remainingChatIds: [12, '13; DROP', 1.5, 15],
		accounts: [{ id: 7 }, 'x', { id: 'acc-2', phone: 5 }],
		numbers: { '+447700900110': 'found', '+447700900111': 'owned' },
		lastChatId: 'ten',
		totals: {
			...cursor.totals,
			messages: -3,
			estimatedCredits: Number.NaN,
			truncatedChats: ['x', 9],
		},
	});
	expect(read).toMatchObject({
		remainingChatIds: [12, 15],
		accounts: [{ id: 'acc-2', phone: undefined }],
		numbers: { '+447700900110': 'found' },
		lastChatId: undefined,
		totals: { messages: 0, estimatedCredits: 0, truncatedChats: [9] },
	});
});
