import { randomBytes, timingSafeEqual } from 'node:crypto';

/** What a verified signed link proves: this Zoho user may look at this record's chats. */
export interface ChatIdentity {
	module: string;
	recordId: string;
	userEmail: string;
}

export interface ChatAttachmentRef {
	url: string;
	filename: string;
	mimetype?: string;
}

export interface ChatSession extends ChatIdentity {
	id: string;
	csrfToken: string;
	/** The record's phone numbers in E.164; a new chat may only be started with one of these. */
	recordPhones: string[];
	/** Chats this session may read and write: those matching the record's numbers, nothing else. */
	allowedChatIds: Set<number>;
	/** Opaque token → temporary attachment URL, so the page never hands a URL back to the server (no SSRF). */
	attachments: Map<string, ChatAttachmentRef>;
	/** Idle deadline: every request moves it forward, but never past `endsAtMs`. */
	expiresAtMs: number;
	/** Absolute end, counted from the link's first opening: polling never extends a session past it. */
	endsAtMs: number;
	lastUsedMs: number;
	/** The signed link (its signature) this session was opened with: the link is bound to this session. */
	linkKey?: string;
	/**
	 * Set while "Sign in with Zoho" is under way: the OAuth2 `state` this browser must bring back. A pending
	 * session grants nothing (the API refuses it); a completed sign-in replaces it with a new session.
	 */
	pendingSignInState?: string;
}

export interface ChatSessionStoreOptions {
	/** Idle lifetime; every request that finds the session extends it by this much (up to the absolute end). */
	idleTimeoutMs: number;
	/** Absolute lifetime of a session, however busy; 8 hours unless set. */
	maxLifetimeMs?: number;
	/** Upper bound of sessions kept in memory. */
	maxSessions: number;
	/** Sessions one Zoho user may hold at once (tabs, reloads); a new one replaces their least recently used. */
	maxSessionsPerUser?: number;
	/** A session used within this long is active (the page polls every 1–2 s): never evicted to make room. */
	activeWindowMs?: number;
	maxAttachmentsPerSession?: number;
	now?: () => number;
	randomToken?: () => string;
}

export interface NewSessionOptions {
	/** Keep an earlier absolute end (a reload of the bound link), rather than starting a new lifetime. */
	endsAtMs?: number;
	linkKey?: string;
}

export const DEFAULT_SESSION_MAX_LIFETIME_MS = 8 * 3600_000;
const DEFAULT_MAX_SESSIONS_PER_USER = 20;
const DEFAULT_ACTIVE_WINDOW_MS = 2 * 60_000;

/** Every session is active and the store is full: the viewer is told to retry (503), nobody is dropped. */
export class ChatSessionsFullError extends Error {
	constructor() {
		super('Too many chat windows are open right now; try again in a minute.');
		this.name = 'ChatSessionsFullError';
	}
}

export function randomUrlToken(): string {
	return randomBytes(32).toString('base64url');
}

/**
 * In-memory sessions keyed by a 256-bit random id, in least-recently-used order (the Map's insertion order,
 * refreshed on every use). In memory on purpose: a session only lives for the duration of one chat view,
 * and nothing about it must survive a restart. Limitation: with n8n in queue mode and several webhook
 * processes, a session is only known to the process that created it (use sticky sessions, or a single
 * webhook process, for the live chat).
 *
 * Bounded without dropping anyone active: a user over their own cap loses their least recently used
 * session; when the store is full, the least recently used session goes only if it is idle (unused for
 * `activeWindowMs`), otherwise the new session is refused (ChatSessionsFullError).
 */
export class ChatSessionStore {
	private readonly sessions = new Map<string, ChatSession>();
	private readonly now: () => number;
	private readonly randomToken: () => string;

	constructor(private readonly options: ChatSessionStoreOptions) {
		this.now = options.now ?? Date.now;
		this.randomToken = options.randomToken ?? randomUrlToken;
	}

	get size(): number {
		return this.sessions.size;
	}

