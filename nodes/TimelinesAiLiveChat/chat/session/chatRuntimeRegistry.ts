import { randomBytes } from 'node:crypto';

import type { ChatRuntime } from '../actions/chatRequest';
import { ChatLinkClaims } from './chatLinkClaims';
import { ChatSessionStore } from './chatSessionStore';
import { SessionRateLimiter } from './sessionRateLimiter';

export interface ChatRuntimeSettings {
	sessionIdleSeconds: number;
	/** Absolute session lifetime; 8 hours unless set. */
	sessionMaxLifetimeSeconds?: number;
	requestsPerMinute: number;
	maxSessions?: number;
	maxSessionsPerUser?: number;
}

const runtimes = new Map<string, { settings: string; runtime: ChatRuntime }>();

export function createChatRuntime(
	settings: ChatRuntimeSettings,
	now: () => number = Date.now,
): ChatRuntime {
	return {
		sessions: new ChatSessionStore({
			idleTimeoutMs: settings.sessionIdleSeconds * 1000,
			maxLifetimeMs:
				settings.sessionMaxLifetimeSeconds === undefined
					? undefined
					: settings.sessionMaxLifetimeSeconds * 1000,
			maxSessions: settings.maxSessions ?? 1000,
			maxSessionsPerUser: settings.maxSessionsPerUser,
			now,
		}),
		linkClaims: new ChatLinkClaims({ now }),
		rateLimiter: new SessionRateLimiter({
			limit: settings.requestsPerMinute,
			windowMs: 60_000,
			now,
		}),
		nowSeconds: () => Math.floor(now() / 1000),
		newNonce: () => randomBytes(18).toString('base64'),
	};
}

/**
 * One runtime (sessions, rate limits) per chat node, kept for the life of the n8n process: webhook calls
 * get a fresh node context each time, so state that must span calls lives here. Changing the node's
 * session or rate settings starts a fresh runtime (open pages then ask the viewer to re-open the link).
 */
export function chatRuntimeFor(key: string, settings: ChatRuntimeSettings): ChatRuntime {
	const fingerprint = JSON.stringify(settings);
	const known = runtimes.get(key);
	if (known && known.settings === fingerprint) return known.runtime;
	known?.runtime.sessions.clear();
	const runtime = createChatRuntime(settings);
	runtimes.set(key, { settings: fingerprint, runtime });
	return runtime;
}

/** Forgets a chat node's runtime: its sessions, link claims and rate limits (the workflow was deactivated). */
export function endChatRuntime(key: string): boolean {
	// Open pages' event streams end with their sessions.
	runtimes.get(key)?.runtime.sessions.clear();
	return runtimes.delete(key);
}
