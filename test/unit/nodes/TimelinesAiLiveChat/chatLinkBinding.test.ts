import type {
	ChatDependencies,
	ChatResponse,
} from '../../../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { handleChatRequest } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';
import { createChatRuntime } from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';
import { ChatLinkClaims } from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatLinkClaims';
import {
	chatConfig,
	dependencies,
	NOW_MS,
	request,
	seededBackend,
	signedQuery,
} from './chatFixtures';

const text = (response: ChatResponse) =>
	typeof response.body === 'string' ? response.body : Buffer.from(response.body).toString('utf8');
const cookieOf = (response: ChatResponse) => (response.headers['Set-Cookie'] ?? '').split(';')[0];

function withClock(
	clock: { now: number },
	settings: Partial<Parameters<typeof createChatRuntime>[0]> = {},
) {
	const config = chatConfig();
	const deps: ChatDependencies = {
		config,
		backend: seededBackend(),
		runtime: createChatRuntime(
			{ sessionIdleSeconds: 600, requestsPerMinute: 100, ...settings },
			() => clock.now,
		),
	};
	return deps;
}

const open = (
	deps: ChatDependencies,
	query = signedQuery(),
	headers: Record<string, string> = {},
	clientAddress = '10.0.0.1',
) => handleChatRequest(request({ query, headers, clientAddress }), deps);
const poll = (deps: ChatDependencies, cookie: string) =>
	handleChatRequest(
		request({ query: { action: 'messages', chat: '7' }, headers: { cookie } }),
		deps,
	);

describe('a signed link is bound to the browser that opened it first', () => {
	it('refuses the same link in another browser with a 403 page and no record data', async () => {
		const deps = dependencies();
		expect((await open(deps)).status).toBe(200);
		const elsewhere = await open(deps);
		expect(elsewhere.status).toBe(403);
		expect(text(elsewhere)).toContain('already opened in another browser');
		expect(text(elsewhere)).not.toMatch(/Ana|message 1/);
		expect(elsewhere.headers['Set-Cookie']).toBeUndefined();
	});

	it('refuses it also with an upper-case copy of the signature', async () => {
		const deps = dependencies();
		const query = signedQuery();
		expect((await open(deps, query)).status).toBe(200);
		expect((await open(deps, { ...query, s: query.s.toUpperCase() })).status).toBe(403);
	});

	it('opens it again in the same browser (a reload), replacing the old session', async () => {
		const deps = dependencies();
		const first = cookieOf(await open(deps));
		const reload = await open(deps, signedQuery(), { cookie: first });
		expect(reload.status).toBe(200);
		const second = cookieOf(reload);
		expect(second).not.toBe(first);
		expect((await poll(deps, first)).status).toBe(401);
		expect((await poll(deps, second)).status).toBe(200);
		// After the reload, only the newest cookie re-opens the link.
		expect((await open(deps, signedQuery(), { cookie: first })).status).toBe(403);
	});

	it('gives a reloaded session the absolute end of the first one, and refuses the link after it', async () => {
		const clock = { now: NOW_MS };
		const deps = withClock(clock, { sessionMaxLifetimeSeconds: 300 });
		const query = signedQuery({ expiresAt: NOW_MS / 1000 + 600 });
		const first = await open(deps, query);
		expect(first.headers['Set-Cookie']).toContain('Max-Age=300');
		clock.now = NOW_MS + 200_000;
		const reload = await open(deps, query, { cookie: cookieOf(first) });
		expect(reload.headers['Set-Cookie']).toContain('Max-Age=100');
		clock.now = NOW_MS + 300_000;
		expect((await poll(deps, cookieOf(reload))).status).toBe(401);
		const late = await open(deps, query, { cookie: cookieOf(reload) });
		expect(late.status).toBe(403);
		expect(text(late)).toContain('maximum lifetime');
	});

	it('lets only one of two browsers racing on a fresh link through', async () => {
		const deps = dependencies();
		const [a, b] = await Promise.all([open(deps), open(deps)]);
		expect([a.status, b.status].sort()).toEqual([200, 403]);
		expect(deps.runtime.sessions.size).toBe(1);
	});

	it('forgets a claim once its link has expired', () => {
		const clock = { now: 0 };
		const claims = new ChatLinkClaims({ now: () => clock.now });
		const claim = { sessionId: 's1', linkExpiresAtMs: 1000, sessionEndsAtMs: 5000 };
		expect(claims.bind('k', undefined, claim)).toBe(true);
		expect(claims.bind('k', undefined, { ...claim, sessionId: 's2' })).toBe(false);
		expect(claims.bind('k', 's1', { ...claim, sessionId: 's2' })).toBe(true);
		clock.now = 1000;
		expect(claims.get('k')).toBeUndefined();
		expect(claims.size).toBe(0);
	});
});

describe('limits on opening the page', () => {
	it('counts refused links per client address without touching valid links from that address', async () => {
		const deps = dependencies(seededBackend(), chatConfig(), 3);
		const forged = { ...signedQuery(), r: '1002' };
		const statuses = [];
		for (let index = 0; index < 4; index++) statuses.push((await open(deps, forged)).status);
		expect(statuses).toEqual([403, 403, 403, 429]);
		// Same address (a shared proxy): a valid link still opens.
		expect((await open(deps)).status).toBe(200);
		// Another address is not affected by the first one's refused links.
		expect((await open(deps, forged, {}, '10.0.0.2')).status).toBe(403);
	});

	it('limits page openings per Zoho user, whatever address they come from', async () => {
		const deps = dependencies(seededBackend(), chatConfig(), 2);
		const statuses = [];
		for (let index = 0; index < 3; index++)
			statuses.push(
				(
					await open(
						deps,
						signedQuery({ expiresAt: NOW_MS / 1000 + 600 - index }),
						{},
						`10.0.1.${index}`,
					)
				).status,
			);
		expect(statuses).toEqual([200, 200, 429]);
		expect((await open(deps, signedQuery({ userEmail: 'other@example.com' }))).status).toBe(200);
	});

	it('answers 503 with Retry-After when every session slot is held by someone active', async () => {
		const clock = { now: NOW_MS };
		const deps = withClock(clock, { maxSessions: 1 });
		expect((await open(deps)).status).toBe(200);
		const busy = await open(deps, signedQuery({ userEmail: 'other@example.com' }));
		expect(busy.status).toBe(503);
		expect(busy.headers['Retry-After']).toBe('60');
		expect(text(busy)).toContain('try again in a minute');
	});
});
