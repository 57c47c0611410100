import type { DeliveryFilter } from '../domain/deliveryPolicy';
import { deliveryDecision } from '../domain/deliveryPolicy';
import { tryNormalizeToE164 } from '../domain/phone';
import type { TimelinesMessage } from '../domain/timelinesEvent';
import type {
	HistoryAccount,
	HistoryChat,
	TimelinesHistorySource,
} from '../transport/timelinesai/history';
import { catchUpMessage } from './catchUpPass';
import { chatMessagesSince, chatsActiveSince } from './timelinesHistory';

// History backfill, the reading half: which chats of the workspace have messages in the window, and each
// chat's WhatsApp messages of the window as the items TimelinesAI Trigger emits, oldest first (so a daily
// note reads in order). Chats are taken by ascending id: the chat listing itself is ordered by last message
// and moves under live traffic (docs/api-facts.md, TimelinesAI), an id order does not, so "every chat after
// id N" is a resume point that stays true while the backfill runs.

/** A backfill reads far more history than a catch-up pass (caps of timelinesHistory.ts × 10). */
export const MAX_BACKFILL_CHAT_PAGES = 200;
export const MAX_BACKFILL_MESSAGE_PAGES_PER_CHAT = 200;

export interface BackfillWindow {
	startMs: number;
	endMs: number;
	/** Only these chats (empty: every chat with a message in the window). */
	chatIds: number[];
	/** Only chats after this id (a previous run's resume point). */
	resumeAfterChatId?: number;
	filter: Omit<DeliveryFilter, 'maxAgeMinutes'>;
}

/** The history reader plus one chat by id (`GET /chats/{id}`: a later batch reads its chats by id). */
export interface BackfillSource extends TimelinesHistorySource {
	chat(chatId: number): Promise<HistoryChat | undefined>;
}

/** The item json TimelinesAI Trigger emits (docs/architecture.md, the item between the pack's nodes). */
export interface BackfillItem {
	event: 'message:new';
	message: TimelinesMessage;
	raw: { source: 'backfill'; message: Record<string, unknown> };
}

export interface BackfillChats {
	/** The chats to read, ascending id. */
	chats: HistoryChat[];
	requests: number;
	/** The listing's page cap was reached: older chats may be missing. */
	truncated: boolean;
}

function accountPhone(account: HistoryAccount | undefined): string | undefined {
	return account?.phone ? tryNormalizeToE164(account.phone) : undefined;
}

/** The chats with a message at or after the start that the window's filters keep, ascending id. */
export async function backfillChats(
	source: TimelinesHistorySource,
	window: BackfillWindow,
	accounts: HistoryAccount[],
): Promise<BackfillChats> {
	const listing = await chatsActiveSince(source, window.startMs, MAX_BACKFILL_CHAT_PAGES);
	const accountById = new Map(accounts.map((account) => [account.id, account]));
	const wanted = new Set(window.chatIds);
	const { whatsappAccounts, includeGroupChats } = window.filter;
	const chats = listing.chats
		.filter((chat) => wanted.size === 0 || wanted.has(chat.id))
		.filter((chat) => window.resumeAfterChatId === undefined || chat.id > window.resumeAfterChatId)
		.filter((chat) => includeGroupChats || !chat.isGroup)
		.filter((chat) => {
			if (whatsappAccounts.length === 0) return true;
			const phone = accountPhone(
				chat.whatsappAccountId ? accountById.get(chat.whatsappAccountId) : undefined,
			);
			return phone !== undefined && whatsappAccounts.includes(phone);
		})
		.sort((a, b) => a.id - b.id);
	return { chats, requests: listing.requests, truncated: listing.truncated };
}

export interface BackfillChatRead {
	/** Oldest first. */
	items: BackfillItem[];
	requests: number;
	/** The chat has more history in the window than the page cap let through. */
	truncated: boolean;
}

const epoch = (iso: string): number => Date.parse(iso);

/** One chat's WhatsApp messages of the window, filtered as the trigger would, oldest first. */
export async function readBackfillChat(
	source: TimelinesHistorySource,
	chat: HistoryChat,
	account: HistoryAccount | undefined,
	window: BackfillWindow,
): Promise<BackfillChatRead> {
	const read = await chatMessagesSince(
		source,
		chat.id,
		window.startMs,
		MAX_BACKFILL_MESSAGE_PAGES_PER_CHAT,
	);
	// A backfill replays old messages on purpose: no age limit.
	const filter: DeliveryFilter = { ...window.filter, maxAgeMinutes: Number.MAX_SAFE_INTEGER };
	const accountPhoneE164 = accountPhone(account);
	const items = read.messages
		.filter((message) => message.messageType === 'whatsapp')
		.filter((message) => epoch(message.timestamp) <= window.endMs)
		.map((message) => ({ message: catchUpMessage(chat, message, account), raw: message.raw }))
		.filter(
			({ message }) =>
				deliveryDecision({ ...message, accountPhoneE164 }, filter, window.endMs).accept,
		)
		.sort((a, b) => epoch(a.message.timestamp) - epoch(b.message.timestamp))
		.map(
			({ message, raw }): BackfillItem => ({
				event: 'message:new',
				message,
				raw: { source: 'backfill', message: raw },
			}),
		);
	return { items, requests: read.requests, truncated: read.truncated };
}
