/**
 * Issue 14, "Chat sessions": each attempt replayed over HTTP against the live chat's request handler (the
 * browser suite's stand-in for n8n's webhook server, test/browser/chatTestServer.ts), with the runtime the
 * node builds (createChatRuntime, the node's defaults unless a case says otherwise) on a clock the test moves.
 */
import { ChatEventBus } from '../../nodes/shared/coordination/chatEventBus';
import type { ChatDependencies } from '../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import {
	createChatRuntime,
	type ChatRuntimeSettings,
} from '../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';
import { startChatServer, type RunningChatServer } from '../browser/chatTestServer';
import type { InMemoryChatBackend } from '../browser/inMemoryChatBackend';
import {
	chatConfig,
	NOW_MS,
	seededBackend,
	signedQuery,
} from '../unit/nodes/TimelinesAiLiveChat/chatFixtures';
import { pushDeps, pushOf, WORKSPACE } from '../unit/nodes/TimelinesAiLiveChat/eventStreamFixtures';
import { chatClient, type ChatClient } from './chatClient';

let nowMs = NOW_MS;
const servers: RunningChatServer[] = [];

interface Served {
	client: ChatClient;
	backend: InMemoryChatBackend;
	bus: ChatEventBus;
}

async function serve(
	settings: Partial<ChatRuntimeSettings> = {},
	config = chatConfig(),
): Promise<Served> {
	const backend = seededBackend();
	const bus = new ChatEventBus();
	const deps: ChatDependencies = {
		config,
		backend,
		runtime: createChatRuntime(
			{ sessionIdleSeconds: config.sessionIdleSeconds, requestsPerMinute: 100, ...settings },
			() => nowMs,
		),
		push: pushDeps(bus),
	};
	const server = await startChatServer(deps);
	servers.push(server);
	return { client: chatClient(server.url), backend, bus };
}

beforeEach(() => {
	nowMs = NOW_MS;
});

afterAll(async () => {
	await Promise.all(servers.map((server) => server.close()));
});

describe('a chat session past its maximum lifetime', () => {
	it('is ended while the page keeps polling, and its link does not start a new one', async () => {
		// Idle 2 min, lifetime 10 min; the link (valid 13 min) outlives the session.
		const { client } = await serve(
			{ sessionIdleSeconds: 120, sessionMaxLifetimeSeconds: 600 },
			chatConfig({ sessionIdleSeconds: 120 }),
		);
		const query = signedQuery({ expiresAt: NOW_MS / 1000 + 800 });
		const { cookie } = await client.open(query);
		for (let minute = 1; minute < 10; minute++) {
			nowMs = NOW_MS + minute * 60_000;
			expect((await client.get({ action: 'messages', chat: '7' }, cookie)).status).toBe(200);
		}
		nowMs = NOW_MS + 600_000;
		expect((await client.get({ action: 'messages', chat: '7' }, cookie)).status).toBe(401);
		// A reload of the same link in the same browser: refused, not a fresh 10 minutes.
		nowMs = NOW_MS + 650_000;
		const reload = await client.get(query, cookie);
		expect(reload.status).toBe(403);
		expect(reload.text).toContain('maximum lifetime');
		expect(reload.headers.get('set-cookie')).toBeNull();
	});

	it('ends an open event stream with an "end" event at that lifetime', async () => {
		const { client } = await serve({ sessionMaxLifetimeSeconds: 300 });
		const { cookie } = await client.open(signedQuery());
		const stream = await client.stream({ action: 'events', chat: '7' }, cookie);
		expect(stream.status).toBe(200);
		nowMs = NOW_MS + 299_000;
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(stream.text()).not.toContain('event: end');
		nowMs = NOW_MS + 300_000;
		await stream.closed;
		expect(stream.text()).toContain('event: end');
	});
});

describe('a signed link reused', () => {
	it('in another browser is refused with 403 and no record data; the first browser keeps its chat', async () => {
		const { client } = await serve();
		const query = signedQuery();
		const first = await client.open(query);
		const thief = await client.get(query);
		expect(thief.status).toBe(403);
		expect(thief.text).toContain('already opened in another browser');
		expect(thief.text).not.toMatch(/Ana Silva|message 25|\+447911123456/);
		expect(thief.headers.get('set-cookie')).toBeNull();
		// With a made-up cookie, or another session's, too.
		expect((await client.get(query, 'tlc_session=forged')).status).toBe(403);
		const other = await client.open(signedQuery({ expiresAt: NOW_MS / 1000 + 599 }));
		expect((await client.get(query, other.cookie)).status).toBe(403);
		expect((await client.get({ action: 'messages', chat: '7' }, first.cookie)).status).toBe(200);
	});
});

