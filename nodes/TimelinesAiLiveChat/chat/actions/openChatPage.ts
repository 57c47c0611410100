import type { ChatSummaryView, MessageTemplateView, WhatsappAccountView } from '../chatBackend';
import { readCookie, securityHeaders, SESSION_COOKIE_NAME } from '../page/chatPageHeaders';
import type { ChatDependencies, ChatRequest, ChatResponse } from './chatRequest';
import { constantTimeEquals, type ChatIdentity } from '../session/chatSessionStore';
import {
	LINK_ALREADY_USED,
	SESSION_ENDED,
	startBoundSession,
	type LinkBinding,
} from '../session/chatLinkBinding';
import { chatSessionCookie, startZohoSignIn } from '../session/zohoSignInFlow';
import { htmlErrorResponse } from './chatResponses';
import { checkChatLinkQuery } from '../session/chatLinkQuery';
import { tryNormalizeToE164 } from '../../../shared/domain/phone';
import { renderMessagesPage } from '../page/renderMessagesPage';
import { MAX_MESSAGE_TEXT_LENGTH as MAX_TEXT_LENGTH } from '../../../shared/transport/timelinesai/messages';
import { renderChatPage } from '../page/renderChatPage';
import { renderChatList, renderNewChatForm } from '../page/renderChatFragments';

/** Every phone-type value of the record, normalised and de-duplicated; unparseable values are skipped. */
export function normalizeRecordPhones(
	values: string[],
	defaultCountry: string | undefined,
): string[] {
	const phones: string[] = [];
	for (const value of values) {
		if (!value || !value.trim()) continue;
		// A legacy value that is not a phone number ("ask reception") matches no chat; skipping it is correct.
		const e164 = tryNormalizeToE164(value, defaultCountry);
		if (e164 && !phones.includes(e164)) phones.push(e164);
	}
	return phones;
}

/** One-to-one chats of all the record's numbers, de-duplicated by chat id (group chats never match a record). */
export async function findRecordChats(
	deps: ChatDependencies,
	phones: string[],
): Promise<ChatSummaryView[]> {
	// The numbers are looked up at the same time (a record with three numbers still costs one round trip).
	const found = await Promise.all(phones.map((phone) => deps.backend.findChatsByPhone(phone)));
	const chats = new Map<number, ChatSummaryView>();
	for (const chat of found.flat())
		if (!chat.isGroup && !chats.has(chat.id)) chats.set(chat.id, chat);
	return [...chats.values()];
}

/** GET with a signed link: verify it, then sign in with Zoho (when required) or render the page. */
export async function openChatPage(
	request: ChatRequest,
	deps: ChatDependencies,
): Promise<ChatResponse> {
	const { config, runtime } = deps;
	const refuse = (status: number, title: string, detail: string) =>
		htmlErrorResponse(status, title, detail, runtime.newNonce(), config.frameAncestors);

	const link = checkChatLinkQuery(
		request.query,
		config.linkSecret,
		runtime.nowSeconds(),
		config.maxLinkLifetimeSeconds,
	);
	if (!link.ok) {
		// Only refused links count against the client address: valid links from a crowd behind one proxy
		// never share a budget, and a flood of forged links still cannot cost Zoho or TimelinesAI a call.
		if (!runtime.rateLimiter.tryTake(`client:${request.clientAddress ?? 'unknown'}`))
			return refuse(
				429,
				'Too many requests',
				'Please wait a minute before opening the chat again.',
			);
		const detail =
			link.reason === 'expired'
				? 'This chat link has expired.'
				: 'This chat link is not valid (it is unsigned or was changed).';
		return refuse(403, 'Access denied', detail);
	}
	if (!config.allowedModules.includes(link.module)) {
		return refuse(403, 'Access denied', 'The chat view is not enabled for this kind of record.');
	}
	const claim = runtime.linkClaims.get(link.key);
	const cookieSession = readCookie(request.headers.cookie, SESSION_COOKIE_NAME);
	if (claim && !constantTimeEquals(claim.sessionId, cookieSession)) {
		return refuse(403, 'Access denied', LINK_ALREADY_USED);
	}
	if (claim && runtime.linkClaims.hasEnded(claim)) {
		return refuse(403, 'Session ended', SESSION_ENDED);
	}
	if (!runtime.rateLimiter.tryTake(`user:${link.userEmail}`)) {
		return refuse(429, 'Too many requests', 'Please wait a minute before opening the chat again.');
	}
	const binding: LinkBinding = {
		key: link.key,
		linkExpiresAtMs: link.expiresAtSeconds * 1000,
		boundSessionId: claim?.sessionId,
		endsAtMs: claim?.sessionEndsAtMs,
	};
	const identity = { module: link.module, recordId: link.recordId, userEmail: link.userEmail };
	if (config.signInWithZoho) {
		if (!deps.zohoSignIn)
			return refuse(500, 'Chat unavailable', 'Sign in with Zoho is on but not configured.');
		return startZohoSignIn(request, deps, deps.zohoSignIn, identity, binding);
	}
	return renderRecordPage(request, deps, identity, binding);
}

/** Reads the record, finds its chats, starts a session and renders the page for a verified identity. */
export async function renderRecordPage(
	request: ChatRequest,
	deps: ChatDependencies,
	identity: ChatIdentity,
	binding: LinkBinding,
): Promise<ChatResponse> {
	const { config, runtime, backend } = deps;
	const nonce = runtime.newNonce();
	// Accounts and templates do not depend on the record: fetched while Zoho answers.
	const accountsPromise = backend.listWhatsappAccounts().catch((): WhatsappAccountView[] => []);
	// Templates are a nicety: the page still works when the endpoint is unavailable.
	const templatesPromise = backend.listTemplates().catch((): MessageTemplateView[] => []);
	const record = await backend.getRecord(identity.module, identity.recordId);
	if (!record) {
		return htmlErrorResponse(
			404,
			'Record not found',
			'The Zoho CRM record of this link does not exist any more.',
			nonce,
			config.frameAncestors,
		);
	}
	const phones = normalizeRecordPhones(record.phoneValues, config.defaultCountry);
	const [chats, accounts, templates] = await Promise.all([
		findRecordChats(deps, phones),
		accountsPromise,
		templatesPromise,
	]);
	const session = startBoundSession(deps, binding, (options) =>
		runtime.sessions.create(
			identity,
			phones,
			chats.map((chat) => chat.id),
			options,
		),
	);
	if (!session) {
		return htmlErrorResponse(403, 'Access denied', LINK_ALREADY_USED, nonce, config.frameAncestors);
	}
	const selected = chats[0];
	const firstPage = selected
		? await renderMessagesPage(deps, session, selected.id)
		: { items: [], olderCursor: null };

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
			olderCursor: firstPage.olderCursor,
			maxTextLength: MAX_TEXT_LENGTH,
			pollIntervalMs: config.pollIntervalMs,
			push: deps.push !== undefined,
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
			'Set-Cookie': chatSessionCookie(request, deps, session),
		},
		body: html,
	};
}
