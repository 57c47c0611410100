import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { SandboxResponse } from '../server/http';
import { ZohoError, invalidToken } from './zohoError';
import type { AccessToken, ZohoState } from './zohoState';

/** Grant codes live 2 minutes (Zoho says 2–3; stricter reading). */
export const GRANT_CODE_LIFETIME_MS = 2 * 60 * 1000;
/** At most 15 live access tokens per refresh token and 10 refreshes per 10 minutes (token-validity page). */
export const MAX_ACCESS_TOKENS_PER_REFRESH_TOKEN = 15;
export const MAX_REFRESHES_PER_10_MIN = 10;

const token = (prefix: string): string =>
	`${prefix}.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;

/** Issues an access token (also used by tests and the control API to skip the consent dance). */
export function issueAccessToken(
	state: ZohoState,
	clientId: string,
	scope: string,
	refreshToken?: string,
	lifetimeSeconds = state.tokenLifetimeSeconds,
): AccessToken {
	const access: AccessToken = {
		token: token('1000'),
		clientId,
		scope,
		expiresAt: Date.now() + lifetimeSeconds * 1000,
		refreshToken,
	};
	state.accessTokens.set(access.token, access);
	if (refreshToken) {
		const live = [...state.accessTokens.values()].filter((t) => t.refreshToken === refreshToken);
		for (const old of live.slice(0, Math.max(0, live.length - MAX_ACCESS_TOKENS_PER_REFRESH_TOKEN)))
			state.accessTokens.delete(old.token);
	}
	return access;
}

/** The CRM API's token check: `Authorization: Zoho-oauthtoken x` or `Bearer x`. */
export function authenticate(state: ZohoState, req: IncomingMessage): void {
	const header = req.headers.authorization;
	if (!header) throw new ZohoError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed', {});
	const match = /^(?:Zoho-oauthtoken|Bearer)\s+(\S+)$/i.exec(header.trim());
	if (!match) throw invalidToken();
	if (state.staticAccessToken !== null && match[1] === state.staticAccessToken) return;
	const access = state.accessTokens.get(match[1]);
	if (!access || access.expiresAt <= Date.now()) throw invalidToken();
}

/** Makes every issued access token expire now (the static token stays valid). */
export function expireAccessTokens(state: ZohoState): number {
	for (const access of state.accessTokens.values()) access.expiresAt = 0;
	return state.accessTokens.size;
}

function clientOk(state: ZohoState, clientId: string | null, secret: string | null): boolean {
	return state.clients.some(
		(c) => c.clientId === clientId && (secret === null || c.clientSecret === secret),
	);
}

/** GET /oauth/v2/auth — consent is approved at once: redirect back with code, state, location, accounts-server. */
export function authorize(state: ZohoState, url: URL, baseUrl: string): SandboxResponse {
	const p = url.searchParams;
	const redirectUri = p.get('redirect_uri');
	const clientId = p.get('client_id');
	const html = (status: number, text: string): SandboxResponse => ({
		status,
		raw: {
			body: Buffer.from(`<!doctype html><title>Zoho Accounts</title><p>${text}</p>`),
			contentType: 'text/html; charset=utf-8',
		},
	});
	if (!clientOk(state, clientId, null)) return html(400, 'Invalid Client');
	if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return html(400, 'Invalid Redirect Uri');
	if (p.get('response_type') !== 'code') return html(400, 'Invalid response_type');
	const code = token('1000');
	state.grantCodes.set(code, {
		code,
		clientId: clientId ?? '',
		redirectUri,
		scope: p.get('scope') ?? '',
		offline: p.get('access_type') === 'offline',
		expiresAt: Date.now() + GRANT_CODE_LIFETIME_MS,
	});
	const target = new URL(redirectUri);
	const stateParam = p.get('state');
	if (stateParam !== null) target.searchParams.set('state', stateParam);
	target.searchParams.set('code', code);
	target.searchParams.set('location', 'us');
	target.searchParams.set('accounts-server', baseUrl);
	return { status: 302, headers: { Location: target.toString() } };
}

function params(url: URL, body: Buffer, req: IncomingMessage): URLSearchParams {
	const merged = new URLSearchParams(url.searchParams);
	if (String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
		for (const [k, v] of new URLSearchParams(body.toString('utf8'))) merged.set(k, v);
	}
	const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
	if (basic) {
		const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
		if (!merged.has('client_id')) merged.set('client_id', decodeURIComponent(id ?? ''));
		if (!merged.has('client_secret')) merged.set('client_secret', decodeURIComponent(secret ?? ''));
	}
	return merged;
}

/**
 * POST /oauth/v2/token — authorization_code and refresh_token grants (form body, query or Basic auth).
 * Zoho answers errors with HTTP 200 and `{"error": …}` (e.g. invalid_client, invalid_code), and so does
 * the sandbox.
 */
export function tokenEndpoint(
	state: ZohoState,
	url: URL,
	body: Buffer,
	req: IncomingMessage,
	baseUrl: string,
): SandboxResponse {
	const p = params(url, body, req);
	const error = (name: string, extra: Record<string, string> = {}): SandboxResponse => ({
		status: 200,
		json: { error: name, ...extra },
	});
	if (!clientOk(state, p.get('client_id'), p.get('client_secret') ?? ''))
		return error('invalid_client');
	const clientId = p.get('client_id') ?? '';
	const grant = p.get('grant_type');
	if (grant === 'authorization_code') {
		const code = state.grantCodes.get(p.get('code') ?? '');
		state.grantCodes.delete(p.get('code') ?? '');
		if (!code || code.expiresAt <= Date.now() || code.clientId !== clientId)
			return error('invalid_code');
		if (p.get('redirect_uri') !== code.redirectUri) return error('invalid_redirect_uri');
		let refresh: string | undefined;
		if (code.offline) {
			refresh = token('1000');
			state.refreshTokens.set(refresh, {
				token: refresh,
				clientId,
				scope: code.scope,
				refreshes: [],
			});
		}
		const access = issueAccessToken(state, clientId, code.scope, refresh);
		return {
			status: 200,
			json: {
				access_token: access.token,
				...(refresh ? { refresh_token: refresh } : {}),
				scope: code.scope,
				api_domain: baseUrl,
				token_type: 'Bearer',
				expires_in: state.tokenLifetimeSeconds,
			},
		};
	}
	if (grant === 'refresh_token') {
		const refresh = state.refreshTokens.get(p.get('refresh_token') ?? '');
		if (!refresh || refresh.clientId !== clientId) return error('invalid_code');
		const now = Date.now();
		refresh.refreshes = refresh.refreshes.filter((t) => t > now - 10 * 60 * 1000);
		if (refresh.refreshes.length >= MAX_REFRESHES_PER_10_MIN) {
			return error('Access Denied', {
				error_description:
					'You have made too many requests continuously. Please try again after some time.',
			});
		}
		refresh.refreshes.push(now);
		const access = issueAccessToken(state, clientId, refresh.scope, refresh.token);
		return {
			status: 200,
			json: {
				access_token: access.token,
				scope: refresh.scope,
				api_domain: baseUrl,
				token_type: 'Bearer',
				expires_in: state.tokenLifetimeSeconds,
			},
		};
	}
	return error('unsupported_grant_type');
}

/** POST /oauth/v2/token/revoke?token= — drops a refresh token and its access tokens. */
export function revokeToken(state: ZohoState, url: URL, body: Buffer): SandboxResponse {
	const value =
		url.searchParams.get('token') ?? new URLSearchParams(body.toString('utf8')).get('token') ?? '';
	state.refreshTokens.delete(value);
	for (const access of [...state.accessTokens.values()])
		if (access.refreshToken === value || access.token === value)
			state.accessTokens.delete(access.token);
	return { status: 200, json: { status: 'success' } };
}
