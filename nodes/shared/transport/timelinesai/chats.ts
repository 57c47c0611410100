import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import type { TimelinesPage } from './timelinesPages';
import { pageOf, pageQuery } from './timelinesPages';

/** ChatInfo (public_api_spec.yaml); further fields pass through under the API's names. */
export interface TimelinesChat {
	id: number;
	name?: string;
	/** null for groups. */
	phone?: string | null;
	is_group?: boolean;
	whatsapp_account_id?: string;
	/** null when nobody is assigned. */
	responsible_email?: string | null;
	responsible_name?: string | null;
	closed?: boolean;
	read?: boolean;
	[field: string]: unknown;
}

/**
 * `GET /chats` filters (AND). `phone` is a digits substring, exact only with a leading `+` (callers
 * re-check results); `responsible` is the teammate's e-mail.
 */
export interface ChatFilters {
	phone?: string;
	name?: string;
	label?: string;
	responsible?: string;
	read?: boolean;
	group?: boolean;
}

/** `PATCH /chats/{id}`: `responsible` is the teammate's e-mail; an empty one unassigns the chat. */
export interface ChatUpdate {
	responsible?: string;
	closed?: boolean;
	read?: boolean;
	name?: string;
}

function chatPath(chatId: string | number): string {
	return `chats/${encodeURIComponent(String(chatId))}`;
}

export async function getChat(
	context: TimelinesContext,
	chatId: string | number,
): Promise<TimelinesChat> {
	return await timelinesAiRequest<TimelinesChat>(context, 'GET', chatPath(chatId));
}

export async function listChatsPage(
	context: TimelinesContext,
	filters: ChatFilters,
	page: number,
): Promise<TimelinesPage<TimelinesChat>> {
	const data = await timelinesAiRequest<unknown>(context, 'GET', 'chats', {
		qs: pageQuery(filters, page),
	});
	return pageOf<TimelinesChat>(data, 'chats');
}

export async function updateChat(
	context: TimelinesContext,
	chatId: string | number,
	update: ChatUpdate,
): Promise<TimelinesChat> {
	return await timelinesAiRequest<TimelinesChat>(context, 'PATCH', chatPath(chatId), {
		body: update,
	});
}
