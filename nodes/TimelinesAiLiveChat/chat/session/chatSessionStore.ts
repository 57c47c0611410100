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
	expiresAtMs: number;
	/**
	 * Set while "Sign in with Zoho" is under way: the OAuth2 `state` this browser must bring back. A pending
	 * session grants nothing (the API refuses it); a completed sign-in replaces it with a new session.
	 */
	pendingSignInState?: string;
}

export interface ChatSessionStoreOptions {
	/** Idle lifetime; every request that finds the session extends it by this much. */
	idleTimeoutMs: number;
	/** Upper bound of sessions kept in memory; the oldest go first when full. */
	maxSessions: number;
	maxAttachmentsPerSession?: number;
	now?: () => number;
	randomToken?: () => string;
}

export function randomUrlToken(): string {
	return randomBytes(32).toString('base64url');
}

/**
 * In-memory sessions keyed by a 256-bit random id. In memory on purpose: a session only lives for the
 * duration of one chat view, and nothing about it must survive a restart. Limitation: with n8n in queue
 * mode and several webhook processes, a session is only known to the process that created it (use sticky
 * sessions, or a single webhook process, for the live chat).
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
	): ChatSession {
		this.purgeExpired();
		while (this.sessions.size >= this.options.maxSessions) {
			// Map iteration order is insertion order, so the first key is the oldest session.
			const oldest = this.sessions.keys().next().value;
			if (oldest === undefined) break;
			this.sessions.delete(oldest);
		}
		const session: ChatSession = {
			...identity,
			id: this.randomToken(),
			csrfToken: this.randomToken(),
			recordPhones: [...recordPhones],
			allowedChatIds: new Set(allowedChatIds),
			attachments: new Map(),
			expiresAtMs: this.now() + this.options.idleTimeoutMs,
		};
		this.sessions.set(session.id, session);
		return session;
	}

	/** A session that only waits for the Zoho sign-in callback, carrying the expected OAuth2 state. */
	createPendingSignIn(identity: ChatIdentity): ChatSession {
		const session = this.create(identity, [], []);
		session.pendingSignInState = this.randomToken();
		return session;
	}

	remove(id: string): void {
		this.sessions.delete(id);
	}

	/** The live session for this id, its idle timer extended; undefined when unknown or expired. */
	touch(id: string | undefined): ChatSession | undefined {
		if (!id) return undefined;
		const session = this.sessions.get(id);
		if (!session) return undefined;
		if (session.expiresAtMs <= this.now()) {
			this.sessions.delete(id);
			return undefined;
		}
		session.expiresAtMs = this.now() + this.options.idleTimeoutMs;
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

	private purgeExpired(): void {
		const now = this.now();
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
