import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import type { TimelinesPage } from './timelinesPages';
import { collectByCursor, filterQuery, listIn, pageOf } from './timelinesPages';

/** MessageInfo (public_api_spec.yaml); further fields pass through under the API's names. */
export interface TimelinesMessage {
	uid: string;
	chat_id?: number;
	timestamp?: string;
	received_timestamp?: string;
	from_me?: boolean;
	status?: string;
	/** null for attachment-only messages. */
	text?: string | null;
	/** `whatsapp`, `whatsapp_call`, `note`, `email`, `summary`. */
	message_type?: string;
	[field: string]: unknown;
}

/** Longest text TimelinesAI accepts in a message (the send operations answer 400 above it: public_api_spec.yaml). */
export const MAX_MESSAGE_TEXT_LENGTH = 2000;

/**
 * Whether a history entry is a WhatsApp message. The history also holds TimelinesAI's own notes, e-mails
 * and summaries (`message_type`, public_api_spec.yaml MessageInfo); a missing type is read as WhatsApp.
 */
export function isWhatsappMessage(message: { message_type?: unknown }): boolean {
	return (
		message.message_type === undefined ||
		message.message_type === null ||
		message.message_type === 'whatsapp'
	);
}

export interface TimelinesMessageStatus {
	status: string;
	timestamp: string;
}

/** `GET /chats/{id}/messages` filters: `after`/`before` are inclusive ISO dates or date-times. */
export interface MessageFilters {
	from_me?: boolean;
	after?: string;
	before?: string;
}

export interface SentMessage {
	message_uid: string;
}

export interface MessageToPhone {
	phone: string;
	whatsapp_account_phone?: string;
	text?: string;
	file_uid?: string;
	chat_name?: string;
	label?: string;
}

function messagePath(uid: string): string {
	return `messages/${encodeURIComponent(uid)}`;
}

/**
 * One answer of `GET /chats/{id}/messages`: the newest 50 (newest first) older than `beforeMessage`
 * when given. The API has no `page`: history is walked back with the `before_message` cursor.
 */
export async function listMessagesPage(
	context: TimelinesContext,
	chatId: string | number,
	filters: MessageFilters,
	beforeMessage?: string,
): Promise<TimelinesPage<TimelinesMessage>> {
	const qs = {
		...filterQuery(filters),
		...(beforeMessage ? { before_message: beforeMessage } : {}),
	};
	const data = await timelinesAiRequest<unknown>(
		context,
		'GET',
		`chats/${encodeURIComponent(String(chatId))}/messages`,
		{ qs },
	);
	return pageOf<TimelinesMessage>(data, 'messages');
}

/** A chat's history newest first, walked back by cursor (see collectByCursor for the loop guard). */
export async function listMessages(
	context: TimelinesContext,
	chatId: string | number,
	filters: MessageFilters,
	options: { limit?: number; keep?: (message: TimelinesMessage) => boolean } = {},
): Promise<TimelinesMessage[]> {
	return await collectByCursor(
		(before) => listMessagesPage(context, chatId, filters, before),
		options,
	);
}

export async function sendMessageToChat(
	context: TimelinesContext,
	chatId: string | number,
	message: { text?: string; file_uid?: string },
): Promise<SentMessage> {
	return await timelinesAiRequest<SentMessage>(
		context,
		'POST',
		`chats/${encodeURIComponent(String(chatId))}/messages`,
		{ body: message },
	);
}

/** `POST /messages`: opens the chat when there is none yet (docs/api-facts.md, TimelinesAI). */
export async function sendMessageToPhone(
	context: TimelinesContext,
	message: MessageToPhone,
): Promise<SentMessage> {
	return await timelinesAiRequest<SentMessage>(context, 'POST', 'messages', { body: message });
}

export async function getMessage(
	context: TimelinesContext,
	uid: string,
): Promise<TimelinesMessage> {
	return await timelinesAiRequest<TimelinesMessage>(context, 'GET', messagePath(uid));
}

export async function getMessageStatusHistory(
	context: TimelinesContext,
	uid: string,
): Promise<TimelinesMessageStatus[]> {
	const data = await timelinesAiRequest<unknown>(
		context,
		'GET',
		`${messagePath(uid)}/status_history`,
	);
	return listIn<TimelinesMessageStatus>(data, 'status_history');
}
