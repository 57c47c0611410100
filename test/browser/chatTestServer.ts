import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ChatDependencies,
	ChatRequest,
} from '../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { handleChatRequest } from '../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';

export const CHAT_PATH = '/webhook/timelinesai-live-chat';

export interface RunningChatServer {
	url: string;
	server: Server;
	close(): Promise<void>;
}

async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new Error('body too large');
		chunks.push(chunk as Buffer);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	return text && (request.headers['content-type'] ?? '').includes('json')
		? JSON.parse(text)
		: undefined;
}

/**
 * A thin stand-in for n8n's webhook server: same request shape as TimelinesAiLiveChat.node.ts builds
 * (query, lower-case headers, parsed JSON body), same handler. Only CHAT_PATH is served.
 */
export async function startChatServer(deps: ChatDependencies): Promise<RunningChatServer> {
	const server = createServer((request, response) => {
		void (async () => {
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			if (url.pathname !== CHAT_PATH) {
				response.writeHead(404).end();
				return;
			}
			const headers: Record<string, string | undefined> = {};
			for (const [name, value] of Object.entries(request.headers))
				headers[name] = Array.isArray(value) ? value[0] : value;
			const chatRequest: ChatRequest = {
				method: request.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers,
				body: request.method === 'POST' ? await readBody(request, 16 * 1024 * 1024) : undefined,
				secure: false,
				clientAddress: request.socket.remoteAddress,
			};
			const result = await handleChatRequest(chatRequest, deps);
			if (result.stream) {
				// As the node does inside n8n: headers now, events as they come, stop when the browser goes.
				response.writeHead(result.status, result.headers);
				response.flushHeaders();
				const stop = result.stream.open({
					write: (text) => {
						if (!response.writableEnded) response.write(text);
					},
					end: () => response.end(),
				});
				response.on('close', stop);
				return;
			}
			response.writeHead(result.status, result.headers);
			response.end(typeof result.body === 'string' ? result.body : Buffer.from(result.body));
		})().catch((error: unknown) => {
			response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${CHAT_PATH}`,
		server,
		close: () =>
			new Promise<void>((resolve) => {
				// Open event streams would keep the server from closing.
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
