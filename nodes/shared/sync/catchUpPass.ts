import type { DeliveryFilter } from '../domain/deliveryPolicy';
import { deliveryDecision } from '../domain/deliveryPolicy';
import { tryNormalizeToE164 } from '../domain/phone';
import type { TimelinesMessage } from '../domain/timelinesEvent';
import type {
	HistoryAccount,
	HistoryChat,
	HistoryMessage,
	TimelinesHistorySource,
} from '../transport/timelinesai/history';
import { chatMessagesSince, chatsActiveSince } from './timelinesHistory';

// One catch-up pass: the WhatsApp messages of the last `lookBackMinutes` that TimelinesAI has and that may
// not have reached the workflow (a dropped or failed delivery, n8n down), as the items TimelinesAI Trigger
// emits. The pass does not know what reached Zoho: the bundled workflow drops uids already in its sync
// log before any Zoho node, and the note writer merges by uid, so a message sent twice is never doubled.
// Cost with nothing new: the chat pages down to the first chat older than the window (1 request for up
// to 50 active chats); a chat is read again only when its last message changed since it was last read,
// or on the passes RECHECK_AFTER_PASSES after one that emitted its messages: n8n saves the state when a pass
// emits, before the execution runs, so an execution that dies (n8n killed) or an item that fails in Zoho
// would otherwise leave its message out until the chat has a new one. A chat whose message failed for a
// passing reason (Zoho down) is read on every pass until it lands (failedChats, below).

export interface CatchUpSettings {
	lookBackMinutes: number;
	/** Messages younger than this are left to their webhook delivery (still in TimelinesAI's retries). */
	minAgeSeconds: number;
	/** Stop reading further chats once this many messages were found (the rest come next pass). */
	maxMessages: number;
	filter: Omit<DeliveryFilter, 'maxAgeMinutes'>;
}

/**
 * The passes after one that emitted a chat's messages on which the chat is read again although nothing
 * changed (the sync log drops what was written): 1, 2, 4 and 8 passes later, so a failure lasting up to 8
 * periods (40 minutes at the bundled 5-minute period) comes back even where it is not seen (queue mode).
 */
export const RECHECK_AFTER_PASSES: readonly number[] = [1, 2, 4, 8];
const LAST_RECHECK = RECHECK_AFTER_PASSES[RECHECK_AFTER_PASSES.length - 1];
/** How many times a chat is read again after emitting. */
export const RECHECK_PASSES = RECHECK_AFTER_PASSES.length;

/** What a pass remembers for the next: per chat, the uid of its last message read in full. */
export interface CatchUpState {
	chats: Record<string, string>;
	/** Per chat still to be read again, the passes since the one that last emitted its messages. */
	recheck?: Record<string, number>;
}

/** The item json TimelinesAI Trigger emits (docs/architecture.md, the item between the pack's nodes). */
export interface CatchUpItem {
	event: 'message:new';
	message: TimelinesMessage;
	raw: { source: 'catch-up'; message: Record<string, unknown> };
}

export interface CatchUpStats {
	/** TimelinesAI requests this pass made (history and accounts; webhooks are counted apart). */
	requests: number;
	chatsListed: number;
	chatsRead: number;
	messagesSeen: number;
	emitted: number;
	/** A page cap or maxMessages stopped the pass early: the next pass goes on. */
	truncated: boolean;
}

export interface CatchUpPassResult {
	items: CatchUpItem[];
	state: CatchUpState;
	stats: CatchUpStats;
}

/** The state as stored in static data (untrusted: a user can edit it). */
export function readCatchUpState(value: unknown): CatchUpState {
	const chats =
		typeof value === 'object' && value !== null ? (value as { chats?: unknown }).chats : undefined;
	const entries =
		typeof chats === 'object' && chats !== null
			? Object.entries(chats).filter(
					(entry): entry is [string, string] => typeof entry[1] === 'string',
				)
			: [];
	const recheck =
		typeof value === 'object' && value !== null
			? (value as { recheck?: unknown }).recheck
			: undefined;
	const passes =
		typeof recheck === 'object' && recheck !== null
			? Object.entries(recheck).filter(
					(entry): entry is [string, number] =>
						Number.isInteger(entry[1]) && entry[1] >= 0 && entry[1] < LAST_RECHECK,
				)
			: [];
	return { chats: Object.fromEntries(entries), recheck: Object.fromEntries(passes) };
}

const epoch = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/** A history message of a chat as the trigger's `message` (the webhook's MessageData, parsed). */
export function catchUpMessage(
	chat: HistoryChat,
	message: HistoryMessage,
	account: HistoryAccount | undefined,
): TimelinesMessage {
	return {
		eventType: 'message:new',
		uid: message.uid,
		chatId: chat.id,
		chatUrl: chat.chatUrl,
		chatName: chat.name,
		chatPhone: chat.phone,
		isGroup: chat.isGroup,
		direction: message.fromMe ? 'sent' : 'received',
		timestamp: message.timestamp,
		text: message.text,
		origin: message.origin,
		sender: { name: message.senderName, phone: message.senderPhone },
		recipient: { name: message.recipientName, phone: message.recipientPhone },
		replyToUid: message.replyToUid,
		attachments: message.attachments.map((attachment) => ({
			filename: attachment.filename,
			url: attachment.url,
			size: attachment.size,
			mimetype: attachment.mimetype,
		})),
		responsible: { name: chat.responsibleName, email: chat.responsibleEmail },
		whatsappAccount: {
			name: account?.ownerName,
			email: account?.ownerEmail,
			phone: account?.phone,
		},
		contactPhone: chat.phone,
	};
}

