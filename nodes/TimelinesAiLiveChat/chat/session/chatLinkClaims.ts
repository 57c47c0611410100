import { ChatSessionsFullError } from './chatSessionStore';

/** The browser session a signed link was first opened in. */
export interface LinkClaim {
	sessionId: string;
	/** The link's own expiry (its `x`): the claim is forgotten after it, when the link is refused anyway. */
	linkExpiresAtMs: number;
	/** The absolute end of the session the link opened: re-opening the link never extends it. */
	sessionEndsAtMs: number;
}

export interface ChatLinkClaimsOptions {
	/** Upper bound of remembered links; past it new links are refused (503) rather than old ones forgotten. */
	maxClaims?: number;
	now?: () => number;
}

/**
 * Binds each signed link to the browser session it was first opened in. A link is a bearer token until it
 * expires: forwarded, left in a history or a proxy log, it would open the record's chats for anyone. Once
 * bound, the same link opens again only in the browser holding that session's cookie (a reload, or
 * re-opening the tab), and the new session keeps the first one's absolute end; anywhere else it is
 * refused. The Zoho button signs a fresh link on every click, so users never notice.
 */
export class ChatLinkClaims {
	private readonly claims = new Map<string, LinkClaim>();
	private readonly now: () => number;

	constructor(private readonly options: ChatLinkClaimsOptions = {}) {
		this.now = options.now ?? Date.now;
	}

	get size(): number {
		return this.claims.size;
	}

	get(linkKey: string): LinkClaim | undefined {
		const claim = this.claims.get(linkKey);
		if (claim && claim.linkExpiresAtMs <= this.now()) {
			this.claims.delete(linkKey);
			return undefined;
		}
		return claim;
	}

	/** Whether the session this link opened has reached its absolute end. */
	hasEnded(claim: LinkClaim): boolean {
		return claim.sessionEndsAtMs <= this.now();
	}

	/**
	 * Compare-and-set: binds the link to `claim.sessionId` only if it is still bound to `expectedSessionId`
	 * (undefined: not bound yet). False when another request bound it meanwhile (two browsers racing).
	 */
	bind(linkKey: string, expectedSessionId: string | undefined, claim: LinkClaim): boolean {
		const current = this.get(linkKey);
		if (current?.sessionId !== expectedSessionId) return false;
		if (!current && this.claims.size >= (this.options.maxClaims ?? 20_000)) {
			this.purgeExpired();
			if (this.claims.size >= (this.options.maxClaims ?? 20_000)) throw new ChatSessionsFullError();
		}
		this.claims.set(linkKey, claim);
		return true;
	}

	private purgeExpired(): void {
		const now = this.now();
		for (const [key, claim] of this.claims)
			if (claim.linkExpiresAtMs <= now) this.claims.delete(key);
	}
}
