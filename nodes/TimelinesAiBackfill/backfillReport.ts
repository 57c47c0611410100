import type { IDataObject } from 'n8n-workflow';

import type { BackfillBatchResult } from '../shared/sync/backfillBatch';
import type { BackfillNodeSettings } from './backfillSettings';

/** What the Next Batch output carries: the cursor (read back by the next run) and where the backfill is. */
export function nextBatchItem(result: BackfillBatchResult): IDataObject {
	const { totals, remainingChatIds } = result.cursor;
	return {
		progress: {
			batches: totals.batches,
			chatsDone: totals.chats,
			chatsLeft: remainingChatIds.length,
			messages: totals.messages,
			estimatedCredits: totals.estimatedCredits,
		},
		backfill: result.cursor as unknown as IDataObject,
	};
}

/** The Report output's one item, when the backfill is done or the budget stopped it. */
export function reportItem(
	settings: BackfillNodeSettings,
	result: BackfillBatchResult,
): IDataObject {
	const { totals, lastChatId, budgetStopsAfter, startMs, endMs } = result.cursor;
	const stopped = result.stoppedBeforeChatId !== undefined;
	const dryRun = settings.mode === 'dryRun';
	const budgetNote =
		settings.creditBudget === 0
			? 'no budget'
			: stopped
				? `the budget of ${settings.creditBudget} credits stopped the run before chat ${result.stoppedBeforeChatId}: run again with Resume After Chat ID ${lastChatId ?? 0}`
				: dryRun && budgetStopsAfter !== undefined
					? `a run with the budget of ${settings.creditBudget} credits would stop after chat ${budgetStopsAfter ?? 'none'}`
					: `within the budget of ${settings.creditBudget} credits`;
	return {
		mode: dryRun ? 'dry run' : 'run',
		startDate: new Date(startMs).toISOString(),
		endDate: new Date(endMs).toISOString(),
		/** Chats with messages in the window (chatsRead: every chat read, some only with newer messages). */
		chats: totals.chatsWithMessages,
		chatsRead: totals.chats,
		messages: totals.messages,
		attachments: totals.attachments,
		numbers: totals.numbers,
		recordsToCreate: totals.recordsToCreate,
		recordDays: totals.recordDays,
		estimatedCredits: totals.estimatedCredits,
		creditBudget: settings.creditBudget,
		lookUpCredits: totals.lookUpCredits,
		timelinesRequests: totals.timelinesRequests,
		batches: totals.batches,
		finished: !stopped,
		stoppedBeforeChatId: result.stoppedBeforeChatId ?? null,
		resumeAfterChatId: stopped ? (lastChatId ?? 0) : null,
		budgetStopsAfterChatId: dryRun ? (budgetStopsAfter ?? null) : null,
		truncatedChats: totals.truncatedChats,
		summary:
			`${totals.messages} message(s) of ${totals.chatsWithMessages} chat(s), ${totals.numbers} number(s)` +
			(totals.recordsToCreate === null
				? ' (not looked up in Zoho: each counted as a new record)'
				: `, ${totals.recordsToCreate} new record(s)`) +
			`; about ${totals.estimatedCredits} Zoho credits` +
			(dryRun ? ` (the look-ups cost ${totals.lookUpCredits})` : '') +
			`; ${budgetNote}. Messages already in the sync log are not written again and cost less than estimated.`,
	};
}