interface Found {
	chat: HistoryChat;
	message: HistoryMessage;
}

/**
 * One pass. `failedChats`: chats with a message that failed for a passing reason since the look-back began
 * (messageOutcomes.ts, this process): they are read again on every pass, whatever their re-reads left, until
 * their messages land or leave the window. A Zoho outage longer than the RECHECK_PASSES passes would
 * otherwise leave its messages out.
 */
export async function runCatchUpPass(
	source: TimelinesHistorySource,
	previous: CatchUpState,
	settings: CatchUpSettings,
	now: number,
	failedChats: ReadonlySet<string> = new Set(),
): Promise<CatchUpPassResult> {
	const sinceMs = now - settings.lookBackMinutes * 60_000;
	const settledMs = now - settings.minAgeSeconds * 1000;
	const listing = await chatsActiveSince(source, sinceMs);
	const stats: CatchUpStats = {
		requests: listing.requests,
		chatsListed: listing.chats.length,
		chatsRead: 0,
		messagesSeen: 0,
		emitted: 0,
		truncated: listing.truncated,
	};
	const chats: Record<string, string> = {};
	const recheck: Record<string, number> = {};
	const found: Found[] = [];
	const unchangedChat = (chat: HistoryChat) =>
		!!chat.lastMessageUid && previous.chats[String(chat.id)] === chat.lastMessageUid;
	const retried = (chat: HistoryChat) => failedChats.has(String(chat.id));
	// Chats with something new first, then those with a failed message: re-reads take only what Max
	// Messages leaves, never starve them.
	const ordered = [
		...listing.chats.filter((chat) => !unchangedChat(chat)),
		...listing.chats.filter((chat) => unchangedChat(chat) && retried(chat)),
		...listing.chats.filter((chat) => unchangedChat(chat) && !retried(chat)),
	];
	for (const chat of ordered) {
		// Groups are never read when they would be filtered out anyway.
		if (chat.isGroup && !settings.filter.includeGroupChats) continue;
		const key = String(chat.id);
		const unchanged = unchangedChat(chat);
		const since = previous.recheck?.[key];
		// An unchanged chat is read on its re-read passes, or on every pass while a message of it failed.
		const pass = since === undefined ? undefined : since + 1;
		const due = !unchanged || retried(chat) || RECHECK_AFTER_PASSES.includes(pass ?? 0);
		if (!due) {
			chats[key] = chat.lastMessageUid as string;
			if (pass !== undefined && pass < LAST_RECHECK) recheck[key] = pass;
			continue;
		}
		if (found.length >= settings.maxMessages) {
			stats.truncated = true;
			if (unchanged) {
				chats[key] = chat.lastMessageUid as string;
				// Not advanced: the next pass is this re-read again.
				if (since !== undefined) recheck[key] = since;
			}
			continue;
		}
		const read = await chatMessagesSince(source, chat.id, sinceMs);
		stats.requests += read.requests;
		stats.chatsRead += 1;
		stats.messagesSeen += read.messages.length;
		const before = found.length;
		for (const message of read.messages)
			if (message.messageType === 'whatsapp' && epoch(message.timestamp) <= settledMs)
				found.push({ chat, message });
		// Read in full only when nothing of it is left for a later pass.
		if (chat.lastMessageUid && !read.truncated && epoch(chat.lastMessageTimestamp) <= settledMs) {
			chats[key] = chat.lastMessageUid;
			// Emitted now: read again RECHECK_AFTER_PASSES later, counted from the last emission that was not
			// itself a re-read (a new message or a failed one starts the count over).
			const emitted = found.length > before;
			const next = !emitted ? undefined : unchanged && !retried(chat) ? pass : 0;
			if (next !== undefined && next < LAST_RECHECK) recheck[key] = next;
		}
		stats.truncated ||= read.truncated;
	}
	if (found.length === 0) return { items: [], state: { chats, recheck }, stats };

	const accounts = await source.accounts();
	stats.requests += 1;
	const accountById = new Map(accounts.map((account) => [account.id, account]));
	const filter: DeliveryFilter = { ...settings.filter, maxAgeMinutes: Number.MAX_SAFE_INTEGER };
	const items = found
		.map(({ chat, message }) => {
			const account = chat.whatsappAccountId ? accountById.get(chat.whatsappAccountId) : undefined;
			return { message: catchUpMessage(chat, message, account), raw: message.raw, account };
		})
		.filter(
			({ message, account }) =>
				deliveryDecision(
					{
						...message,
						accountPhoneE164: account?.phone ? tryNormalizeToE164(account.phone) : undefined,
					},
					filter,
					now,
				).accept,
		)
		.sort((a, b) => epoch(a.message.timestamp) - epoch(b.message.timestamp))
		.map(
			({ message, raw }): CatchUpItem => ({
				event: 'message:new',
				message,
				raw: { source: 'catch-up', message: raw },
			}),
		);
	stats.emitted = items.length;
	return { items, state: { chats, recheck }, stats };
}
