/**
 * The live chat page as a Zoho user meets it: served by the TimelinesAI Live Chat node inside real n8n,
 * reading the sandbox's Zoho CRM and TimelinesAI, driven in Debian's headless Chromium.
 * Requires `npm run build` and /usr/bin/chromium (.ci/run installs it).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { chatLinkQueryString } from '../../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import { chromiumAvailable, launchChromium } from '../browser/chromiumBrowser';
import { deployPipeline } from '../../scripts/lib/deployPipeline';
import type { N8nWorkflow } from '../../scripts/lib/n8nRest';
import { PipelineStack, repoDir } from '../../scripts/lib/pipelineStack';
import { timelinesChatsByPhone, timelinesMessages } from '../../scripts/lib/sandboxClient';
import { sandboxFacts } from '../../scripts/lib/sandboxFacts';
import { waitFor } from './harness/waitFor';

const SCREENSHOTS = path.join(repoDir, 'docs', 'screenshots');
const XSS = '<img src=x onerror=alert(1)>';
const describeWithChromium = chromiumAvailable() ? describe : describe.skip;

describeWithChromium('live chat page served by n8n against the sandbox', () => {
	let stack: PipelineStack;
	let browser: { context: BrowserContext; close(): Promise<void> };
	let page: Page;
	let dialogs: string[];
	const ids: Record<string, string> = {};

	// Each call a new link (as each click of the Zoho button): a link opens in one browser only. The counter
	// keeps expiries strictly increasing (the clock never goes back), so no two calls sign the same link.
	let links = 0;
	const link = (module: string, recordId: string, lifetimeSeconds = 600): string =>
		`${stack.pipeline.chatViewUrl}?${chatLinkQueryString({ module, recordId, userEmail: 'alex.admin@sandbox.example', expiresAt: Math.floor(Date.now() / 1000) + (lifetimeSeconds > 0 ? lifetimeSeconds + links++ : lifetimeSeconds) }, stack.pipeline.chatLinkSecret)}`;
	const liveChatWorkflow = async (): Promise<N8nWorkflow> =>
		await stack.rest.workflow(stack.pipeline.liveChat.id);

	beforeAll(async () => {
		mkdirSync(SCREENSHOTS, { recursive: true });
		stack = await PipelineStack.start();
		browser = await launchChromium();
		ids.ana = (await stack.client.recordsByPhone('Leads', 'Mobile', '+351912345678'))[0].id; // seed lead with a chat
		ids.chloe = (await stack.client.recordsByPhone('Contacts', 'Mobile', '+33612345678'))[0].id; // seed contact, no chat
	});

	afterAll(async () => {
		await browser?.close();
		await stack?.stop();
	});

	beforeEach(async () => {
		page = await browser.context.newPage();
		dialogs = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
	});

	afterEach(async () => {
		await page.close();
	});

	it("opens a signed link and shows the record's WhatsApp messages", async () => {
		const response = await page.goto(link('Leads', ids.ana));
		expect(response?.status()).toBe(200);
		await page.getByText('do you ship to Portugal?').waitFor();
		expect(await page.title()).toContain('Ana Silva');
	});

	it('sends a reply with an emoji: it reaches TimelinesAI and shows as sent', async () => {
		await page.goto(link('Leads', ids.ana));
		await page.locator('#reply-text').fill('Yes, we ship to Lisbon ');
		await page.locator('#emoji-picker summary').click();
		await page.locator('.emoji[data-emoji="👍"]').click();
		await page.locator('#send').click();
		const bubble = page.locator('#messages .msg-out', { hasText: 'Yes, we ship to Lisbon 👍' });
		await bubble
			.locator('.status-sent, .status-delivered, .status-read')
			.waitFor({ timeout: 5000 });
		const [chat] = await timelinesChatsByPhone(stack.sandbox.url, '+351912345678');
		expect(
			(await timelinesMessages(stack.sandbox.url, chat.id)).some(
				(m) => m.from_me && m.text === 'Yes, we ship to Lisbon 👍',
			),
		).toBe(true);
	});

	it('shows a message that arrives in TimelinesAI without reload, within 3 s; hostile text stays text', async () => {
		await page.goto(link('Leads', ids.ana));
		await page.getByText('do you ship to Portugal?').waitFor();
		const started = Date.now();
		await stack.client.simulateMessage({
			phone: '+351912345678',
			name: 'Ana Silva',
			text: `Obrigada! ${XSS}`,
		});
		await page.getByText(`Obrigada! ${XSS}`).waitFor({ timeout: 3000 });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(await page.locator('#messages img[src="x"]').count()).toBe(0);
		expect(dialogs).toEqual([]);
	});

	it('uploads an attachment through the TimelinesAI file API', async () => {
		await page.goto(link('Leads', ids.ana));
		const png = Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
			'base64',
		);
		await page
			.locator('#attach')
			.setInputFiles({ name: 'catalogue.png', mimeType: 'image/png', buffer: png });
		await page.locator('#reply-text').fill('Our catalogue');
		await page.locator('#send').click();
		const [chat] = await timelinesChatsByPhone(stack.sandbox.url, '+351912345678');
		await waitFor(
			'the attachment in TimelinesAI',
			async () =>
				(await timelinesMessages(stack.sandbox.url, chat.id)).some(
					(m) => m.from_me && m.attachment_filename === 'catalogue.png',
				),
			5000,
		);
	});

	it('starts a new chat for a record with no chat yet', async () => {
		await page.goto(link('Contacts', ids.chloe));
		await page.getByText('Start a new WhatsApp chat').waitFor();
		await page.locator('#new-chat-phone').selectOption('+33612345678');
		await page.locator('#new-chat-text').fill('Bonjour Chloé !');
		await page.getByRole('button', { name: 'Start chat' }).click();
		await page.locator('#messages').getByText('Bonjour Chloé !').waitFor({ timeout: 5000 });
		expect(await timelinesChatsByPhone(stack.sandbox.url, '+33612345678')).toHaveLength(1);
	});

	it('refuses a reply of 2,001 characters with a clear message, in the page and on the server, and sends nothing', async () => {
		await page.goto(link('Leads', ids.ana));
		await page.getByText('do you ship to Portugal?').waitFor();
		const [chat] = await timelinesChatsByPhone(stack.sandbox.url, '+351912345678');
		const long = 'y'.repeat(2001);
		await page.locator('#reply-text').fill(long);
		await page.locator('#send').click();
		await page
			.locator('#status-line', {
				hasText: 'Messages are limited to 2,000 characters; this one has 2,001.',
			})
			.waitFor({ timeout: 3000 });
		expect(await page.locator('#reply-text').inputValue()).toBe(long);
		// The node refuses it too, whatever a client sends.
		const answer = (await page.evaluate(`(async () => {
			const config = JSON.parse(document.getElementById('chat-config').textContent);
			const response = await fetch(window.location.pathname + '?action=send', {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': config.csrfToken },
				body: JSON.stringify({ chatId: config.selectedChatId, text: 'z'.repeat(2001) }),
			});
			return { status: response.status, body: await response.json() };
		})()`)) as { status: number; body: { error: string } };
		expect(answer).toEqual({
			status: 400,
			body: { error: 'Messages are limited to 2,000 characters; this one has 2,001.' },
		});
		// Nothing reached TimelinesAI: the newest messages hold no long text.
		expect(
			(await timelinesMessages(stack.sandbox.url, chat.id)).some(
				(m) => (m.text ?? '').length > 2000,
			),
		).toBe(false);
	});

	it("loads older messages by cursor until a message 250 messages back, and never shows TimelinesAI's notes", async () => {
		const [chat] = await timelinesChatsByPhone(stack.sandbox.url, '+351912345678');
		// 250 older messages (2020, before every seeded one), without webhook deliveries: history only.
		for (let index = 1; index <= 250; index++) {
			const response = await fetch(`${stack.sandbox.url}/__control/timelines/messages`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					phone: '+351912345678',
					name: 'Ana Silva',
					text: `History message ${index}`,
					timestamp: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString(),
					deliver: false,
				}),
			});
			expect(response.status).toBe(200);
		}
		const note = await fetch(`${stack.sandbox.url}/integrations/api/chats/${chat.id}/notes`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Authorization: 'Bearer sandbox-timelines-token',
			},
			body: JSON.stringify({ text: 'Private note: VIP customer' }),
		});
		expect(note.status).toBe(200);

		await page.goto(link('Leads', ids.ana));
		await page.getByText('do you ship to Portugal?').waitFor();
		const older = page.locator('#older');
		for (
			let click = 0;
			click < 10 && !(await page.getByText('History message 1', { exact: true }).isVisible());
			click++
		) {
			const count = await page.locator('#messages .msg').count();
			await older.click();
			await waitFor(
				'older messages',
				async () =>
					(await page.locator('#messages .msg').count()) > count || (await older.isHidden()),
				5000,
			);
		}
		await page.getByText('History message 1', { exact: true }).waitFor({ timeout: 3000 });
		await expect(older.isHidden()).resolves.toBe(true);
		// Chronological: the oldest first, and no message twice.
		const texts = await page.locator('#messages .msg .text').allTextContents();
		const history = texts.filter((text) => text.startsWith('History message '));
		expect(history).toEqual(Array.from({ length: 250 }, (_, i) => `History message ${i + 1}`));
		expect(await page.getByText('Private note: VIP customer').count()).toBe(0);
	});

	it.each([
		['tampered', () => link('Leads', ids.ana).replace(`r=${ids.ana}`, `r=${ids.chloe}`)],
		['expired', () => link('Leads', ids.ana, -5)],
		['unsigned', () => `${stack.pipeline.chatViewUrl}?m=Leads&r=${ids.ana}`],
	])('answers a %s link with 403 and no data', async (_kind, url) => {
		const response = await page.goto(url());
		expect(response?.status()).toBe(403);
		expect(await page.content()).not.toContain('Ana');
	});

	it("keeps the link secret out of the workflow JSON the owner reads through n8n's REST API", async () => {
		const secret = stack.pipeline.chatLinkSecret;
		const workflow = await liveChatWorkflow();
		expect(JSON.stringify(workflow)).not.toContain(secret);
		const chat = workflow.nodes.find((node) => node.type.endsWith('.timelinesAiLiveChat'));
		expect(chat?.parameters).not.toHaveProperty('linkSecret');
		const credential = chat?.credentials?.timelinesAiLiveChatLinkApi;
		expect(credential?.id).toEqual(expect.any(String));
		// n8n redacts password fields even for the owner asking for the credential's data.
		const stored = await stack.rest.call<unknown>(
			'GET',
			`/credentials/${credential?.id ?? ''}?includeData=true`,
		);
		expect(JSON.stringify(stored)).not.toContain(secret);
		// …and the secret is the one that signs links: a link made with it opens the page.
		expect((await fetch(link('Leads', ids.ana))).status).toBe(200);
	});

	it('opens a link in the first browser only; a reload there still works', async () => {
		const url = link('Leads', ids.ana);
		expect((await page.goto(url))?.status()).toBe(200);
		expect((await page.reload())?.status()).toBe(200);
		await page.getByText('do you ship to Portugal?').waitFor();
		const elsewhere = await fetch(url);
		expect(elsewhere.status).toBe(403);
		expect(await elsewhere.text()).toContain('already opened in another browser');
	});

	it('refuses a POST without the CSRF token even with the session cookie', async () => {
		await page.goto(link('Leads', ids.ana));
		const statuses = await page.evaluate(`(async () => {
			const send = (headers) => fetch(window.location.pathname + '?action=send', {
				method: 'POST',
				credentials: 'same-origin',
				headers: Object.assign({ 'Content-Type': 'application/json' }, headers),
				body: JSON.stringify({ chatId: 1, text: 'forged' }),
			}).then((response) => response.status);
			return [await send({}), await send({ 'X-CSRF-Token': 'guess' })];
		})()`);
		expect(statuses).toEqual([403, 403]);
	});

	// Runs last: it rewrites the workflow.
	it('moves a workflow from before the secret became a credential onto the credential on the next deploy', async () => {
		const secret = stack.pipeline.chatLinkSecret;
		// The older shape, as `npm start` of an earlier version left it (n8n refuses to publish a node
		// missing a required credential, so it stays a saved draft here).
		const old = await liveChatWorkflow();
		for (const node of old.nodes.filter((n) => n.type.endsWith('.timelinesAiLiveChat'))) {
			node.parameters.linkSecret = secret;
			delete node.credentials?.timelinesAiLiveChatLinkApi;
		}
		await stack.rest.call('PATCH', `/workflows/${old.id}`, old);
		expect(JSON.stringify(await liveChatWorkflow())).toContain(secret);

		await deployPipeline(stack.rest, repoDir, {
			...sandboxFacts(stack.sandbox),
			chatLinkSecret: secret,
		});
		const moved = await liveChatWorkflow();
		expect(JSON.stringify(moved)).not.toContain(secret);
		expect(moved.active).toBe(true);
		expect((await fetch(link('Leads', ids.ana))).status).toBe(200);
	});
});
