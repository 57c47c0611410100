// Which chat a simulated or sent message goes to: the sending account, the 1:1 chat of a phone or the
// group of a name, created when missing (as WhatsApp does).
import { TimelinesApiError, badRequest } from './timelinesApiError';
import type { TimelinesState } from './timelinesState';
import type { StoredChat, WhatsappAccount } from './timelinesTypes';

/** The account a send uses: the given phone's, else the most recently connected one. */
export function resolveAccount(state: TimelinesState, phone: unknown): WhatsappAccount {
	if (phone !== undefined && phone !== null && phone !== '') {
		if (typeof phone !== 'string') throw badRequest('whatsapp_account_phone must be a string');
		const account = state.accountByPhone(phone);
		if (!account)
			throw new TimelinesApiError(404, `WhatsApp account ${phone} not found`, 'not_found');
		if (account.status !== 'active') throw badRequest(`WhatsApp account ${phone} is not connected`);
		return account;
	}
	const account = state.defaultAccount();
	if (!account) throw badRequest('No connected WhatsApp account');
	return account;
}

function newChat(
	state: TimelinesState,
	fields: Pick<StoredChat, 'name' | 'phone' | 'jid' | 'is_group' | 'whatsapp_account_id'>,
): StoredChat {
	return state.addChat({
		...fields,
		responsible: null,
		closed: false,
		read: true,
		labels: [],
		created: Date.now(),
		chatgpt_autoresponse_enabled: false,
		unattended: false,
	});
}

/** The 1:1 chat of (account, phone), created when missing. */
export function chatFor(
	state: TimelinesState,
	account: WhatsappAccount,
	phone: string,
	name: string | undefined,
): { chat: StoredChat; created: boolean } {
	const existing = [...state.chats.values()].find(
		(c) => !c.is_group && c.whatsapp_account_id === account.id && c.phone === phone,
	);
	if (existing) return { chat: existing, created: false };
	const chat = newChat(state, {
		name: name?.trim() || phone,
		phone,
		jid: `${phone.slice(1)}@s.whatsapp.net`,
		is_group: false,
		whatsapp_account_id: account.id,
	});
	return { chat, created: true };
}

/** The group of this name on the account, created when missing. */
export function groupFor(
	state: TimelinesState,
	account: WhatsappAccount,
	name: string,
): { chat: StoredChat; created: boolean } {
	const existing = [...state.chats.values()].find(
		(c) => c.is_group && c.whatsapp_account_id === account.id && c.name === name,
	);
	if (existing) return { chat: existing, created: false };
	const chat = newChat(state, {
		name,
		phone: '',
		jid: '',
		is_group: true,
		whatsapp_account_id: account.id,
	});
	chat.jid = `120363${String(chat.id).padStart(12, '0')}@g.us`;
	chat.members = [{ name: account.owner_name, phone: account.phone, role: 'admin' }];
	return { chat, created: true };
}
