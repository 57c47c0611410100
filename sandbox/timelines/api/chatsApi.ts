// Chats: GET /chats (filters, order, 50 a page), GET|PATCH /chats/{chat_id}, labels, notes (Public API 1.3.0).
import type { SandboxResponse } from '../../server/http';
import { badRequest } from '../timelinesApiError';
import type { StoredChat } from '../timelinesTypes';
import { chatView } from '../timelinesViews';
import { ApiRequest, ok, optionalBool, optionalString } from './apiRequest';

export const PAGE_SIZE = 50;
const MAX_LABEL = 64;
const MAX_CHAT_NAME = 256;
const MAX_NOTE = 10_000;

const digits = (value: string): string => value.replace(/\D/g, '');

/**
 * `phone`: "sanitized in the same way as for sending messages. If sanitized value starts with '+', the match
 * is exact. Otherwise, leading zeroes are removed and the number is matched as a substring". Groups excluded.
 */
function phoneMatcher(r: ApiRequest, raw: string): (chat: StoredChat) => boolean {
	const sanitized = raw.replace(/[\s\-().]/g, '');
	const needle = digits(sanitized).replace(/^0+/, '');
	if (r.sb.state.behaviour.chatPhoneFilter === 'spec' && sanitized.startsWith('+'))
		return (chat) => !chat.is_group && chat.phone === `+${digits(sanitized)}`;
	return (chat) => !chat.is_group && needle !== '' && digits(chat.phone).includes(needle);
}

/**
 * `whatsapp_phone`: each number "matched both against the direct chat's phone (tolerating a leading 0 in
 * place of the country code, or an already-international number) and against group membership".
 */
function samePhone(stored: string, wanted: string): boolean {
	const have = digits(stored);
	const want = digits(wanted);
	if (want === '') return false;
	return want.startsWith('0') ? have.endsWith(want.replace(/^0+/, '')) : have === want;
}

export function listChats(r: ApiRequest): SandboxResponse {
	const { state } = r.sb;
	let chats = [...state.chats.values()];
	const phone = r.query.get('phone');
	if (phone) chats = chats.filter(phoneMatcher(r, phone));
	const whatsappPhones = r.list('whatsapp_phone');
	if (whatsappPhones) {
		chats = chats.filter((c) =>
			whatsappPhones.some((p) =>
				c.is_group ? (c.members ?? []).some((m) => samePhone(m.phone, p)) : samePhone(c.phone, p),
			),
		);
	}
	const labels = r.list('label')?.map((l) => l.toLowerCase());
	if (labels) chats = chats.filter((c) => c.labels.some((l) => labels.includes(l.toLowerCase())));
	const accounts = r.list('whatsapp_account_id');
	if (accounts) chats = chats.filter((c) => accounts.includes(c.whatsapp_account_id));
	const responsible = r.list('responsible')?.map((e) => e.toLowerCase());
	if (responsible)
		chats = chats.filter(
			(c) => c.responsible !== null && responsible.includes(c.responsible.toLowerCase()),
		);
	const names = r.list('name')?.map((n) => n.toLowerCase());
	if (names) chats = chats.filter((c) => names.some((n) => c.name.toLowerCase().includes(n)));
	for (const [param, field] of [
		['group', 'is_group'],
		['read', 'read'],
		['closed', 'closed'],
		['chatgpt_autoresponse_enabled', 'chatgpt_autoresponse_enabled'],
	] as const) {
		const wanted = r.bool(param);
		if (wanted !== undefined) chats = chats.filter((c) => c[field] === wanted);
	}
	const createdAfter = r.time('created_after');
	if (createdAfter !== undefined) chats = chats.filter((c) => c.created >= createdAfter);
	const createdBefore = r.time('created_before', true);
	if (createdBefore !== undefined) chats = chats.filter((c) => c.created <= createdBefore);
	// "ordered first by the timestamp of the most recent message in a chat (descending), then by the name".
	chats.sort(
		(x, y) =>
			state.lastActivity(y) - state.lastActivity(x) || x.name.localeCompare(y.name) || x.id - y.id,
	);
	const pageParam = r.query.get('page');
	if (pageParam !== null && pageParam !== '' && (!/^\d+$/.test(pageParam) || Number(pageParam) < 1))
		throw badRequest('page must be a positive integer', 'page');
	const page = pageParam ? Number(pageParam) : 1;
	const withMessage = r.bool('with_msg') === true;
	const slice = chats.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
	return ok({
		has_more_pages: chats.length > page * PAGE_SIZE,
		chats: slice.map((c) => chatView(r.sb, c, withMessage)),
	});
}

