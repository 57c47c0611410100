import {
	attachmentAction,
	listMessagesAction,
	newChatAction,
	sendMessageAction,
	uploadFileAction,
} from './chatApiActions';
import { readCookie, SESSION_COOKIE_NAME } from '../page/chatPageHeaders';
import type { ChatDependencies, ChatRequest, ChatResponse } from './chatRequest';
import { htmlErrorResponse, jsonResponse } from './chatResponses';
import { ChatSessionsFullError, isValidCsrfToken } from '../session/chatSessionStore';
import { openChatPage } from './openChatPage';
import { completeZohoSignIn, isSignInCallback } from '../session/zohoSignInFlow';
import { eventStreamAction } from '../push/eventStreamAction';

const GET_ACTIONS = {
	messages: listMessagesAction,
	file: attachmentAction,
	events: eventStreamAction,
} as const;
const POST_ACTIONS = {
	send: sendMessageAction,
	upload: uploadFileAction,
	'new-chat': newChatAction,
} as const;

function isKeyOf<T extends object>(object: T, key: string): key is Extract<keyof T, string> {
	return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * Everything the live chat webhook answers, as one function of (request, dependencies) so it runs inside n8n
 * (TimelinesAiLiveChat.node.ts) and in plain HTTP test servers alike.
 * - GET without `action`: the signed link → the page (403 page, no data, when the link is bad or was
 *   already opened in another browser; 503 when every session slot is held by someone active).
 * - GET ?action=events: the page's live updates (Server-Sent Events, push/eventStreamAction.ts).
 * - GET ?action=messages|file, POST ?action=send|upload|new-chat: need the session cookie; POSTs also the
 *   session's CSRF token in the X-CSRF-Token header; every call counts against the session's rate limit.
 */
export async function handleChatRequest(
	request: ChatRequest,
	deps: ChatDependencies,
): Promise<ChatResponse> {
	const action = request.query.action ?? '';
	const method = request.method.toUpperCase();
	try {
		if (method === 'GET' && action === '') {
			return isSignInCallback(request)
				? await completeZohoSignIn(request, deps)
				: await openChatPage(request, deps);
		}

		const session = deps.runtime.sessions.touch(
			readCookie(request.headers.cookie, SESSION_COOKIE_NAME),
		);
		// A session still waiting for the Zoho sign-in callback grants nothing.
		if (!session || session.pendingSignInState !== undefined)
			return jsonResponse(401, { error: 'No chat session: open the chat again from Zoho CRM.' });
		if (!deps.runtime.rateLimiter.tryTake(`session:${session.id}`)) {
			return jsonResponse(
				429,
				{ error: 'Too many requests; wait a moment.' },
				{ 'Retry-After': '60' },
			);
		}
		if (method === 'GET' && isKeyOf(GET_ACTIONS, action))
			return await GET_ACTIONS[action](request, deps, session);
		if (method === 'POST' && isKeyOf(POST_ACTIONS, action)) {
			if (!isValidCsrfToken(session, request.headers['x-csrf-token'])) {
				return jsonResponse(403, { error: 'Missing or invalid CSRF token.' });
			}
			return await POST_ACTIONS[action](request, deps, session);
		}
		return jsonResponse(404, { error: 'Unknown action.' });
	} catch (error) {
		if (error instanceof ChatSessionsFullError) {
			// Only opening a page starts a session: everyone already chatting keeps going.
			const busy = htmlErrorResponse(
				503,
				'Chat busy',
				error.message,
				deps.runtime.newNonce(),
				deps.config.frameAncestors,
			);
			return { ...busy, headers: { ...busy.headers, 'Retry-After': '60' } };
		}
		// Upstream failures (Zoho, TimelinesAI) reach the viewer as a short message, never as a stack trace.
		const message = error instanceof Error ? error.message : String(error);
		// Page traffic starts no execution, so n8n's log is where an administrator sees what failed.
		deps.log?.(`${method} ${action || 'page'} failed: ${message}`);
		if (method === 'GET' && action === '') {
			const nonce = deps.runtime.newNonce();
			return htmlErrorResponse(
				502,
				'Chat unavailable',
				`The chat could not be loaded: ${message}`,
				nonce,
				deps.config.frameAncestors,
			);
		}
		return jsonResponse(502, { error: `The request failed: ${message}` });
	}
}
