import type { ZohoSignIn } from '../../../../nodes/TimelinesAiLiveChat/chat/chatBackend';
import type { ChatResponse } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { handleChatRequest } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';
import { chatConfig, dependencies, request, seededBackend, signedQuery } from './chatFixtures';

function fakeSignIn(user: { email: string; canRead: boolean }) {
	const exchanged: string[] = [];
	const signIn: ZohoSignIn = {
		authorizationUrl: (state, redirectUri) =>
			`https://accounts.zoho.example/oauth/v2/auth?${new URLSearchParams({ state, redirect_uri: redirectUri }).toString()}`,
		exchangeCode: async (code, redirectUri) => {
			exchanged.push(`${code} ${redirectUri}`);
			return { accessToken: `token-for-${code}`, apiDomain: 'https://www.zohoapis.example' };
		},
		currentUserEmail: async () => user.email,
		canReadRecord: async () => user.canRead,
	};
	return { signIn, exchanged };
}

function setup(user = { email: 'Agent@Example.com', canRead: true }) {
	const deps = dependencies(seededBackend(), chatConfig({ signInWithZoho: true }));
	const fake = fakeSignIn(user);
	deps.zohoSignIn = fake.signIn;
	return { deps, ...fake };
}

async function startSignIn(deps: ReturnType<typeof setup>['deps']) {
	const response = await handleChatRequest(
		request({ query: signedQuery(), headers: { host: 'n8n.example' } }),
		deps,
	);
	expect(response.status).toBe(302);
	const location = new URL(response.headers.Location);
	return {
		response,
		cookie: response.headers['Set-Cookie'].split(';')[0],
		state: location.searchParams.get('state') ?? '',
		location,
	};
}

const text = (response: ChatResponse) => String(response.body);

describe('Sign in with Zoho', () => {
	it('sends a verified link to Zoho consent with a random state and the page URL as redirect URI', async () => {
		const { deps } = setup();
		const { location, state, response } = await startSignIn(deps);
		expect(location.searchParams.get('redirect_uri')).toBe('http://n8n.example/webhook/chat');
		expect(state).toMatch(/^[\w-]{43}$/);
		expect(text(response)).not.toContain('Ana');
	});

	it('grants nothing to the pending session before the callback', async () => {
		const { deps } = setup();
		const { cookie } = await startSignIn(deps);
		const api = await handleChatRequest(
			request({ query: { action: 'messages', chat: '7' }, headers: { cookie } }),
			deps,
		);
		expect(api.status).toBe(401);
	});

	it('shows the page after a callback with the right state, for the link user with record access, once', async () => {
		const { deps, exchanged } = setup();
		const { cookie, state } = await startSignIn(deps);
		const callback = request({
			query: { code: 'good', state },
			headers: { cookie, host: 'n8n.example' },
		});
		const page = await handleChatRequest(callback, deps);
		expect(page.status).toBe(200);
		expect(text(page)).toContain('Ana Silva');
		expect(page.headers['Set-Cookie']).not.toContain(cookie);
		expect(exchanged).toEqual(['good http://n8n.example/webhook/chat']);
		expect((await handleChatRequest(callback, deps)).status).toBe(403);
	});

	it.each([
		['a foreign state', { email: 'agent@example.com', canRead: true }, 'wrong-state'],
		['another Zoho user', { email: 'intruder@example.com', canRead: true }, undefined],
		[
			'a user without access to the record',
			{ email: 'agent@example.com', canRead: false },
			undefined,
		],
	])('refuses %s with a 403 and no data', async (_case, user, forcedState) => {
		const { deps } = setup(user);
		const { cookie, state } = await startSignIn(deps);
		const page = await handleChatRequest(
			request({ query: { code: 'good', state: forcedState ?? state }, headers: { cookie } }),
			deps,
		);
		expect(page.status).toBe(403);
		expect(text(page)).not.toContain('Ana');
	});

	it('refuses a callback in a browser that never started a sign-in', async () => {
		const { deps } = setup();
		const { state } = await startSignIn(deps);
		expect(
			(await handleChatRequest(request({ query: { code: 'good', state } }), deps)).status,
		).toBe(403);
	});

	it('binds the link through the sign-in: the signed-in browser re-opens it, another browser cannot', async () => {
		const { deps } = setup();
		const { cookie, state } = await startSignIn(deps);
		const elsewhere = await handleChatRequest(request({ query: signedQuery() }), deps);
		expect(elsewhere.status).toBe(403);
		const page = await handleChatRequest(
			request({ query: { code: 'good', state }, headers: { cookie } }),
			deps,
		);
		const signedIn = page.headers['Set-Cookie'].split(';')[0];
		const again = await handleChatRequest(
			request({ query: signedQuery(), headers: { cookie: signedIn } }),
			deps,
		);
		expect(again.status).toBe(302);
		expect(
			(await handleChatRequest(request({ query: signedQuery(), headers: { cookie } }), deps))
				.status,
		).toBe(403);
	});
});