export function getChat(r: ApiRequest): SandboxResponse {
	return ok(chatView(r.sb, r.chat()));
}

/** ChatDetails: name, responsible (email; "" unassigns), closed, read, chatgpt_autoresponse_enabled. */
export function patchChat(r: ApiRequest): SandboxResponse {
	const chat = r.chat();
	const body = r.json();
	const closed = optionalBool(body, 'closed');
	const read = optionalBool(body, 'read');
	const autoresponse = optionalBool(body, 'chatgpt_autoresponse_enabled');
	const name = optionalString(body, 'name', MAX_CHAT_NAME);
	if (name !== undefined && name.trim() === '') throw badRequest('name must not be empty', 'name');
	let responsible: string | null | undefined;
	if ('responsible' in body) {
		const value = body.responsible;
		if (value === null || value === '') responsible = null;
		else if (typeof value === 'string') {
			const teammate = r.sb.state.teammate(value);
			if (!teammate)
				throw badRequest(`${value} is not a teammate of this workspace`, 'responsible');
			responsible = teammate.email;
		} else throw badRequest('responsible must be a teammate email', 'responsible');
	}
	if (closed !== undefined) chat.closed = closed;
	if (read !== undefined) chat.read = read;
	if (autoresponse !== undefined) chat.chatgpt_autoresponse_enabled = autoresponse;
	if (name !== undefined) chat.name = name.trim();
	if (responsible !== undefined) r.sb.assign(chat, responsible);
	return ok(chatView(r.sb, chat));
}

export function getLabels(r: ApiRequest): SandboxResponse {
	return ok({ labels: [...r.chat().labels] });
}

function labelsOf(r: ApiRequest): string[] {
	const value = r.json().labels;
	if (!Array.isArray(value) || !value.every((l) => typeof l === 'string' && l.trim() !== ''))
		throw badRequest('labels must be a list of names', 'labels');
	const names = value.map((l: string) => l.trim());
	if (names.some((l) => l.length > MAX_LABEL))
		throw badRequest(`a label is at most ${MAX_LABEL} characters`, 'labels');
	return names;
}

/** PUT: "Adds the supplied labels to the chat, keeping any already applied." */
export function addLabels(r: ApiRequest): SandboxResponse {
	const chat = r.chat();
	chat.labels = [...new Set([...chat.labels, ...labelsOf(r)])];
	return ok({ labels: [...chat.labels] });
}

/** POST: "Replaces the chat's entire label set with the supplied list." */
export function replaceLabels(r: ApiRequest): SandboxResponse {
	const chat = r.chat();
	chat.labels = [...new Set(labelsOf(r))];
	return ok({ labels: [...chat.labels] });
}

/** POST /chats/{chat_id}/notes: JSON NoteInfo `{text, is_private}` or a text/plain body. */
export function addNote(r: ApiRequest): SandboxResponse {
	const chat = r.chat();
	const text = /^text\/plain/i.test(r.contentType)
		? r.body.toString('utf8')
		: (optionalString(r.json(), 'text') ?? '');
	if (text.trim() === '') throw badRequest('text is required', 'text');
	if (text.length > MAX_NOTE)
		throw badRequest(`text must be at most ${MAX_NOTE} characters`, 'text');
	return ok({ message_uid: r.sb.outgoing.note(chat, text).uid });
}
