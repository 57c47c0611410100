// A local webhook receiver for the sandbox tests: records every POST and answers with a scripted status.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
	path: string;
	query: URLSearchParams;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export interface WebhookReceiver {
	url: string;
	received: ReceivedWebhook[];
	/** status for the n-th request (1-based); default 200 */
	respond: (n: number, hook: ReceivedWebhook) => number;
	clear(): void;
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
	close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const receiver: WebhookReceiver = {
		url: '',
		received: [],
		respond: () => 200,
		clear() {
			receiver.received.length = 0;
			receiver.respond = () => 200;
		},
		async waitFor(count, timeoutMs = 5000) {
			const until = Date.now() + timeoutMs;
			while (receiver.received.length < count) {
				if (Date.now() > until)
					throw new Error(`expected ${count} webhooks, got ${receiver.received.length}`);
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			return receiver.received;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const text = Buffer.concat(chunks).toString('utf8');
			const hook: ReceivedWebhook = {
				path: url.pathname,
				query: url.searchParams,
				headers: req.headers,
				body: text ? (JSON.parse(text) as unknown) : undefined,
			};
			receiver.received.push(hook);
			res.writeHead(receiver.respond(receiver.received.length, hook), {
				'Content-Type': 'text/plain',
			});
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return receiver;
}
