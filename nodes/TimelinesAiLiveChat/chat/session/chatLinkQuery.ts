import {
	signChatLink,
	verifyChatLink,
	type ChatLinkParams,
} from '../../../shared/domain/signedLink';

/**
 * Query parameter names of a signed chat link: ?m=<module>&r=<record id>&e=<user email>&x=<expiry, unix
 * seconds>&s=<hex HMAC-SHA256>. Short on purpose: the Deluge function builds this URL by hand
 * (README-zoho-button.md) and Zoho's openUrl has a URL length limit.
 */
export const LINK_QUERY = {
	module: 'm',
	recordId: 'r',
	userEmail: 'e',
	expiresAt: 'x',
	signature: 's',
} as const;

export type ChatLinkCheck =
	| {
			ok: true;
			module: string;
			recordId: string;
			userEmail: string;
			expiresAtSeconds: number;
			/** The signature, lower-case: unique per link, the key its session is bound under. */
			key: string;
	  }
	| { ok: false; reason: string };

export function hasChatLinkParameters(query: Record<string, string | undefined>): boolean {
	return Object.values(LINK_QUERY).some((name) => query[name] !== undefined);
}

export function checkChatLinkQuery(
	query: Record<string, string | undefined>,
	secret: string,
	nowSeconds: number,
	maxLifetimeSeconds: number,
): ChatLinkCheck {
	const module = query[LINK_QUERY.module] ?? '';
	const recordId = query[LINK_QUERY.recordId] ?? '';
	const userEmail = query[LINK_QUERY.userEmail] ?? '';
	const expiresAt = query[LINK_QUERY.expiresAt] ?? '';
	const signature = query[LINK_QUERY.signature] ?? '';
	const result = verifyChatLink(
		{ module, recordId, userEmail, expiresAt, signature },
		secret,
		nowSeconds,
		{ maxLifetimeSeconds },
	);
	if (!result.ok) return { ok: false, reason: result.reason };
	return {
		ok: true,
		module,
		recordId,
		userEmail: userEmail.toLowerCase(),
		expiresAtSeconds: Number(expiresAt),
		key: signature.toLowerCase(),
	};
}

/** The query string of a signed chat link, as the Deluge function in README-zoho-button.md builds it. */
export function chatLinkQueryString(link: ChatLinkParams, secret: string): string {
	const userEmail = link.userEmail.toLowerCase();
	return new URLSearchParams({
		[LINK_QUERY.module]: link.module,
		[LINK_QUERY.recordId]: link.recordId,
		[LINK_QUERY.userEmail]: userEmail,
		[LINK_QUERY.expiresAt]: String(link.expiresAt),
		[LINK_QUERY.signature]: signChatLink({ ...link, userEmail }, secret),
	}).toString();
}
