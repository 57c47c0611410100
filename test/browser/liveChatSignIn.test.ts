import type { ZohoSignIn } from '../../nodes/TimelinesAiLiveChat/chat/chatBackend';
import { chatLinkQueryString } from '../../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import type { ChatDependencies } from '../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { createChatRuntime } from '../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';
import { chatConfig, SECRET } from '../unit/nodes/TimelinesAiLiveChat/chatFixtures';
import { chromiumAvailable, launchChromium } from './chromiumBrowser';
import { startChatServer, type RunningChatServer } from './chatTestServer';
import { InMemoryChatBackend } from './inMemoryChatBackend';

const describeWithChromium = chromiumAvailable() ? describe : describe.skip;

describeWithChromium('Sign in with Zoho in headless Chromium', () => {
	let server: RunningChatServer;
	let browser: Awaited<ReturnType<typeof launchChromium>>;
	const zohoUser = { email: 'agent@example.com' };

	beforeAll(async () => {
		const backend = new InMemoryChatBackend();
		backend.addRecord('Leads', '1001', {
			displayName: 'Ana Silva',
			phoneValues: ['+447911123456'],
		});
		backend.addMessage(
			backend.addChat({ id: 7, name: 'Ana Silva', phone: '+447911123456', isGroup: false }).id,
			{ text: 'Hi from Ana' },
		);
		// An auto-approving "Zoho": consent immediately redirects back with a code, like the sandbox's /oauth/v2/auth.
		const signIn: ZohoSignIn = {
			authorizationUrl: (state, redirectUri) =>
				`${redirectUri}?${new URLSearchParams({ code: 'granted', state }).toString()}`,
			exchangeCode: async () => ({ accessToken: 'user-token', apiDomain: 'http://127.0.0.1' }),
			currentUserEmail: async () => zohoUser.email,
			canReadRecord: async () => true,
		};
		const deps: ChatDependencies = {
			config: chatConfig({ signInWithZoho: true }),
			backend,
			runtime: createChatRuntime({ sessionIdleSeconds: 600, requestsPerMinute: 600 }),
			zohoSignIn: signIn,
		};
		server = await startChatServer(deps);
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	let links = 0;
	const link = () =>
		`${server.url}?${chatLinkQueryString({ module: 'Leads', recordId: '1001', userEmail: 'agent@example.com', expiresAt: Math.floor(Date.now() / 1000) + 300 + links++ }, SECRET)}`;

	it('shows the chat after the round trip through Zoho sign-in, with the state checked', async () => {
		zohoUser.email = 'Agent@Example.com';
		const page = await browser.context.newPage();
		const response = await page.goto(link());
		expect(response?.status()).toBe(200);
		expect(page.url()).toContain('code=granted');
		await page.getByText('Hi from Ana').waitFor();
		await page.close();
	});

	it('refuses when the Zoho user is not the one the link was signed for', async () => {
		zohoUser.email = 'someone.else@example.com';
		const page = await browser.context.newPage();
		const response = await page.goto(link());
		expect(response?.status()).toBe(403);
		expect(await page.content()).not.toContain('Hi from Ana');
		await page.close();
	});
});
