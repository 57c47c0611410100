import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { ChatFilters } from '../../shared/transport/timelinesai/chats';
import { listChatsPage } from '../../shared/transport/timelinesai/chats';

// Something typed like a phone number searches the contact's number, anything else the chat name.
const PHONE_LIKE = /^\+?[\d\s().-]{4,}$/;

/**
 * Chats for the Chat picker: one `GET /chats` page (50 chats, newest activity first, docs/api-facts.md
 * TimelinesAI) per call; the pagination token is the next page number.
 */
export async function searchChats(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Number(paginationToken) || 1);
	const typed = filter?.trim() ?? '';
	const filters: ChatFilters = PHONE_LIKE.test(typed)
		? { phone: typed.replace(/[^\d+]/g, '') }
		: { name: typed };
	const { items, hasMore } = await listChatsPage(this, filters, page);
	return {
		results: items.map((chat) => {
			const label = chat.name?.trim() || chat.phone || `Chat ${chat.id}`;
			const detail = chat.is_group ? 'group' : chat.phone && chat.phone !== label ? chat.phone : '';
			return {
				name: detail ? `${label} (${detail})` : label,
				value: String(chat.id),
				url: typeof chat.chat_url === 'string' ? chat.chat_url : undefined,
			};
		}),
		paginationToken: hasMore && items.length > 0 ? String(page + 1) : undefined,
	};
}
