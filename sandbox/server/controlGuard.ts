import type { IncomingMessage } from 'node:http';

import type { SandboxResponse } from './http';
import { isLoopback } from './http';

/** Host names the sandbox answers its control API under (it listens on 127.0.0.1 only). */
const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function hasBody(req: IncomingMessage): boolean {
	const length = req.headers['content-length'];
	return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Why a /__control/* request is refused, or undefined when it may go on. The control API resets and
 * rewrites the sandbox, so besides loopback-only:
 * - the Host header must name this server (127.0.0.1, localhost or [::1] with its port): a page on another
 *   site that rebinds its DNS name to 127.0.0.1 sends its own name → 403;
 * - a browser's cross-site request is refused by its Origin or Sec-Fetch-Site header → 403;
 * - a POST carrying a body, or any content type, must be application/json: a cross-site "simple" POST
 *   (form or text/plain) cannot send that without a CORS preflight, which the sandbox never grants → 415.
 *   A POST with neither body nor content type (`curl -X POST …/reset`) is accepted: browsers add an
 *   Origin header to every cross-site POST, which the check above refuses.
 */
export function controlRequestRefusal(req: IncomingMessage): SandboxResponse | undefined {
	if (!isLoopback(req)) return refusal(403, 'control API is loopback-only');
	const port = req.socket.localPort;
	const allowedHosts = LOCAL_HOSTS.map((host) => `${host}:${port}`);
	const host = (req.headers.host ?? '').toLowerCase();
	if (!allowedHosts.includes(host))
		return refusal(403, `control API answers only to Host ${allowedHosts.join(', ')}`);
	const origin = req.headers.origin;
	if (origin !== undefined && !allowedHosts.some((allowed) => origin === `http://${allowed}`))
		return refusal(403, 'control API refuses cross-site requests');
	const fetchSite = req.headers['sec-fetch-site'];
	if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none')
		return refusal(403, 'control API refuses cross-site requests');
	const contentType = req.headers['content-type'];
	if (
		req.method !== 'GET' &&
		req.method !== 'HEAD' &&
		(contentType !== undefined || hasBody(req))
	) {
		const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
		if (mediaType !== 'application/json')
			return refusal(415, 'control API takes Content-Type: application/json');
	}
	return undefined;
}

function refusal(status: number, error: string): SandboxResponse {
	return { status, json: { error } };
}
