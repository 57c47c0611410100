import type { HistoryAccount, HistoryChat } from '../transport/timelinesai/history';
import type { BackfillItem, BackfillSource, BackfillWindow } from './backfillPlan';
import { backfillChats, readBackfillChat } from './backfillPlan';
import type { NumberStatus } from './creditEstimate';
import { BACKFILL_CREDIT_MODEL, chatCredits, chatWork } from './creditEstimate';

// History backfill, one batch: the first batch lists the chats of the window (ascending id), every batch
// reads the next `chatsPerBatch` of them, estimates what each chat costs in Zoho and, in a run, hands its
// messages on — unless the chat would pass the credit budget: then the run stops before it and reports the
// last chat done as the resume point. What the next batch needs travels as the cursor (an item of the
// node's Next Batch output, wired back into the node), so n8n shows each batch as a run of the node.

export interface BackfillSettings {
	mode: 'dryRun' | 'run';
	window: BackfillWindow;
	chatsPerBatch: number;
	/** Max estimated credits of the whole backfill; 0 = unlimited. */
	creditBudget: number;
}

export interface BackfillTotals {
	batches: number;
	chats: number;
	chatsWithMessages: number;
	messages: number;
	attachments: number;
	numbers: number;
	/** Numbers a look-up did not find in Zoho (null: not looked up). */
	recordsToCreate: number | null;
	recordDays: number;
	estimatedCredits: number;
	lookUpCredits: number;
	timelinesRequests: number;
	/** Chats with more history in the window than one backfill reads (MAX_BACKFILL_MESSAGE_PAGES_PER_CHAT). */
	truncatedChats: number[];
}

export interface BackfillCursor {
	/** The window, fixed by the first batch: "now", or a Start Date expression, may move between batches. */
	startMs: number;
	endMs: number;
	timeZone: string;
	remainingChatIds: number[];
	accounts: HistoryAccount[];
	/** Numbers counted so far and what a look-up found. */
	numbers: Record<string, NumberStatus>;
	/** The last chat whose messages were handed on (or estimated, in a dry run). */
	lastChatId?: number;
	/** A dry run: the last chat the budget would have let through, once it would have stopped. */
	budgetStopsAfter?: number | null;
	totals: BackfillTotals;
}

export interface BackfillBatchResult {
	items: BackfillItem[];
	cursor: BackfillCursor;
	/** Nothing left to read, or the budget stopped the run. */
	finished: boolean;
	/** The run stopped before this chat: its estimate would have passed the budget. */
	stoppedBeforeChatId?: number;
}

export interface BackfillDependencies {
	source: BackfillSource;
	/** The number's record in Zoho (dry run with look-ups); undefined: not looked up. */
	lookUp?: (e164: string) => Promise<NumberStatus>;
	lookUpCredits?: () => number;
	/** The org's time zone (the note's day); asked once, by the first batch. */
	timeZone: () => Promise<string>;
	now: number;
}

const emptyTotals = (): BackfillTotals => ({
	batches: 0,
	chats: 0,
	chatsWithMessages: 0,
	messages: 0,
	attachments: 0,
	numbers: 0,
	recordsToCreate: null,
	recordDays: 0,
	estimatedCredits: 0,
	lookUpCredits: 0,
	timelinesRequests: 0,
	truncatedChats: [],
});

async function firstCursor(
	deps: BackfillDependencies,
	settings: BackfillSettings,
): Promise<{ cursor: BackfillCursor; listed: Map<number, HistoryChat>; requests: number }> {
	const accounts = await deps.source.accounts();
	const listing = await backfillChats(deps.source, settings.window, accounts);
	const totals = emptyTotals();
	totals.estimatedCredits = BACKFILL_CREDIT_MODEL.perRun;
	return {
		cursor: {
			startMs: settings.window.startMs,
			endMs: Math.min(settings.window.endMs, deps.now),
			timeZone: await deps.timeZone(),
			remainingChatIds: listing.chats.map((chat) => chat.id),
			accounts,
			numbers: {},
			totals,
		},
		listed: new Map(listing.chats.map((chat) => [chat.id, chat])),
		requests: 1 + listing.requests,
	};
}

