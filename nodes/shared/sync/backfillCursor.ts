import type { HistoryAccount } from '../transport/timelinesai/history';
import type { BackfillCursor, BackfillTotals } from './backfillBatch';
import type { NumberStatus } from './creditEstimate';

// The cursor arrives as the JSON of an item on the node's input (its own Next Batch output wired back):
// untrusted like any item, so it is read field by field; anything unreadable means "start over", which
// a backfill survives (the sync log and the note merge by uid keep every message once).

type Json = Record<string, unknown>;

const object = (value: unknown): Json | undefined =>
	typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: undefined;
const count = (value: unknown): number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
const ids = (value: unknown): number[] =>
	Array.isArray(value) ? value.filter((id): id is number => Number.isSafeInteger(id)) : [];
const STATUSES: NumberStatus[] = ['found', 'converted', 'new', 'unknown'];

function totalsOf(value: Json): BackfillTotals {
	return {
		batches: count(value.batches),
		chats: count(value.chats),
		chatsWithMessages: count(value.chatsWithMessages),
		messages: count(value.messages),
		attachments: count(value.attachments),
		numbers: count(value.numbers),
		recordsToCreate: value.recordsToCreate === null ? null : count(value.recordsToCreate),
		recordDays: count(value.recordDays),
		estimatedCredits: count(value.estimatedCredits),
		lookUpCredits: count(value.lookUpCredits),
		timelinesRequests: count(value.timelinesRequests),
		truncatedChats: ids(value.truncatedChats),
	};
}

function accountsOf(value: unknown): HistoryAccount[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((entry) => {
		const account = object(entry);
		if (!account || typeof account.id !== 'string') return [];
		const text = (field: unknown) => (typeof field === 'string' ? field : undefined);
		return [
			{
				id: account.id,
				phone: text(account.phone),
				ownerName: text(account.ownerName),
				ownerEmail: text(account.ownerEmail),
			},
		];
	});
}

/** The cursor in an input item's `backfill` field; undefined when there is none (a first batch). */
export function readBackfillCursor(value: unknown): BackfillCursor | undefined {
	const cursor = object(value);
	const totals = object(cursor?.totals);
	if (
		!cursor ||
		!totals ||
		typeof cursor.startMs !== 'number' ||
		typeof cursor.endMs !== 'number' ||
		typeof cursor.timeZone !== 'string'
	)
		return undefined;
	const numbers = Object.entries(object(cursor.numbers) ?? {}).filter(
		(entry): entry is [string, NumberStatus] => STATUSES.includes(entry[1] as NumberStatus),
	);
	return {
		startMs: cursor.startMs,
		endMs: cursor.endMs,
		timeZone: cursor.timeZone,
		remainingChatIds: ids(cursor.remainingChatIds),
		accounts: accountsOf(cursor.accounts),
		numbers: Object.fromEntries(numbers),
		lastChatId: Number.isSafeInteger(cursor.lastChatId) ? (cursor.lastChatId as number) : undefined,
		budgetStopsAfter:
			cursor.budgetStopsAfter === null
				? null
				: Number.isSafeInteger(cursor.budgetStopsAfter)
					? (cursor.budgetStopsAfter as number)
					: undefined,
		totals: totalsOf(totals),
	};
}