describe('a full session store', () => {
	it('answers 503 with Retry-After to a newcomer instead of evicting 500 active users', async () => {
		// 500 slots (the node's default is 1,000); 2 minutes of activity protect a session (the default).
		const { client } = await serve({ maxSessions: 500 });
		const opened: string[] = [];
		for (let batch = 0; batch < 500; batch += 50) {
			const pages = await Promise.all(
				Array.from({ length: 50 }, (_, index) =>
					client.open(signedQuery({ userEmail: `user${batch + index}@example.com` })),
				),
			);
			opened.push(...pages.map((page) => page.cookie));
		}
		const late = await client.get(signedQuery({ userEmail: 'late@example.com' }));
		expect(late.status).toBe(503);
		expect(late.headers.get('retry-after')).toBe('60');
		expect(late.headers.get('set-cookie')).toBeNull();
		for (const cookie of opened)
			expect((await client.get({ action: 'messages', chat: '7' }, cookie)).status).toBe(200);

		// Two minutes later only user0 (polled just now) is active: the newcomer takes an idle user's place.
		nowMs = NOW_MS + 120_000;
		expect((await client.get({ action: 'messages', chat: '7' }, opened[0])).status).toBe(200);
		await client.open(
			signedQuery({ userEmail: 'late@example.com', expiresAt: NOW_MS / 1000 + 700 }),
		);
		expect((await client.get({ action: 'messages', chat: '7' }, opened[0])).status).toBe(200);
	}, 20_000);
});

describe('limits behind a proxy', () => {
	it('never lets a crowd behind one address share a budget, and X-Forwarded-For resets nothing', async () => {
		// requestsPerMinute 20: 30 users behind the same address each open their link.
		const { client } = await serve({ requestsPerMinute: 20 });
		for (let index = 0; index < 30; index++) {
			const page = await client.get(signedQuery({ userEmail: `crowd${index}@example.com` }), '', {
				'x-forwarded-for': '203.0.113.7',
			});
			expect(page.status).toBe(200);
		}
		// Forged links from one address: a fresh X-Forwarded-For on each does not earn a fresh budget.
		const statuses: number[] = [];
		for (let index = 0; index < 25; index++) {
			const forged = { ...signedQuery(), r: String(2000 + index) };
			statuses.push(
				(await client.get(forged, '', { 'x-forwarded-for': `198.51.100.${index}` })).status,
			);
		}
		expect(statuses.slice(0, 20).every((status) => status === 403)).toBe(true);
		expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
		// One user opening link after link is limited as a user, whatever address it claims.
		const own: number[] = [];
		for (let index = 0; index < 22; index++)
			own.push(
				(
					await client.get(signedQuery({ expiresAt: NOW_MS / 1000 + 300 + index }), '', {
						'x-forwarded-for': `192.0.2.${index}`,
					})
				).status,
			);
		expect(own.filter((status) => status === 429)).toHaveLength(2);
	});
});

describe('upload types with a wildcard configured', () => {
	it.each([
		['CR LF and a header', 'text/plain\r\nX-Evil: 1'],
		['LF and a header', 'text/plain\nX-Evil: 1'],
		['a parameter', 'text/plain; charset=utf-8'],
		['a parameter carrying a header', 'text/plain; x="\r\nX-Evil: 1"'],
		['spaces', 'text / plain'],
		['a trailing space', 'text/plain '],
	])('refuses a type with %s (415) and sends TimelinesAI nothing', async (_, mimetype) => {
		const { client, backend } = await serve({}, chatConfig({ allowedUploadTypes: ['*/*'] }));
		const { cookie, csrf } = await client.open(signedQuery());
		const upload = (type: string) =>
			client.post('upload', cookie, csrf, {
				filename: 'a.txt',
				mimetype: type,
				dataBase64: Buffer.from('hello').toString('base64'),
			});
		const refused = await upload(mimetype);
		expect(refused.status).toBe(415);
		expect(refused.text).not.toContain('X-Evil');
		expect(backend.files.size).toBe(0);
		// The same upload with a clean type goes through: the refusal is about the type.
		expect((await upload('text/plain')).status).toBe(200);
		expect(backend.files.size).toBe(1);
	});
});

describe('the event stream (?action=events)', () => {
	it('refuses a request without a valid session (401) and a chat outside the session (403)', async () => {
		const { client } = await serve();
		expect((await client.get({ action: 'events', chat: '7' })).status).toBe(401);
		expect((await client.get({ action: 'events', chat: '7' }, 'tlc_session=forged')).status).toBe(
			401,
		);
		const { cookie } = await client.open(signedQuery());
		// Chat 8 is in the workspace but matches none of the record's numbers.
		expect((await client.get({ action: 'events', chat: '8' }, cookie)).status).toBe(403);
		expect((await client.get({ action: 'events', chat: '7,8' }, cookie)).status).toBe(403);
	});

	it("never streams another chat's messages", async () => {
		const { client, bus } = await serve();
		const { cookie } = await client.open(signedQuery());
		const stream = await client.stream({ action: 'events', chat: '7' }, cookie);
		bus.publish(pushOf(WORKSPACE, 8, 'other-chat-secret'));
		bus.publish(pushOf('https://app.timelines.ai/integrations/api#other', 7, 'other-workspace'));
		bus.publish(pushOf(WORKSPACE, 7, 'own-chat'));
		await stream.waitFor('pushed own-chat');
		stream.stop();
		expect(stream.text()).not.toContain('other-chat-secret');
		expect(stream.text()).not.toContain('other-workspace');
	});
});