/** One batch of the backfill; `previous` is the cursor the last batch handed on (undefined: the first). */
export async function runBackfillBatch(
	deps: BackfillDependencies,
	settings: BackfillSettings,
	previous: BackfillCursor | undefined,
): Promise<BackfillBatchResult> {
	let listed = new Map<number, HistoryChat>();
	let requests = 0;
	let cursor: BackfillCursor;
	if (previous) cursor = { ...previous, totals: { ...previous.totals } };
	else ({ cursor, listed, requests } = await firstCursor(deps, settings));
	const totals = cursor.totals;
	const numbers = { ...cursor.numbers };
	const window = { ...settings.window, startMs: cursor.startMs, endMs: cursor.endMs };
	const accountById = new Map(cursor.accounts.map((account) => [account.id, account]));
	const items: BackfillItem[] = [];
	const batch = cursor.remainingChatIds.slice(0, settings.chatsPerBatch);
	let done = 0;
	let stoppedBeforeChatId: number | undefined;
	let lastChatId = cursor.lastChatId;
	let budgetStopsAfter = cursor.budgetStopsAfter;
	for (const chatId of batch) {
		const fromListing = listed.get(chatId);
		if (!fromListing) requests += 1;
		const chat = fromListing ?? (await deps.source.chat(chatId));
		const account = chat?.whatsappAccountId ? accountById.get(chat.whatsappAccountId) : undefined;
		const read = chat
			? await readBackfillChat(deps.source, chat, account, window)
			: { items: [], requests: 0, truncated: false };
		requests += read.requests;
		const work = chatWork(read.items, cursor.timeZone, chat?.phone ?? '');
		let status: NumberStatus = 'unknown';
		const paid = work.e164 !== undefined && numbers[work.e164] !== undefined;
		if (work.e164 && read.items.length > 0) {
			status = numbers[work.e164] ?? (deps.lookUp ? await deps.lookUp(work.e164) : 'unknown');
		}
		const credits = chatCredits(work, status, paid);
		const over =
			settings.creditBudget > 0 && totals.estimatedCredits + credits > settings.creditBudget;
		if (over && settings.mode === 'run') {
			stoppedBeforeChatId = chatId;
			break;
		}
		if (over && budgetStopsAfter === undefined) budgetStopsAfter = lastChatId ?? null;
		done += 1;
		lastChatId = chatId;
		totals.chats += 1;
		totals.estimatedCredits += credits;
		if (read.truncated) totals.truncatedChats = [...totals.truncatedChats, chatId];
		if (read.items.length === 0) continue;
		totals.chatsWithMessages += 1;
		totals.messages += work.messages;
		totals.attachments += work.attachments;
		totals.recordDays += work.e164 ? work.days.length : 0;
		if (work.e164 && !paid) {
			numbers[work.e164] = status;
			totals.numbers += 1;
			if (status !== 'unknown')
				totals.recordsToCreate = (totals.recordsToCreate ?? 0) + (status === 'new' ? 1 : 0);
		}
		if (settings.mode === 'run') items.push(...read.items);
	}
	totals.batches += 1;
	totals.timelinesRequests += requests;
	// The look-up connection is this batch's: its calls add to the earlier batches'.
	if (deps.lookUpCredits) totals.lookUpCredits += deps.lookUpCredits();
	const remainingChatIds = cursor.remainingChatIds.slice(done);
	return {
		items,
		cursor: { ...cursor, remainingChatIds, numbers, lastChatId, budgetStopsAfter, totals },
		finished: stoppedBeforeChatId !== undefined || remainingChatIds.length === 0,
		stoppedBeforeChatId,
	};
}
