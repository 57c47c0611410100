import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { tryNormalizeToE164 } from '../../shared/domain/phone';
import type { ChatFilters } from '../../shared/transport/timelinesai/chats';
import { listChatsPage } from '../../shared/transport/timelinesai/chats';
import { listTeammates } from '../../shared/transport/timelinesai/teammates';
import { listWhatsappAccounts } from '../../shared/transport/timelinesai/whatsappAccounts';

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

const contains = (values: Array<string | undefined>, term: string) =>
	values.some((value) => value?.toLowerCase().includes(term));

/**
 * WhatsApp accounts of the workspace for the account picker: the API answers the whole list
 * at once (no paging), so the search term filters here, over number, account name and owner. The value is
 * the number in E.164 (`whatsapp_account_phone` of POST /messages).
 */
export async function searchWhatsappAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const term = filter?.trim().toLowerCase() ?? '';
	const digits = term.replace(/\D/g, '');
	const results = [];
	for (const account of await listWhatsappAccounts(this)) {
		const phone = tryNormalizeToE164(account.phone) ?? account.phone?.trim();
		if (!phone) continue;
		const details = [account.account_name?.trim(), account.owner_email?.trim()].filter(Boolean);
		if (account.status === 'disconnected') details.push('disconnected');
		const matches =
			!term ||
			(digits.length >= 3 && phone.replace(/\D/g, '').includes(digits)) ||
			contains([account.account_name, account.owner_name, account.owner_email], term);
		if (matches)
			results.push({
				name: details.length ? `${phone} (${details.join(', ')})` : phone,
				value: phone,
			});
	}
	return { results };
}

/** Teammates for the Responsible picker: `GET /workspace/teammates` is one list; the term filters here. */
export async function searchTeammates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const term = filter?.trim().toLowerCase() ?? '';
	const results = (await listTeammates(this))
		.filter((teammate) => !term || contains([teammate.display_name, teammate.email], term))
		.map((teammate) => {
			const name = teammate.display_name?.trim();
			return { name: name ? `${name} (${teammate.email})` : teammate.email, value: teammate.email };
		});
	return { results };
}
