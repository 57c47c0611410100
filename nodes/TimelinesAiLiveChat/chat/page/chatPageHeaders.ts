/**
 * Origins allowed to frame the chat page. Deliberately not `X-Frame-Options: DENY`: the page is meant to be
 * shown inside Zoho CRM (web tab or popup from a custom button). Zoho CRM runs on crm.zoho.<tld> per data
 * centre (docs/api-facts.md, Zoho §1.1: US .com, EU .eu, IN .in, AU .com.au, JP .jp, CA zohocloud.ca, SA .sa, CN
 * .com.cn, UK .uk) and web tabs may be served from other *.zoho.<tld> hosts, hence the wildcards.
 */
export const DEFAULT_FRAME_ANCESTORS = [
	'https://*.zoho.com',
	'https://*.zoho.eu',
	'https://*.zoho.in',
	'https://*.zoho.com.au',
	'https://*.zoho.jp',
	'https://*.zohocloud.ca',
	'https://*.zoho.sa',
	'https://*.zoho.com.cn',
	'https://*.zoho.uk',
];

// Scheme required: a bare word would be read as a host name, and no ";" can pass (no directive injection).
const SOURCE_EXPRESSION = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i;

/** Parses the node's comma/space separated list, dropping anything that is not a host source expression. */
export function parseFrameAncestors(input: string): string[] {
	return input
		.split(/[\s,]+/)
		.map((entry) => entry.trim())
		.filter((entry) => SOURCE_EXPRESSION.test(entry));
}

/**
 * A strict policy: nothing loads unless it comes from this same webhook (images are proxied through it),
 * scripts and styles only with this response's nonce, so an injected `<script>` or `onerror=` handler is
 * refused by the browser even if escaping ever failed. n8n itself puts a `sandbox` CSP on HTML that
 * workflow authors write (Form, HTML nodes); this page is the node's own code and needs its session cookie
 * on same-origin fetches, which a sandboxed (opaque) origin would not send — so we set our own policy.
 */
export function buildContentSecurityPolicy(nonce: string, frameAncestors: string[]): string {
	const ancestors = ["'self'", ...frameAncestors].join(' ');
	return [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src 'nonce-${nonce}'`,
		"img-src 'self' data:",
		"connect-src 'self'",
		"form-action 'self'",
		"base-uri 'none'",
		"object-src 'none'",
		`frame-ancestors ${ancestors}`,
	].join('; ');
}

export function securityHeaders(nonce: string, frameAncestors: string[]): Record<string, string> {
	return {
		'Content-Security-Policy': buildContentSecurityPolicy(nonce, frameAncestors),
		// The signed link is in the URL: never leak it to a linked site or an image host.
		'Referrer-Policy': 'no-referrer',
		'X-Content-Type-Options': 'nosniff',
		'Cache-Control': 'no-store',
	};
}

export type SameSiteMode = 'Lax' | 'Strict' | 'None';

export const SESSION_COOKIE_NAME = 'tlc_session';

/**
 * The session cookie. HttpOnly (no script reads it), Path limited to the webhook path. SameSite: Lax by
 * default — the Zoho button opens the page with a top-level navigation (openUrl "new window"), Lax cookies
 * are sent on it and on the page's own same-origin fetches, but not on cross-site POSTs. Strict would also
 * work there. Inside a cross-site iframe (a Zoho web tab) neither Lax nor Strict cookies are sent; that
 * needs SameSite=None, which browsers only accept with Secure (https) and which third-party cookie
 * blocking may still drop — hence an explicit node option rather than the default.
 */
export function sessionCookie(
	value: string,
	options: { path: string; secure: boolean; sameSite: SameSiteMode; maxAgeSeconds: number },
): string {
	const sameSite = options.sameSite === 'None' && !options.secure ? 'Lax' : options.sameSite;
	const parts = [
		`${SESSION_COOKIE_NAME}=${value}`,
		`Path=${options.path}`,
		`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
		'HttpOnly',
		`SameSite=${sameSite}`,
	];
	if (options.secure) parts.push('Secure');
	return parts.join('; ');
}

export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
	}
	return undefined;
}
