import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { createChatRuntime } from '../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';
import type { ChatDependencies } from '../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { chatConfig, signedQuery } from '../unit/nodes/TimelinesAiLiveChat/chatFixtures';
import { chromiumAvailable, launchChromium } from './chromiumBrowser';
import { startChatServer, type RunningChatServer } from './chatTestServer';
import { InMemoryChatBackend } from './inMemoryChatBackend';

const SCREENSHOTS = join(__dirname, '../../docs/screenshots');
const XSS = '<img src=x onerror=alert(1)>';
// 1×1 red PNG.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
	'base64',
);

const describeWithChromium = chromiumAvailable() ? describe : describe.skip;

function seed(backend: InMemoryChatBackend): void {
	backend.addRecord('Leads', '1001', { displayName: 'Ana Silva', phoneValues: ['07911 123456'] });
	backend.addRecord('Contacts', '2002', {
		displayName: 'Bruno Costa',
		phoneValues: ['+49 151 23456789', '0049 30 901820'],
	});
	const chat = backend.addChat({
		id: 7,
		name: 'Ana Silva',
		phone: '+447911123456',
		isGroup: false,
	});
	backend.addChat({ id: 9, name: 'Ana (second number)', phone: '+447911123456', isGroup: false });
	for (let index = 1; index <= 24; index++) {
		backend.addMessage(
			chat.id,
			index % 3 === 0
				? { text: `Reply ${index} from us`, fromMe: true, senderName: 'Sales line', status: 'Read' }
				: { text: `Customer message ${index}` },
		);
	}
	const last = chat.messages[chat.messages.length - 1];
	backend.addMessage(chat.id, { text: 'Quoting you 👆', replyToUid: last.uid });
}

