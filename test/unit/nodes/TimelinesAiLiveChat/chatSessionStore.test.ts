import {
	buildContentSecurityPolicy,
	parseFrameAncestors,
	readCookie,
	sessionCookie,
} from '../../../../nodes/TimelinesAiLiveChat/chat/page/chatPageHeaders';
import {
	ChatSessionsFullError,
	ChatSessionStore,
	isValidCsrfToken,
} from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatSessionStore';
import { SessionRateLimiter } from '../../../../nodes/TimelinesAiLiveChat/chat/session/sessionRateLimiter';

const identity = { module: 'Leads', recordId: '1', userEmail: 'a@b.c' };

function storeAt(clock: { now: number }, maxSessions = 3) {
	return new ChatSessionStore({ idleTimeoutMs: 1000, maxSessions, now: () => clock.now });
}

describe('chat sessions', () => {
	it('creates sessions with distinct random ids and CSRF tokens', () => {
		const store = storeAt({ now: 0 });
		const a = store.create(identity, [], []);
		const b = store.create(identity, [], []);
		expect(a.id).not.toBe(b.id);
		expect(a.csrfToken).not.toBe(a.id);
		expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('expires a session after the idle timeout and extends it on use', () => {
		const clock = { now: 0 };
		const store = storeAt(clock);
		const session = store.create(identity, [], []);
		clock.now = 900;
		expect(store.touch(session.id)).toBe(session);
		clock.now = 1800;
		expect(store.touch(session.id)).toBe(session);
		clock.now = 2801;
		expect(store.touch(session.id)).toBeUndefined();
	});

	it('ends a session at its absolute lifetime even while the page keeps polling', () => {
		const clock = { now: 0 };
		const store = new ChatSessionStore({
			idleTimeoutMs: 1000,
			maxLifetimeMs: 5000,
			maxSessions: 10,
			now: () => clock.now,
		});
		const session = store.create(identity, [], []);
		for (clock.now = 500; clock.now < 5000; clock.now += 500)
			expect(store.touch(session.id)).toBe(session);
		expect(session.expiresAtMs).toBe(5000);
		clock.now = 5000;
		expect(store.touch(session.id)).toBeUndefined();
	});

	it('keeps the absolute end it is given (a reload of the same link), never a later one', () => {
		const clock = { now: 1000 };
		const store = new ChatSessionStore({
			idleTimeoutMs: 1000,
			maxLifetimeMs: 5000,
			maxSessions: 10,
			now: () => clock.now,
		});
		expect(store.create(identity, [], [], { endsAtMs: 3000 }).endsAtMs).toBe(3000);
		expect(store.create(identity, [], [], { endsAtMs: 99_000 }).endsAtMs).toBe(6000);
	});

	it('when full, makes room by dropping the least recently used session only if it is idle', () => {
		const clock = { now: 0 };
		const store = new ChatSessionStore({
			idleTimeoutMs: 3_600_000,
			maxSessions: 2,
			activeWindowMs: 60_000,
			now: () => clock.now,
		});
		const first = store.create({ ...identity, userEmail: 'a@x.y' }, [], []);
		const second = store.create({ ...identity, userEmail: 'b@x.y' }, [], []);
		clock.now = 61_000;
		store.touch(first.id); // first is in use again: second is now the least recently used, and idle
		store.create({ ...identity, userEmail: 'c@x.y' }, [], []);
		expect(store.touch(second.id)).toBeUndefined();
		expect(store.touch(first.id)).toBe(first);
	});

	it('refuses a new session rather than dropping someone active when every session is in use', () => {
		const clock = { now: 0 };
		const store = new ChatSessionStore({
			idleTimeoutMs: 3_600_000,
			maxSessions: 2,
			activeWindowMs: 60_000,
			now: () => clock.now,
		});
		const first = store.create({ ...identity, userEmail: 'a@x.y' }, [], []);
		const second = store.create({ ...identity, userEmail: 'b@x.y' }, [], []);
		clock.now = 30_000;
		expect(() => store.create({ ...identity, userEmail: 'c@x.y' }, [], [])).toThrow(
			ChatSessionsFullError,
		);
		expect(store.touch(first.id)).toBe(first);
		expect(store.touch(second.id)).toBe(second);
	});

	it("caps one user's sessions by replacing that user's least recently used, nobody else's", () => {
		const clock = { now: 0 };
		const store = new ChatSessionStore({
			idleTimeoutMs: 3_600_000,
			maxSessions: 100,
			maxSessionsPerUser: 2,
			now: () => clock.now,
		});
		const other = store.create({ ...identity, userEmail: 'other@x.y' }, [], []);
		const [a, b] = [store.create(identity, [], []), store.create(identity, [], [])];
		store.touch(a.id);
		const c = store.create(identity, [], []);
		expect(store.touch(b.id)).toBeUndefined();
		expect([store.touch(a.id), store.touch(c.id), store.touch(other.id)]).toEqual([a, c, other]);
		expect(store.size).toBe(3);
	});

	it('accepts only the exact CSRF token of the session', () => {
		const session = storeAt({ now: 0 }).create(identity, [], []);
		expect(isValidCsrfToken(session, session.csrfToken)).toBe(true);
		expect(isValidCsrfToken(session, undefined)).toBe(false);
		expect(isValidCsrfToken(session, '')).toBe(false);
		expect(isValidCsrfToken(session, `${session.csrfToken}x`)).toBe(false);
		expect(
			isValidCsrfToken(
				session,
				session.csrfToken.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
			),
		).toBe(false);
	});

	it('hands out one opaque token per attachment URL and bounds the map', () => {
		const store = new ChatSessionStore({
			idleTimeoutMs: 1000,
			maxSessions: 1,
			maxAttachmentsPerSession: 2,
		});
		const session = store.create(identity, [], []);
		const t1 = store.registerAttachment(session, { url: 'u1', filename: 'a' });
		expect(store.registerAttachment(session, { url: 'u1', filename: 'a' })).toBe(t1);
		expect(t1).not.toContain('u1');
		store.registerAttachment(session, { url: 'u2', filename: 'b' });
		store.registerAttachment(session, { url: 'u3', filename: 'c' });
		expect(session.attachments.size).toBe(2);
		expect(session.attachments.has(t1)).toBe(false);
	});
});

describe('rate limit per session', () => {
	it('refuses requests above the limit within a window and allows them again in the next', () => {
		const clock = { now: 0 };
		const limiter = new SessionRateLimiter({ limit: 3, windowMs: 1000, now: () => clock.now });
		expect([1, 2, 3, 4].map(() => limiter.tryTake('s'))).toEqual([true, true, true, false]);
		expect(limiter.tryTake('other')).toBe(true);
		clock.now = 1000;
		expect(limiter.tryTake('s')).toBe(true);
	});
});

describe('security headers', () => {
	it('allows scripts and styles only with the nonce and frames only from Zoho', () => {
		const csp = buildContentSecurityPolicy('abc', ['https://*.zoho.eu']);
		expect(csp).toContain("script-src 'nonce-abc'");
		expect(csp).not.toContain('unsafe-inline');
		expect(csp).toContain("default-src 'none'");
		expect(csp).toContain("frame-ancestors 'self' https://*.zoho.eu");
	});

	it('drops frame-ancestor entries that could inject CSP directives', () => {
		expect(
			parseFrameAncestors("https://*.zoho.com; script-src *, 'unsafe-inline' https://crm.zoho.eu"),
		).toEqual(['https://crm.zoho.eu']);
	});

	it('sets HttpOnly, SameSite and Secure on https only; None downgrades to Lax on http', () => {
		const secure = sessionCookie('v', {
			path: '/webhook/chat',
			secure: true,
			sameSite: 'None',
			maxAgeSeconds: 60,
		});
		expect(secure).toBe(
			'tlc_session=v; Path=/webhook/chat; Max-Age=60; HttpOnly; SameSite=None; Secure',
		);
		const plain = sessionCookie('v', {
			path: '/',
			secure: false,
			sameSite: 'None',
			maxAgeSeconds: 60,
		});
		expect(plain).toContain('SameSite=Lax');
		expect(plain).not.toContain('Secure');
	});

	it('reads one cookie out of a Cookie header', () => {
		expect(readCookie('a=1; tlc_session=xyz; b=2', 'tlc_session')).toBe('xyz');
		expect(readCookie('tlc_session_other=1', 'tlc_session')).toBeUndefined();
		expect(readCookie(undefined, 'tlc_session')).toBeUndefined();
	});
});
