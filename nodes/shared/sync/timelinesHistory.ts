import type {
	HistoryChat,
	HistoryMessage,
	TimelinesHistorySource,
} from '../transport/timelinesai/history';

// Reading TimelinesAI's message history since a point in time, with as few requests as the API allows
// (docs/api-facts.md, TimelinesAI: chats come newest last message first, 50 a page, no "updated since";
// a chat's messages newest first, walked back by cursor). Used by the catch-up pass; a backfill reads the
// same way with an older `since`.

/** Page caps: one pass never runs away with the monthly API-call quota. */
export const MAX_CHAT_PAGES = 20;
export const MAX_MESSAGE_PAGES_PER_CHAT = 20;

export interface ChatsSince {
	/** Chats whose last message is at or after `since`, newest first. */
	chats: HistoryChat[];
	requests: number;
	/** The page cap stopped the listing before the first older chat. */
	truncated: boolean;
}

const epoch = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/**
 * Chats with a message at or after `sinceMs`: pages 1, 2, … until the first chat whose last message is
 * older (or has none) — the fixed order guarantees no later chat is newer.
 */
export async function chatsActiveSince(
	source: TimelinesHistorySource,
	sinceMs: number,
	maxPages = MAX_CHAT_PAGES,
): Promise<ChatsSince> {
	const chats: HistoryChat[] = [];
	const seen = new Set<number>();
	for (let page = 1; page <= maxPages; page++) {
		const { items, hasMore } = await source.chatsPage(page);
		for (const chat of items) {
			const last = epoch(chat.lastMessageTimestamp);
			if (!(last >= sinceMs)) return { chats, requests: page, truncated: false };
			if (!seen.has(chat.id)) chats.push(chat);
			seen.add(chat.id);
		}
		if (!hasMore || items.length === 0) return { chats, requests: page, truncated: false };
	}
	return { chats, requests: maxPages, truncated: true };
}

export interface MessagesSince {
	/** Messages at or after `since`, newest first, each uid once. */
	messages: HistoryMessage[];
	requests: number;
	truncated: boolean;
}

/**
 * A chat's messages at or after `sinceMs`: `after=<since>` newest first, then `before_message=<oldest uid>`
 * while there are more pages. Also stops at a page with nothing new (a server ignoring the cursor) and at
 * a message older than `since` (a server ignoring `after`).
 */
export async function chatMessagesSince(
	source: TimelinesHistorySource,
	chatId: number,
	sinceMs: number,
	maxPages = MAX_MESSAGE_PAGES_PER_CHAT,
): Promise<MessagesSince> {
	const messages: HistoryMessage[] = [];
	const seen = new Set<string>();
	const after = new Date(sinceMs).toISOString();
	let before: string | undefined;
	for (let request = 1; request <= maxPages; request++) {
		const { items, hasMore } = await source.messagesPage(chatId, after, before);
		const fresh = items.filter((message) => !seen.has(message.uid));
		for (const message of fresh) seen.add(message.uid);
		const inWindow = fresh.filter((message) => epoch(message.timestamp) >= sinceMs);
		messages.push(...inWindow);
		const oldest = fresh.at(-1)?.uid;
		if (!hasMore || !oldest || oldest === before || inWindow.length < fresh.length)
			return { messages, requests: request, truncated: false };
		before = oldest;
	}
	return { messages, requests: maxPages, truncated: true };
}
