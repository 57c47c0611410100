// The TimelinesAI half of the sandbox over real HTTP, shared by the timelinesApi*.test.ts files: one sandbox
// and one webhook receiver per file (fresh workspace before each test), and a few lines of fetch.
import { startSandbox } from '../../../sandbox';
import type { RunningSandbox } from '../../../sandbox';
import { startWebhookReceiver } from './webhookReceiver';
import type { WebhookReceiver } from './webhookReceiver';

export const TOKEN = 'sandbox-timelines-token';
export const ANA = '+351912345678';
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export type Envelope = {
	status: string;
	data?: Record<string, unknown> & { [key: string]: unknown };
	message?: string;
};

export interface TimelinesApiFixture {
	/** Set in beforeAll. */
	sandbox: RunningSandbox;
	receiver: WebhookReceiver;
	api(
		method: string,
		path: string,
		body?: unknown,
		token?: string | null,
	): Promise<{ status: number; json: Envelope }>;
	control<T>(path: string, body?: unknown): Promise<{ status: number; json: T }>;
	/** Registers a webhook to the receiver; returns its id. */
	hook(eventType: string, url?: string): Promise<number>;
}

/** Call inside a describe: registers the hooks that start, reset and stop the sandbox and the receiver. */
export function useTimelinesApiSandbox(): TimelinesApiFixture {
	const fixture = {} as TimelinesApiFixture;

	beforeAll(async () => {
		fixture.receiver = await startWebhookReceiver();
		fixture.sandbox = await startSandbox({
			port: 0,
			reading: 'documented', // these tests state the documented reading's answers
			timelines: { retryDelaysMs: [50], deliveryRetries: 2 },
		});
	});

	afterAll(async () => {
		await fixture.sandbox.close();
		await fixture.receiver.close();
	});

	beforeEach(() => {
		fixture.sandbox.timelines.reset();
		fixture.receiver.clear();
	});

	fixture.api = async (method, path, body, token = TOKEN) => {
		const headers: Record<string, string> = {};
		if (token !== null) headers.authorization = `Bearer ${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${fixture.sandbox.url}/integrations/api${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, json: (await response.json()) as Envelope };
	};

	fixture.control = async <T>(path: string, body?: unknown) => {
		const response = await fetch(`${fixture.sandbox.url}/__control/timelines${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, json: (await response.json()) as T };
	};

	fixture.hook = async (eventType, url = `${fixture.receiver.url}/hook?secret=s3cr3t`) => {
		const { status, json } = await fixture.api('POST', '/webhooks', {
			event_type: eventType,
			url,
			enabled: true,
		});
		expect(status).toBe(200);
		return json.data?.id as number;
	};

	return fixture;
}
