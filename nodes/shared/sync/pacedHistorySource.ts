import type { BackfillSource } from './backfillPlan';

// TimelinesAI allows 30 requests a second per IP (docs/api-facts.md, TimelinesAI: 429 rate_limit_exceeded
// beyond). A backfill reads thousands of pages one after another; over a fast connection that alone would
// pass the limit, and the live trigger's workflow shares the same address. Starts of consecutive requests
// are spaced so one backfill stays under `perSecond`.

export const BACKFILL_REQUESTS_PER_SECOND = 20;

/** The source with its requests spaced at least 1/perSecond apart; `requests` counts them. */
export function pacedHistorySource(
	source: BackfillSource,
	wait: (ms: number) => Promise<void>,
	perSecond = BACKFILL_REQUESTS_PER_SECOND,
	now: () => number = Date.now,
): BackfillSource & { readonly requests: number } {
	const spacingMs = 1000 / perSecond;
	let next = 0;
	let requests = 0;
	const paced = async <T>(call: () => Promise<T>): Promise<T> => {
		const at = now();
		const start = Math.max(at, next);
		next = start + spacingMs;
		if (start > at) await wait(start - at);
		requests += 1;
		return await call();
	};
	return {
		get requests() {
			return requests;
		},
		chatsPage: async (page) => await paced(async () => await source.chatsPage(page)),
		messagesPage: async (chatId, after, beforeUid) =>
			await paced(async () => await source.messagesPage(chatId, after, beforeUid)),
		accounts: async () => await paced(async () => await source.accounts()),
		chat: async (chatId) => await paced(async () => await source.chat(chatId)),
	};
}