	create(
		identity: ChatIdentity,
		recordPhones: string[],
		allowedChatIds: Iterable<number>,
		options: NewSessionOptions = {},
	): ChatSession {
		const now = this.now();
		this.purgeExpired(now);
		this.makeRoomFor(identity.userEmail, now);
		const endsAtMs = Math.min(
			options.endsAtMs ?? Number.POSITIVE_INFINITY,
			now + (this.options.maxLifetimeMs ?? DEFAULT_SESSION_MAX_LIFETIME_MS),
		);
		const session: ChatSession = {
			...identity,
			id: this.randomToken(),
			csrfToken: this.randomToken(),
			recordPhones: [...recordPhones],
			allowedChatIds: new Set(allowedChatIds),
			attachments: new Map(),
			expiresAtMs: Math.min(now + this.options.idleTimeoutMs, endsAtMs),
			endsAtMs,
			lastUsedMs: now,
			linkKey: options.linkKey,
		};
		this.sessions.set(session.id, session);
		return session;
	}

	/** A session that only waits for the Zoho sign-in callback, carrying the expected OAuth2 state. */
	createPendingSignIn(identity: ChatIdentity, options: NewSessionOptions = {}): ChatSession {
		const session = this.create(identity, [], [], options);
		session.pendingSignInState = this.randomToken();
		return session;
	}

	remove(id: string): void {
		this.sessions.delete(id);
	}

	/** Ends every session at once (the node was deactivated): open event streams close on their next tick. */
	clear(): void {
		this.sessions.clear();
	}

	/** Whether the session still exists and has not expired, without extending it. */
	isLive(id: string): boolean {
		const session = this.sessions.get(id);
		return session !== undefined && session.expiresAtMs > this.now();
	}

	/** The live session for this id, its idle timer extended; undefined when unknown or expired. */
	touch(id: string | undefined): ChatSession | undefined {
		if (!id) return undefined;
		const session = this.sessions.get(id);
		if (!session) return undefined;
		const now = this.now();
		if (session.expiresAtMs <= now) {
			this.sessions.delete(id);
			return undefined;
		}
		session.expiresAtMs = Math.min(now + this.options.idleTimeoutMs, session.endsAtMs);
		session.lastUsedMs = now;
		// Most recently used last: the first entry is always the best candidate for eviction.
		this.sessions.delete(id);
		this.sessions.set(id, session);
		return session;
	}

	/** Registers an attachment URL for this session and returns the opaque token the page may use. */
	registerAttachment(session: ChatSession, attachment: ChatAttachmentRef): string {
		for (const [token, known] of session.attachments) {
			if (known.url === attachment.url) return token;
		}
		const max = this.options.maxAttachmentsPerSession ?? 1000;
		while (session.attachments.size >= max) {
			const oldest = session.attachments.keys().next().value;
			if (oldest === undefined) break;
			session.attachments.delete(oldest);
		}
		const token = this.randomToken();
		session.attachments.set(token, attachment);
		return token;
	}

	private makeRoomFor(userEmail: string, now: number): void {
		const perUser = this.options.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER;
		const own = [...this.sessions.values()].filter((session) => session.userEmail === userEmail);
		// The user's own least recently used sessions make way: nobody else's.
		for (const session of own.slice(0, Math.max(0, own.length - perUser + 1)))
			this.sessions.delete(session.id);
		if (this.sessions.size < this.options.maxSessions) return;
		const leastRecent = this.sessions.values().next().value;
		const activeWindow = this.options.activeWindowMs ?? DEFAULT_ACTIVE_WINDOW_MS;
		if (leastRecent && now - leastRecent.lastUsedMs >= activeWindow) {
			this.sessions.delete(leastRecent.id);
			return;
		}
		throw new ChatSessionsFullError();
	}

	private purgeExpired(now: number): void {
		for (const [id, session] of this.sessions) {
			if (session.expiresAtMs <= now) this.sessions.delete(id);
		}
	}
}

export function constantTimeEquals(expectedValue: string, presented: string | undefined): boolean {
	if (!presented || !expectedValue) return false;
	const expected = Buffer.from(expectedValue, 'utf8');
	const actual = Buffer.from(presented, 'utf8');
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Constant-time comparison of the CSRF token a POST carries with the session's (timingSafeEqual). */
export function isValidCsrfToken(session: ChatSession, presented: string | undefined): boolean {
	return constantTimeEquals(session.csrfToken, presented);
}
