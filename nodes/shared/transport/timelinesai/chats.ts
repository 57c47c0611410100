import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import type { TimelinesPage } from './timelinesPages';
import { pageOf, pageQuery } from './timelinesPages';

/** Chat object (timelinesai.md "Chat object"); further fields pass through. */
export interface TimelinesChat {
	id: number;
	name?: string;
	phone?: string;
	is_group?: boolean;
	whatsapp_account_id?: string;
	responsible?: string | null;
	closed?: boolean;
	read?: boolean;
	[field: string]: unknown;
}

/** `GET /chats` filters (AND). `phone` is UNVERIFIED (timelinesai.md): callers re-check results. */
export interface ChatFilters {
	phone?: string;
	name?: string;
	label?: string;
	responsible?: string;
	read?: boolean;
	group?: boolean;
}

/** `PATCH /chats/{id}`: an empty `responsible` unassigns the chat. */
export interface ChatUpdate {
	responsible?: string;
	closed?: boolean;
	read?: boolean;
	name?: string;
}

function chatPath(chatId: string | number): string {
	return `chats/${encodeURIComponent(String(chatId))}`;
}

export async function getChat(context: TimelinesContext, chatId: string | number): Promise<TimelinesChat> {
	return await timelinesAiRequest<TimelinesChat>(context, 'GET', chatPath(chatId));
}

export async function listChatsPage(context: TimelinesContext, filters: ChatFilters, page: number): Promise<TimelinesPage<TimelinesChat>> {
	const data = await timelinesAiRequest<unknown>(context, 'GET', 'chats', { qs: pageQuery(filters, page) });
	return pageOf<TimelinesChat>(data, 'chats');
}

export async function updateChat(context: TimelinesContext, chatId: string | number, update: ChatUpdate): Promise<TimelinesChat> {
	return await timelinesAiRequest<TimelinesChat>(context, 'PATCH', chatPath(chatId), { body: update });
}