describeWithChromium('live chat page in headless Chromium', () => {
	let backend: InMemoryChatBackend;
	let server: RunningChatServer;
	let browser: { context: BrowserContext; close(): Promise<void> };
	let page: Page;
	let dialogs: string[];
	let consoleErrors: string[];

	// Each call a new link (as each click of the Zoho button): a link opens in one browser only. The counter
	// keeps expiries strictly increasing (the clock never goes back), so no two calls sign the same link.
	let links = 0;
	function link(overrides: Parameters<typeof signedQuery>[0] = {}, secret?: string): string {
		const expiresAt = Math.floor(Date.now() / 1000) + 600 + links++;
		return `${server.url}?${new URLSearchParams(signedQuery({ expiresAt, ...overrides }, secret)).toString()}`;
	}

	beforeAll(async () => {
		mkdirSync(SCREENSHOTS, { recursive: true });
		backend = new InMemoryChatBackend();
		seed(backend);
		const config = chatConfig({ pollIntervalMs: 1000, maxUploadBytes: 1024 * 1024 });
		const deps: ChatDependencies = {
			config,
			backend,
			runtime: createChatRuntime({ sessionIdleSeconds: 600, requestsPerMinute: 600 }),
		};
		server = await startChatServer(deps);
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	beforeEach(async () => {
		page = await browser.context.newPage();
		dialogs = [];
		consoleErrors = [];
		page.on('console', (message) => {
			if (message.type() === 'error') consoleErrors.push(message.text());
		});
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
	});

	afterEach(async () => {
		await page.close();
	});

	it('opens a signed link and shows the chats and newest messages', async () => {
		const response = await page.goto(link());
		expect(response?.status()).toBe(200);
		await page.getByText('Customer message 23').waitFor();
		expect(await page.locator('.chat-item').count()).toBe(2);
		expect(await page.locator('#messages .msg').count()).toBe(20);
		await page.screenshot({ path: join(SCREENSHOTS, 'live-chat-messages.png') });
		// The strict CSP must not block any of the page's own script or styles.
		// (The test server has no /favicon.ico; n8n serves one, so that 404 is not the page's.)
		expect(consoleErrors.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual(
			[],
		);
	});

	it('loads older messages on demand', async () => {
		await page.goto(link());
		await page.locator('#older').click();
		await page.getByText('Customer message 1', { exact: true }).waitFor();
		expect(await page.locator('#messages .msg').count()).toBe(25);
		// Chronological after the older page is put in front: message 1 first, then 2, 4, 5 (3 is ours).
		const texts = await page.locator('#messages .msg .text').allTextContents();
		expect(texts.slice(0, 4)).toEqual([
			'Customer message 1',
			'Customer message 2',
			'Reply 3 from us',
			'Customer message 4',
		]);
	});

	it('keeps a reply over 2,000 characters in the box with a clear message, and sends nothing', async () => {
		await page.goto(link());
		const sentBefore = backend.sent.length;
		await page.locator('#reply-text').fill('x'.repeat(2001));
		await page.locator('#send').click();
		await page
			.locator('#status-line', {
				hasText: 'Messages are limited to 2,000 characters; this one has 2,001.',
			})
			.waitFor();
		expect(await page.locator('#reply-text').inputValue()).toHaveLength(2001);
		expect(await page.locator('#messages .msg-out .status-pending').count()).toBe(0);
		expect(backend.sent).toHaveLength(sentBefore);
	});

	it('sends a reply with an emoji that reaches TimelinesAI and shows pending, then sent', async () => {
		await page.goto(link());
		await page.locator('#reply-text').fill('Thanks, see you tomorrow ');
		await page.locator('#emoji-picker summary').click();
		await page.locator('.emoji[data-emoji="👍"]').click();
		await page.locator('#send').click();
		const bubble = page.locator('#messages .msg-out', { hasText: 'Thanks, see you tomorrow 👍' });
		await bubble.locator('.status-sent, .status-delivered').waitFor({ timeout: 5000 });
		expect(backend.sent.at(-1)?.text).toBe('Thanks, see you tomorrow 👍');
		await page.screenshot({ path: join(SCREENSHOTS, 'live-chat-reply-sent.png') });
	});

	it('shows an incoming message within 3 seconds without reload', async () => {
		await page.goto(link());
		await page.getByText('Customer message 23').waitFor();
		const started = Date.now();
		backend.simulateIncoming(7, 'Are you open on Saturday?');
		await page.getByText('Are you open on Saturday?').waitFor({ timeout: 3000 });
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('renders hostile WhatsApp text as text and runs none of it', async () => {
		backend.simulateIncoming(7, XSS);
		await page.goto(link());
		await page.getByText(XSS).waitFor();
		expect(await page.locator('#messages img[src="x"]').count()).toBe(0);
		await page.waitForTimeout(300);
		expect(dialogs).toEqual([]);
	});

	it('uploads an attachment and shows it inline', async () => {
		await page.goto(link());
		await page
			.locator('#attach')
			.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
		await page.locator('#reply-text').fill('Here is the photo');
		await page.locator('#send').click();
		const image = page.locator('#messages img[alt="photo.png"]');
		await image.waitFor({ timeout: 5000 });
		expect(
			await image.evaluate(
				(element) => (element as unknown as { naturalWidth: number }).naturalWidth,
			),
		).toBe(1);
		expect(backend.sent.at(-1)?.fileUid).toEqual(expect.any(String));
	});

	it('starts a new chat with one of the record numbers from a chosen WhatsApp account', async () => {
		await page.goto(link({ module: 'Contacts', recordId: '2002' }));
		await page.getByText('Start a new WhatsApp chat').waitFor();
		await page.screenshot({ path: join(SCREENSHOTS, 'live-chat-new-chat.png') });
		await page.locator('#new-chat-phone').selectOption('+4915123456789');
		await page.locator('#new-chat-account').selectOption('+15550002222');
		await page.locator('#new-chat-text').fill('Hello Bruno, this is Sales');
		await page.getByRole('button', { name: 'Start chat' }).click();
		await page.locator('#messages').getByText('Hello Bruno, this is Sales').waitFor();
		expect(await page.locator('.chat-item').count()).toBe(1);
		expect(backend.chats.some((chat) => chat.phone === '+4915123456789')).toBe(true);
	});

	it.each([
		['tampered', () => link().replace('r=1001', 'r=1002')],
		['expired', () => link({ expiresAt: Math.floor(Date.now() / 1000) - 5 })],
		['unsigned', () => `${server.url}?m=Leads&r=1001`],
	])('answers a %s link with 403 and no data', async (kind, url) => {
		const response = await page.goto(url());
		expect(response?.status()).toBe(403);
		expect(await page.content()).not.toContain('Ana');
		if (kind === 'tampered')
			await page.screenshot({ path: join(SCREENSHOTS, 'live-chat-403.png') });
	});

	it('refuses a POST without the CSRF token even with the session cookie', async () => {
		await page.goto(link());
		// Runs in the page (a string, because this project's TypeScript has no DOM types).
		const statuses = await page.evaluate(`(async () => {
			const send = (headers) => fetch(window.location.pathname + '?action=send', {
				method: 'POST',
				credentials: 'same-origin',
				headers: Object.assign({ 'Content-Type': 'application/json' }, headers),
				body: JSON.stringify({ chatId: 7, text: 'forged' }),
			}).then((response) => response.status);
			return [await send({}), await send({ 'X-CSRF-Token': 'guess' })];
		})()`);
		expect(statuses).toEqual([403, 403]);
		expect(backend.sent.some((sent) => sent.text === 'forged')).toBe(false);
	});

	it('fits a phone screen', async () => {
		await page.setViewportSize({ width: 390, height: 800 });
		await page.goto(link());
		await page.getByText('Customer message 23').waitFor();
		const overflow = await page.evaluate<number>(
			'document.documentElement.scrollWidth - window.innerWidth',
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: join(SCREENSHOTS, 'live-chat-mobile.png') });
	});
});
