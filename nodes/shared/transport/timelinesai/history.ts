import type { TimelinesContext } from './timelinesAiRequest';
import { listChatsPage } from './chats';
import { listMessagesPage } from './messages';
import type { TimelinesPage } from './timelinesPages';
import type { TimelinesHistoryMessage } from './timelinesChatParsers';
import { parseTimelinesMessage, timelinesTimestampToIso } from './timelinesChatParsers';
import { listWhatsappAccounts } from './whatsappAccounts';

// The message history as catch-up (and later backfill) reads it: chats newest last message first, then a
// chat's messages newest first by cursor (docs/api-facts.md, TimelinesAI: GET /chats has 50 a page in a fixed
// order and no "updated since"; GET /chats/{id}/messages pages with before_message). Parsed here, at the
// transport boundary; entries without what a reader needs are dropped.

type Json = Record<string, unknown>;

/** ChatInfo as a history reader needs it. */
export interface HistoryChat {
	id: number;
	name: string;
	/** '' for groups */
	phone: string;
	isGroup: boolean;
	chatUrl: string;
	responsibleName?: string;
	responsibleEmail?: string;
	whatsappAccountId?: string;
	lastMessageUid?: string;
	/** ISO UTC; undefined for a chat without messages */
	lastMessageTimestamp?: string;
}

/** MessageInfo as a history reader needs it: the chat parser's fields plus the recipient and origin. */
export interface HistoryMessage extends TimelinesHistoryMessage {
	recipientName: string;
	recipientPhone?: string;
	origin?: string;
	/** The entry as the API gave it. */
	raw: Json;
}

/** A connected WhatsApp number and its owner (WhatsappAccountItem). */
export interface HistoryAccount {
	id: string;
	phone?: string;
	ownerName?: string;
	ownerEmail?: string;
}

/** What reads the history: one request per call. Implemented over the API below, in memory in tests. */
export interface TimelinesHistorySource {
	/** `GET /chats?page=<page>` */
	chatsPage(page: number): Promise<TimelinesPage<HistoryChat>>;
	/** `GET /chats/{id}/messages?after=<after>[&before_message=<uid>]`, newest first. */
	messagesPage(
		chatId: number,
		after: string,
		beforeUid?: string,
	): Promise<TimelinesPage<HistoryMessage>>;
	/** `GET /whatsapp_accounts` */
	accounts(): Promise<HistoryAccount[]>;
}

function asObject(value: unknown): Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: {};
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function parseHistoryChat(raw: unknown): HistoryChat | undefined {
	const chat = asObject(raw);
	const id = Number(chat.id);
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	return {
		id,
		name: text(chat.name) ?? '',
		phone: text(chat.phone) ?? '',
		isGroup: chat.is_group === true,
		chatUrl: text(chat.chat_url) ?? '',
		responsibleName: text(chat.responsible_name),
		responsibleEmail: text(chat.responsible_email),
		whatsappAccountId: text(chat.whatsapp_account_id),
		lastMessageUid: text(chat.last_message_uid),
		lastMessageTimestamp: timelinesTimestampToIso(chat.last_message_timestamp),
	};
}

export function parseHistoryMessage(raw: unknown, chatId: number): HistoryMessage | undefined {
	const message = parseTimelinesMessage(raw, chatId);
	if (!message) return undefined;
	const source = asObject(raw);
	return {
		...message,
		recipientName: text(source.recipient_name) ?? '',
		recipientPhone: text(source.recipient_phone),
		origin: text(source.origin),
		raw: source,
	};
}

function parsedPage<T>(page: TimelinesPage<unknown>, parse: (raw: unknown) => T | undefined) {
	return {
		hasMore: page.hasMore,
		items: page.items.map(parse).filter((item): item is T => item !== undefined),
	};
}

/** The history source over the TimelinesAI API with the node's credential. */
export function timelinesHistorySource(context: TimelinesContext): TimelinesHistorySource {
	return {
		chatsPage: async (page) => parsedPage(await listChatsPage(context, {}, page), parseHistoryChat),
		messagesPage: async (chatId, after, beforeUid) =>
			parsedPage(await listMessagesPage(context, chatId, { after }, beforeUid), (raw) =>
				parseHistoryMessage(raw, chatId),
			),
		accounts: async () =>
			(await listWhatsappAccounts(context))
				.filter((account) => typeof account.id === 'string' && account.id !== '')
				.map((account) => ({
					id: account.id,
					phone: text(account.phone),
					ownerName: text(account.owner_name),
					ownerEmail: text(account.owner_email),
				})),
	};
}
