import type { ChatSummaryView, MessageTemplateView, WhatsappAccountView } from './chatBackend';
import { securityHeaders, sessionCookie } from './chatPageHeaders';
import type { ChatDependencies, ChatRequest, ChatResponse } from './chatRequest';
import { htmlErrorResponse } from './chatResponses';
import { checkChatLinkQuery } from './chatLinkQuery';
import { recordPhoneToE164 } from './recordPhoneNumber';
import { renderMessagesPage } from './renderMessagesPage';
import { renderChatPage } from './renderChatPage';
import { renderChatList, renderNewChatForm } from './renderChatFragments';

const SESSION_COOKIE_MAX_AGE_SECONDS = 8 * 3600;

/** Every phone-type value of the record, normalised and de-duplicated; unparseable values are skipped. */
export function normalizeRecordPhones(values: string[], defaultCountry: string | undefined): string[] {
	const phones: string[] = [];
	for (const value of values) {
		if (!value || !value.trim()) continue;
		// A legacy value that is not a phone number ("ask reception") matches no chat; skipping it is correct.
		const e164 = recordPhoneToE164(value, defaultCountry);
		if (e164 && !phones.includes(e164)) phones.push(e164);
	}
	return phones;
}

/** One-to-one chats of all the record's numbers, de-duplicated by chat id (group chats never match a record). */
export async function findRecordChats(deps: ChatDependencies, phones: string[]): Promise<ChatSummaryView[]> {
	const chats = new Map<number, ChatSummaryView>();
	for (const phone of phones) {
		for (const chat of await deps.backend.findChatsByPhone(phone)) {
			if (!chat.isGroup) chats.set(chat.id, chat);
		}
	}
	return [...chats.values()];
}

/** GET with a signed link: verify, read the record, find its chats, start a session and render the page. */
export async function openChatPage(request: ChatRequest, deps: ChatDependencies): Promise<ChatResponse> {
	const { config, runtime, backend } = deps;
	const nonce = runtime.newNonce();
	const refuse = (status: number, title: string, detail: string) =>
		htmlErrorResponse(status, title, detail, nonce, config.frameAncestors);

	if (!runtime.rateLimiter.tryTake(`client:${request.clientAddress ?? 'unknown'}`)) {
		return refuse(429, 'Too many requests', 'Please wait a minute before opening the chat again.');
	}
	const link = checkChatLinkQuery(request.query, config.linkSecret, runtime.nowSeconds(), config.maxLinkLifetimeSeconds);
	if (!link.ok) {
		const detail =
			link.reason === 'expired'
				? 'This chat link has expired.'
				: 'This chat link is not valid (it is unsigned or was changed).';
		return refuse(403, 'Access denied', detail);
	}
	if (!config.allowedModules.includes(link.module)) {
		return refuse(403, 'Access denied', 'The chat view is not enabled for this kind of record.');
	}

	const record = await backend.getRecord(link.module, link.recordId);
	if (!record) return refuse(404, 'Record not found', 'The Zoho CRM record of this link does not exist any more.');
	const phones = normalizeRecordPhones(record.phoneValues, config.defaultCountry);
	const [chats, accounts, templates] = await Promise.all([
		findRecordChats(deps, phones),
		backend.listWhatsappAccounts().catch((): WhatsappAccountView[] => []),
		// Templates are a nicety: the page still works when the endpoint is unavailable.
		backend.listTemplates().catch((): MessageTemplateView[] => []),
	]);
	const session = runtime.sessions.create(
		{ module: link.module, recordId: link.recordId, userEmail: link.userEmail },
		phones,
		chats.map((chat) => chat.id),
	);
	const selected = chats[0];
	const firstPage = selected
		? await renderMessagesPage(deps, session, selected.id, 1)
		: { items: [], nextPage: null };

	const html = renderChatPage({
		nonce,
		recordName: record.displayName,
		recordPhones: phones,
		chatListHtml: renderChatList(chats, selected?.id),
		newChatFormHtml: renderNewChatForm(phones, accounts),
		messages: firstPage.items,
		client: {
			csrfToken: session.csrfToken,
			selectedChatId: selected ? selected.id : null,
			nextPage: firstPage.nextPage,
			pollIntervalMs: config.pollIntervalMs,
			maxUploadBytes: config.maxUploadBytes,
			allowedUploadTypes: config.allowedUploadTypes,
			templates,
			messageKeys: Object.fromEntries(firstPage.items.map((item) => [item.uid, item.key])),
		},
	});
	return {
		status: 200,
		headers: {
			'Content-Type': 'text/html; charset=utf-8',
			...securityHeaders(nonce, config.frameAncestors),
			'Set-Cookie': sessionCookie(session.id, {
				path: request.path,
				secure: request.secure,
				sameSite: config.cookieSameSite,
				maxAgeSeconds: SESSION_COOKIE_MAX_AGE_SECONDS,
			}),
		},
		body: html,
	};
}
