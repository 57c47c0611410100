/**
 * Push for the live chat page through real n8n: a message the sandbox's TimelinesAI delivers to the TimelinesAI
 * Trigger reaches an open page (served by the TimelinesAI Live Chat node of the same n8n) within 1 s over the
 * page's event stream; status ticks come with the shared refresh; page traffic stores no execution.
 * Requires `npm run build` and /usr/bin/chromium (.ci/run installs it).
 */
import type { BrowserContext, Page } from 'playwright-core';

import { chatLinkQueryString } from '../../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import { chromiumAvailable, launchChromium } from '../browser/chromiumBrowser';
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { waitFor } from './harness/waitFor';

const describeWithChromium = chromiumAvailable() ? describe : describe.skip;
const ANA = { phone: '+351912345678', name: 'Ana Silva' };

describeWithChromium('live chat push served by n8n, fed by the TimelinesAI Trigger', () => {
	let stack: PipelineStack;
	let browser: { context: BrowserContext; close(): Promise<void> };
	let anaLeadId = '';
	let links = 0;
	const link = (): string =>
		`${stack.pipeline.chatViewUrl}?${chatLinkQueryString({ module: 'Leads', recordId: anaLeadId, userEmail: 'alex.admin@sandbox.example', expiresAt: Math.floor(Date.now() / 1000) + 600 + links++ }, stack.pipeline.chatLinkSecret)}`;

	/** Opens the page and waits for its event stream to be answered (the page is then listening). */
	async function openPage(): Promise<Page> {
		const page = await browser.context.newPage();
		// Settled at once (never an unhandled rejection while goto still runs); judged after goto.
		const streamAnswered = page
			.waitForResponse((response) => response.url().includes('action=events'), {
				timeout: 60_000,
			})
			.then(
				(response) => response,
				(error: unknown) => (error instanceof Error ? error : new Error(String(error))),
			);
		const shown = await page.goto(link(), { timeout: 60_000 });
		const stream = await streamAnswered;
		if (stream instanceof Error) {
			// What the page showed instead of listening: the reason is on it (status line or error page).
			const body = (
				await page
					.locator('body')
					.innerText()
					.catch(() => '')
			).slice(0, 600);
			throw new Error(
				`the page (HTTP ${shown?.status()}) opened no event stream: ${stream.message}\n${body}`,
			);
		}
		expect(stream.status()).toBe(200);
		expect(stream.headers()['content-type']).toContain('text/event-stream');
		// n8n's compression must leave the stream alone (no-transform), or events would sit in its buffer.
		expect(stream.headers()['content-encoding']).toBeUndefined();
		return page;
	}

	beforeAll(async () => {
		// Replies turn Delivered 1 s after sending (the sandbox's derived status); no webhook reports it.
		stack = await PipelineStack.start({ sandbox: { timelines: { deliveredAfterMs: 1000 } } });
		browser = await launchChromium();
		anaLeadId = (await stack.client.recordsByPhone('Leads', 'Mobile', ANA.phone))[0].id;
		// The shared refresh while the trigger delivers: every 5 s here (60 s by default) to see a tick change.
		await stack.rest.updateWorkflow(stack.pipeline.liveChat.id, (workflow) => {
			const chat = workflow.nodes.find((node) => node.type.endsWith('.timelinesAiLiveChat'));
			const parameters = chat!.parameters as { options?: Record<string, unknown> };
			parameters.options = { ...parameters.options, refreshSecondsWithTrigger: 5 };
		});
	});

	afterAll(async () => {
		await browser?.close();
		await stack?.stop();
	});

	it('shows a message posted through TimelinesAI on two open pages within 1 s; the pages store no execution', async () => {
		const first = await openPage();
		const second = await openPage();
		const syncRunsBefore = (await stack.rest.executions(stack.pipeline.sync.id)).length;
		const apiCallsBefore = await stack.client.timelinesApiCalls();
		const started = Date.now();
		// Not awaited first: TimelinesAI's delivery is acknowledged once its message is in an execution (after
		// the trigger's batch window), while the pages get it before the batching.
		const sent = stack.client.simulateMessage({ ...ANA, text: 'Pushed, not polled' });
		await Promise.all(
			[first, second].map((page) =>
				page.getByText('Pushed, not polled').waitFor({ timeout: 1000 }),
			),
		);
		const latencyMs = Date.now() - started;
		await sent;
		expect(latencyMs).toBeLessThan(1000);
		// Two pages open for 3 s more: no TimelinesAI call for them (they used to poll every 1–2 s each).
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect((await stack.client.timelinesApiCalls()) - apiCallsBefore).toBe(0);
		// The trigger's delivery runs the sync workflow once; the pages and their streams run nothing.
		await waitFor(
			'the sync execution of the message',
			async () =>
				(await stack.rest.executions(stack.pipeline.sync.id)).length === syncRunsBefore + 1,
			30_000,
		);
		expect(await stack.rest.executions(stack.pipeline.liveChat.id)).toEqual([]);
		await first.close();
		await second.close();
	});

	it("updates a reply's tick from Sent to Delivered without a reload (the shared refresh)", async () => {
		const page = await openPage();
		await page.locator('#reply-text').fill('Tick, tick');
		await page.locator('#send').click();
		const bubble = page.locator('#messages .msg-out', { hasText: 'Tick, tick' });
		await bubble.locator('.status-sent').waitFor({ timeout: 5000 });
		await bubble.locator('.status-delivered').waitFor({ timeout: 12_000 });
		// The trigger's copy of the reply (message:new, sent) never doubles it.
		expect(await page.locator('#messages .msg', { hasText: 'Tick, tick' }).count()).toBe(1);
		expect(await stack.rest.executions(stack.pipeline.liveChat.id)).toEqual([]);
		await page.close();
	});
});
