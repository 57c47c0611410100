import type { BrowserContext, Page } from 'playwright-core';

import { ChatEventBus, localPushChannel } from '../../nodes/shared/coordination/chatEventBus';
import type {
	ChatDependencies,
	ChatPushDependencies,
} from '../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import type { ChatMessageView } from '../../nodes/TimelinesAiLiveChat/chat/chatBackend';
import { createChatRuntime } from '../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';
import { chatConfig, signedQuery } from '../unit/nodes/TimelinesAiLiveChat/chatFixtures';
import { chromiumAvailable, launchChromium } from './chromiumBrowser';
import { startChatServer, type RunningChatServer } from './chatTestServer';
import { InMemoryChatBackend } from './inMemoryChatBackend';

// The page's live updates in headless Chromium: the in-memory TimelinesAI stands behind the page, and what
// the TimelinesAI Trigger does on a delivery (publish the parsed message on the process's bus) is played by
// `deliver`. The same path through real n8n and the sandbox is test/e2e/liveChatPush.e2e.test.ts.

const WORKSPACE = 'http://127.0.0.1/integrations/api#browser';
const describeWithChromium = chromiumAvailable() ? describe : describe.skip;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(10);
	}
}

describeWithChromium('live chat page: pushed updates in headless Chromium', () => {
	let backend: InMemoryChatBackend;
	let bus: ChatEventBus;
	let push: ChatPushDependencies;
	let deps: ChatDependencies;
	let server: RunningChatServer;
	let browser: { context: BrowserContext; close(): Promise<void> };
	let fetches = 0;
	const pages: Page[] = [];

	let links = 0;
	function link(): string {
		const expiresAt = Math.floor(Date.now() / 1000) + 600 + links++;
		return `${server.url}?${new URLSearchParams(signedQuery({ expiresAt })).toString()}`;
	}

	async function openPage(context: BrowserContext = browser.context): Promise<Page> {
		const page = await context.newPage();
		pages.push(page);
		const listeners = bus.listenerCount(WORKSPACE, 7);
		await page.goto(link());
		await page.getByText('Customer message 3').waitFor();
		await until('the page event stream', () => bus.listenerCount(WORKSPACE, 7) > listeners);
		return page;
	}

	/** What the trigger does with a delivery: the message is in TimelinesAI and is published for open pages. */
	function deliver(message: ChatMessageView): void {
		bus.publish({ workspace: WORKSPACE, chatId: 7, messages: [message], source: 'webhook' });
	}

	beforeAll(async () => {
		backend = new InMemoryChatBackend();
		backend.addRecord('Leads', '1001', { displayName: 'Ana Silva', phoneValues: ['07911 123456'] });
		backend.addChat({ id: 7, name: 'Ana Silva', phone: '+447911123456', isGroup: false });
		for (let index = 1; index <= 3; index++)
			backend.addMessage(7, { text: `Customer message ${index}` });
		const listMessages = backend.listMessages.bind(backend);
		backend.listMessages = async (chatId, options) => {
			fetches++;
			return await listMessages(chatId, options);
		};
		bus = new ChatEventBus();
		push = {
			workspace: WORKSPACE,
			channel: localPushChannel(bus),
			refreshWithoutTriggerMs: 60_000,
			refreshWithTriggerMs: 60_000,
			heartbeatMs: 25_000,
		};
		deps = {
			config: chatConfig({ pollIntervalMs: 1000 }),
			backend,
			runtime: createChatRuntime({ sessionIdleSeconds: 600, requestsPerMinute: 600 }),
			push,
		};
		server = await startChatServer(deps);
		browser = await launchChromium();
	});

	afterEach(async () => {
		for (const page of pages.splice(0)) await page.close();
		push.refreshWithoutTriggerMs = 60_000;
		push.channel = localPushChannel(bus);
	});

	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	it('shows a message TimelinesAI delivers within 1 s, and asks TimelinesAI nothing while the page is open', async () => {
		const page = await openPage();
		const fetchesAfterOpening = fetches;
		const started = Date.now();
		deliver(backend.simulateIncoming(7, 'Is the blue one in stock?'));
		await page.getByText('Is the blue one in stock?').waitFor({ timeout: 1000 });
		expect(Date.now() - started).toBeLessThan(1000);
		// The page used to poll every second (a TimelinesAI call each): now nothing while it stays open.
		await sleep(2500);
		expect(fetches).toBe(fetchesAfterOpening);
	});

	it("shows a reply sent from one page on the chat's other open page within 1 s, once on each", async () => {
		// Another person: another browser (a browser keeps one session cookie per chat URL).
		const colleague = await launchChromium();
		const sender = await openPage();
		const viewer = await openPage(colleague.context);
		const started = Date.now();
		await sender.locator('#reply-text').fill('Yes, in stock');
		await sender.locator('#send').click();
		await viewer.getByText('Yes, in stock').waitFor({ timeout: 1000 });
		expect(Date.now() - started).toBeLessThan(1000);
		// The trigger's copy of the same message (same uid) arrives later: nothing is doubled.
		const sent = backend.chats[0].messages.at(-1)!;
		deliver({ ...sent, status: 'Sent' });
		await sleep(300);
		expect(await sender.locator('#messages .msg', { hasText: 'Yes, in stock' }).count()).toBe(1);
		expect(await viewer.locator('#messages .msg', { hasText: 'Yes, in stock' }).count()).toBe(1);
		await colleague.close();
	});

	it("updates the tick when the contact reads our reply (the shared refresh, one fetch for the chat's pages)", async () => {
		const page = await openPage();
		await page.locator('#reply-text').fill('Shall I reserve it?');
		await page.locator('#send').click();
		const bubble = page.locator('#messages .msg-out', { hasText: 'Shall I reserve it?' });
		await bubble.locator('.status-sent').waitFor({ timeout: 2000 });
		backend.chats[0].messages.at(-1)!.status = 'Read';
		push.refreshWithoutTriggerMs = 500;
		const fetchesBefore = fetches;
		await bubble.locator('.status-read').waitFor({ timeout: 3000 });
		expect(fetches - fetchesBefore).toBeLessThanOrEqual(2);
	});

	it('tells the viewer when the session ends, over the stream', async () => {
		const page = await openPage();
		deps.runtime.sessions.clear();
		await page
			.locator('#status-line', { hasText: 'Your session has ended' })
			.waitFor({ timeout: 3000 });
		await until('the stream to close', () => bus.listenerCount(WORKSPACE, 7) === 0, 3000);
	});

	it('falls back to polling when live updates are refused, and still shows new messages', async () => {
		push.channel = localPushChannel(new ChatEventBus({ maxListeners: 0 }));
		const page = await browser.context.newPage();
		pages.push(page);
		await page.goto(link());
		await page.getByText('Customer message 3').waitFor();
		backend.simulateIncoming(7, 'Arrived while polling');
		await page.getByText('Arrived while polling').waitFor({ timeout: 3000 });
	});
});
