/**
 * What an attacker's browser (or script) does against the live chat over HTTP: open a link, keep the cookie
 * and CSRF token, call the session API, hold the event stream open.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';

export interface HttpAnswer {
	status: number;
	headers: Headers;
	text: string;
}

export interface OpenedStream {
	status: number;
	text(): string;
	/** Resolves once the text contains `needle` (rejects after 5 s). */
	waitFor(needle: string): Promise<void>;
	/** Settles when the server ends the response. */
	closed: Promise<void>;
	stop(): void;
}

export interface ChatClient {
	get(
		query: Record<string, string>,
		cookie?: string,
		headers?: Record<string, string>,
	): Promise<HttpAnswer>;
	/** Opens a signed link and expects the page: the session cookie and CSRF token the page hands out. */
	open(query: Record<string, string>): Promise<{ cookie: string; csrf: string }>;
	post(action: string, cookie: string, csrf: string, body: unknown): Promise<HttpAnswer>;
	stream(query: Record<string, string>, cookie: string): Promise<OpenedStream>;
}

export function chatClient(url: string): ChatClient {
	const address = (query: Record<string, string>) => `${url}?${new URLSearchParams(query)}`;
	const answer = async (response: Response): Promise<HttpAnswer> => ({
		status: response.status,
		headers: response.headers,
		text: await response.text(),
	});
	const client: ChatClient = {
		get: async (query, cookie = '', headers = {}) =>
			await answer(
				await fetch(address(query), { headers: { ...(cookie ? { cookie } : {}), ...headers } }),
			),
		open: async (query) => {
			const page = await client.get(query);
			if (page.status !== 200)
				throw new Error(`page answered ${page.status}: ${page.text.slice(0, 200)}`);
			const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
			const csrf = /"csrfToken":"([^"]+)"/.exec(page.text)?.[1] ?? '';
			return { cookie, csrf };
		},
		post: async (action, cookie, csrf, body) =>
			await answer(
				await fetch(address({ action }), {
					method: 'POST',
					headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
					body: JSON.stringify(body),
				}),
			),
		stream: async (query, cookie) =>
			await new Promise<OpenedStream>((resolve, reject) => {
				const request = httpRequest(address(query), { headers: { cookie } }, (response) =>
					resolve(openedStream(response, () => request.destroy())),
				);
				request.on('error', reject);
				request.end();
			}),
	};
	return client;
}

function openedStream(response: IncomingMessage, stop: () => void): OpenedStream {
	let text = '';
	response.setEncoding('utf8');
	response.on('data', (chunk: string) => (text += chunk));
	const closed = new Promise<void>((resolve) => {
		response.on('end', resolve);
		response.on('close', resolve);
	});
	return {
		status: response.statusCode ?? 0,
		text: () => text,
		closed,
		stop,
		waitFor: async (needle) => {
			const deadline = Date.now() + 5000;
			while (!text.includes(needle)) {
				if (Date.now() > deadline) throw new Error(`stream never carried ${needle}: ${text}`);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		},
	};
}
