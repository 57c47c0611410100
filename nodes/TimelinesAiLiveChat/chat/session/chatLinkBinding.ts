import type { ChatDependencies } from '../actions/chatRequest';
import type { ChatSession, NewSessionOptions } from './chatSessionStore';

/** The signed link a page opening came with, and the session it is bound to so far (a reload). */
export interface LinkBinding {
	/** The link's signature: unique per link. */
	key: string;
	linkExpiresAtMs: number;
	/** The session the link is bound to now (undefined on its first opening). */
	boundSessionId?: string;
	/** The absolute end to keep (the bound session's). */
	endsAtMs?: number;
}

export const LINK_ALREADY_USED =
	'This chat link was already opened in another browser. Click the WhatsApp chat button in Zoho CRM again for a new link.';
export const SESSION_ENDED =
	'This chat session has reached its maximum lifetime. Click the WhatsApp chat button in Zoho CRM again.';

/**
 * Starts a session for a verified link and binds the link to it. A reload of the bound link replaces the
 * old session; false-y when another browser bound the link in the meantime (then nothing is started).
 */
export function startBoundSession(
	deps: ChatDependencies,
	binding: LinkBinding,
	create: (options: NewSessionOptions) => ChatSession,
): ChatSession | undefined {
	const { sessions, linkClaims } = deps.runtime;
	const session = create({ endsAtMs: binding.endsAtMs, linkKey: binding.key });
	const bound = linkClaims.bind(binding.key, binding.boundSessionId, {
		sessionId: session.id,
		linkExpiresAtMs: binding.linkExpiresAtMs,
		sessionEndsAtMs: session.endsAtMs,
	});
	if (!bound) {
		sessions.remove(session.id);
		return undefined;
	}
	if (binding.boundSessionId) sessions.remove(binding.boundSessionId);
	return session;
}
