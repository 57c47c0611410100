import type { ZohoSignIn } from '../chatBackend';
import { readCookie, SESSION_COOKIE_NAME, sessionCookie } from '../page/chatPageHeaders';
import type { ChatDependencies, ChatRequest, ChatResponse } from '../actions/chatRequest';
import { htmlErrorResponse } from '../actions/chatResponses';
import { constantTimeEquals, type ChatIdentity, type ChatSession } from './chatSessionStore';
import { renderRecordPage } from '../actions/openChatPage';
import { LINK_ALREADY_USED, startBoundSession, type LinkBinding } from './chatLinkBinding';

/** The session cookie, kept by the browser until the session's absolute end. */
export function chatSessionCookie(
	request: ChatRequest,
	deps: ChatDependencies,
	session: ChatSession,
): string {
	return sessionCookie(session.id, {
		path: request.path,
		secure: request.secure,
		sameSite: deps.config.cookieSameSite,
		maxAgeSeconds: (session.endsAtMs - deps.runtime.nowSeconds() * 1000) / 1000,
	});
}

/** The page URL without query: the OAuth2 redirect URI to register for the personal Zoho client. */
export function chatPageUrl(request: ChatRequest): string {
	const host =
		request.headers['x-forwarded-host']?.split(',')[0]?.trim() ||
		request.headers.host ||
		'localhost';
	return `${request.secure ? 'https' : 'http'}://${host}${request.path}`;
}

export function isSignInCallback(request: ChatRequest): boolean {
	return (
		request.query.state !== undefined &&
		(request.query.code !== undefined || request.query.error !== undefined)
	);
}

/**
 * Link verified, sign-in required: a pending session remembers the identity and a random `state`; the
 * browser goes to Zoho's consent page and comes back to this same URL with ?code&state.
 */
export function startZohoSignIn(
	request: ChatRequest,
	deps: ChatDependencies,
	signIn: ZohoSignIn,
	identity: ChatIdentity,
	binding: LinkBinding,
): ChatResponse {
	const pending = startBoundSession(deps, binding, (options) =>
		deps.runtime.sessions.createPendingSignIn(identity, options),
	);
	if (!pending) {
		return htmlErrorResponse(
			403,
			'Access denied',
			LINK_ALREADY_USED,
			deps.runtime.newNonce(),
			deps.config.frameAncestors,
		);
	}
	return {
		status: 302,
		headers: {
			Location: signIn.authorizationUrl(pending.pendingSignInState ?? '', chatPageUrl(request)),
			'Set-Cookie': chatSessionCookie(request, deps, pending),
			'Cache-Control': 'no-store',
			'Referrer-Policy': 'no-referrer',
		},
		body: '',
	};
}

/**
 * The OAuth2 callback: the state must be this browser's (cookie-bound, one-time), the signed-in Zoho user
 * must be the user the link was signed for, and their own Zoho permissions must allow reading the record.
 * Zoho's `accounts-server` callback parameter is ignored: the code is only ever sent to the credential's
 * token URL, so a forged callback cannot make the node send the client secret elsewhere.
 */
export async function completeZohoSignIn(
	request: ChatRequest,
	deps: ChatDependencies,
): Promise<ChatResponse> {
	const refuse = (detail: string) =>
		htmlErrorResponse(
			403,
			'Access denied',
			detail,
			deps.runtime.newNonce(),
			deps.config.frameAncestors,
		);
	const signIn = deps.zohoSignIn;
	const pending = deps.runtime.sessions.touch(
		readCookie(request.headers.cookie, SESSION_COOKIE_NAME),
	);
	if (!signIn || !deps.config.signInWithZoho || !pending?.pendingSignInState) {
		return refuse('No sign-in is under way in this browser.');
	}
	deps.runtime.sessions.remove(pending.id); // one-time: a replayed callback finds nothing
	if (!constantTimeEquals(pending.pendingSignInState, request.query.state)) {
		return refuse('The sign-in response does not belong to this browser.');
	}
	const code = request.query.code;
	if (!code) return refuse('Zoho sign-in was cancelled.');
	const token = await signIn.exchangeCode(code, chatPageUrl(request));
	const email = (await signIn.currentUserEmail(token)).trim().toLowerCase();
	if (email !== pending.userEmail) {
		return refuse(
			'You are signed in to Zoho as a different user than the one this link was made for.',
		);
	}
	if (!(await signIn.canReadRecord(token, pending.module, pending.recordId))) {
		return refuse('Your Zoho CRM account has no access to this record.');
	}
	// The link stays bound to this browser: the signed-in session replaces the pending one.
	const claim = pending.linkKey ? deps.runtime.linkClaims.get(pending.linkKey) : undefined;
	if (!pending.linkKey || claim?.sessionId !== pending.id)
		return refuse('This chat link has expired or was opened elsewhere meanwhile.');
	const { module, recordId, userEmail } = pending;
	return renderRecordPage(
		request,
		deps,
		{ module, recordId, userEmail },
		{
			key: pending.linkKey,
			linkExpiresAtMs: claim.linkExpiresAtMs,
			boundSessionId: pending.id,
			endsAtMs: pending.endsAtMs,
		},
	);
}
