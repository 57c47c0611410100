/**
 * n8n's `helpers.httpRequest` over fetch, as @n8n/backend-network's axios adapter behaves for the options
 * the pack uses: `qs`, JSON / FormData / Buffer bodies, `encoding: 'arraybuffer'`, `returnFullResponse`
 * (`{ body, headers, statusCode, statusMessage }`), a 204's body `''`, text that is not JSON left as text,
 * and a 4xx/5xx thrown as an axios-shaped error unless `ignoreHttpStatusErrors`.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

export interface FullResponse {
	body: unknown;
	headers: Record<string, string>;
	statusCode: number;
	statusMessage: string;
}

/**
 * What axios throws for an unaccepted status. Named AxiosError on purpose: NodeApiError reads the HTTP
 * code from `response.status` only when the error's constructor is called that (n8n-workflow).
 */
export class AxiosError extends Error {
	readonly isAxiosError = true;
	readonly status: number;

	constructor(
		readonly response: {
			status: number;
			statusText: string;
			data: unknown;
			headers: Record<string, string>;
		},
		readonly config: { method: string; url: string },
	) {
		super(`Request failed with status code ${response.status}`);
		this.status = response.status;
	}
}

function targetUrl(options: IHttpRequestOptions): URL {
	const url = new URL(options.url, options.baseURL);
	for (const [key, value] of Object.entries((options.qs ?? {}) as IDataObject)) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'object')
			throw new Error(`Test n8n: qs.${key} is not a primitive (the pack never sends one)`);
		url.searchParams.set(key, String(value));
	}
	return url;
}

function requestBody(
	options: IHttpRequestOptions,
	headers: Record<string, string>,
): RequestInit['body'] {
	const { body } = options;
	const method = (options.method ?? 'GET').toUpperCase();
	if (body === undefined || body === null || method === 'GET' || method === 'HEAD')
		return undefined;
	if (body instanceof FormData || body instanceof URLSearchParams || typeof body === 'string')
		return body;
	if (Buffer.isBuffer(body)) return new Uint8Array(body);
	if (typeof body === 'object' && Object.keys(body).length === 0) return undefined; // n8n drops an empty body
	if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
		headers['Content-Type'] = 'application/json';
	return JSON.stringify(body);
}

function parsed(text: string): unknown {
	if (text === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(options.headers ?? {}))
		if (value !== undefined) headers[key] = String(value);
	if (options.json && !Object.keys(headers).some((h) => h.toLowerCase() === 'accept'))
		headers.Accept = 'application/json';
	const url = targetUrl(options);
	const method = options.method ?? 'GET';
	const response = await fetch(url, {
		method,
		headers,
		body: requestBody(options, headers),
		redirect: options.disableFollowRedirect ? 'manual' : 'follow',
		signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
	});
	const responseHeaders = Object.fromEntries(response.headers.entries());
	const raw = Buffer.from(await response.arrayBuffer());
	const body = options.encoding === 'arraybuffer' ? raw : parsed(raw.toString('utf8'));
	if (response.status >= 400 && !options.ignoreHttpStatusErrors) {
		throw new AxiosError(
			{
				status: response.status,
				statusText: response.statusText,
				data: body,
				headers: responseHeaders,
			},
			{ method, url: url.toString() },
		);
	}
	if (options.returnFullResponse) {
		const full: FullResponse = {
			body,
			headers: responseHeaders,
			statusCode: response.status,
			statusMessage: response.statusText,
		};
		return full;
	}
	return body;
}
