import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed live-chat links: the Zoho button's Deluge function signs (module, record id, user email, expiry)
// with zoho.encryption.hmacsha256 and a secret kept in a Zoho CRM variable; the node verifies here.

export interface ChatLinkParams {
	module: string;
	recordId: string;
	userEmail: string;
	/** Unix seconds. */
	expiresAt: number | string;
}

export type ChatLinkVerification =
	| { ok: true }
	| { ok: false; reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' };

/**
 * The exact string the Zoho Deluge function signs with zoho.encryption.hmacsha256(secret, payload, "hex"):
 * `module|recordId|lower-case email|expiry`. '|' cannot occur in a module API name, a numeric record id or
 * an e-mail address, so the fields cannot be shifted into each other.
 */
export function chatLinkPayload(params: ChatLinkParams): string {
	return `${params.module}|${params.recordId}|${params.userEmail.toLowerCase()}|${params.expiresAt}`;
}

export function signChatLink(params: ChatLinkParams, secret: string): string {
	if (!secret)
		throw new Error(
			'The chat link secret is empty: set it in the node and in the Zoho CRM variable',
		);
	return createHmac('sha256', secret).update(chatLinkPayload(params), 'utf8').digest('hex');
}

export function verifyChatLink(
	link: ChatLinkParams & { signature: string },
	secret: string,
	nowSeconds: number,
	options: { maxLifetimeSeconds?: number } = {},
): ChatLinkVerification {
	if (!secret) return { ok: false, reason: 'missing' }; // never "no secret configured → accept"
	const expiresText = String(link.expiresAt);
	if (!link.module || !link.recordId || !link.userEmail || !expiresText || !link.signature) {
		return { ok: false, reason: 'missing' };
	}
	if (!/^\d{1,12}$/.test(expiresText) || !/^[0-9a-f]{64}$/i.test(link.signature)) {
		return { ok: false, reason: 'malformed' };
	}
	const expected = Buffer.from(signChatLink({ ...link, expiresAt: expiresText }, secret), 'hex');
	const presented = Buffer.from(link.signature, 'hex');
	if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
		return { ok: false, reason: 'bad_signature' };
	}
	const expiresAt = Number(expiresText);
	if (expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
	if (
		options.maxLifetimeSeconds !== undefined &&
		expiresAt - nowSeconds > options.maxLifetimeSeconds
	) {
		return { ok: false, reason: 'expired' };
	}
	return { ok: true };
}
