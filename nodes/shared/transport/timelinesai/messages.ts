import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import type { TimelinesPage } from './timelinesPages';
import { listIn, pageOf, pageQuery } from './timelinesPages';

/** Message object (timelinesai.md "Message object"); further fields pass through. */
export interface TimelinesMessage {
	uid: string;
	chat_id?: number;
	timestamp?: string;
	from_me?: boolean;
	status?: string;
	text?: string;
	[field: string]: unknown;
}

export interface TimelinesMessageStatus {
	status: string;
	timestamp: string;
}

/** `GET /chats/{id}/messages` query: `after`/`before` are inclusive ISO dates or date-times. */
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

export async function listMessagesPage(
	context: TimelinesContext,
	chatId: string | number,
	filters: MessageFilters,
	page: number,
): Promise<TimelinesPage<TimelinesMessage>> {
	const qs = pageQuery(filters, page);
	const data = await timelinesAiRequest<unknown>(context, 'GET', `chats/${encodeURIComponent(String(chatId))}/messages`, { qs });
	return pageOf<TimelinesMessage>(data, 'messages');
}

export async function sendMessageToChat(
	context: TimelinesContext,
	chatId: string | number,
	message: { text?: string; file_uid?: string },
): Promise<SentMessage> {
	return await timelinesAiRequest<SentMessage>(context, 'POST', `chats/${encodeURIComponent(String(chatId))}/messages`, { body: message });
}

/** `POST /messages`: opens the chat when there is none yet (timelinesai.md). */
export async function sendMessageToPhone(context: TimelinesContext, message: MessageToPhone): Promise<SentMessage> {
	return await timelinesAiRequest<SentMessage>(context, 'POST', 'messages', { body: message });
}

export async function getMessage(context: TimelinesContext, uid: string): Promise<TimelinesMessage> {
	return await timelinesAiRequest<TimelinesMessage>(context, 'GET', messagePath(uid));
}

export async function getMessageStatusHistory(context: TimelinesContext, uid: string): Promise<TimelinesMessageStatus[]> {
	const data = await timelinesAiRequest<unknown>(context, 'GET', `${messagePath(uid)}/status_history`);
	return listIn<TimelinesMessageStatus>(data, 'status_history');
}
