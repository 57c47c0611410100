/**
 * Queue Mode Push through real n8n in queue mode: main (UI, REST, the TimelinesAI Trigger's webhook), one
 * `n8n webhook` process (serves the live chat page) and one worker, sharing PostgreSQL and Redis. A message
 * the sandbox's TimelinesAI delivers to main reaches the page served by the webhook process over Redis.
 * Requires `npm run build`, /usr/bin/chromium, redis-server and PostgreSQL (.ci/run installs them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BrowserContext } from 'playwright-core';

import { chatLinkQueryString } from '../../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { deployPipeline, type DeployedPipeline } from '../../scripts/lib/deployPipeline';
import { freePort } from '../../scripts/lib/freePort';
import {
	ensureN8nRuntime,
	installPackIntoN8n,
	type N8nRuntime,
} from '../../scripts/lib/n8nInstall';
import { N8nRest } from '../../scripts/lib/n8nRest';
import { setupOwner, startN8n, stopChild, type RunningN8n } from '../../scripts/lib/n8nRuntime';
import { repoDir } from '../../scripts/lib/pipelineStack';
import {
	ensureQueuePackages,
	queueModeEnv,
	startPostgres,
	startRedisServer,
	type RunningPostgres,
	type RunningRedis,
} from '../../scripts/lib/queueServices';
import { SandboxClient } from '../../scripts/lib/sandboxClient';
import { sandboxFacts } from '../../scripts/lib/sandboxFacts';
import { chromiumAvailable, launchChromium } from '../browser/chromiumBrowser';
import { waitFor } from './harness/waitFor';

const describeWithChromium = chromiumAvailable() ? describe : describe.skip;
const OWNER = {
	email: 'owner@sandbox.example',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Owner-2026',
};
const ANA = { phone: '+351912345678', name: 'Ana Silva' };

/**
 * `n8n webhook` (the harness starts main and workers only): the same environment as startN8n gives main,
 * plus the queue settings; ready once it serves the live chat's production webhook.
 */
async function startWebhookProcess(
	runtime: N8nRuntime,
	userFolder: string,
	env: Record<string, string>,
	chatPath: string,
): Promise<{ url: string; child: ChildProcess; logs: string[] }> {
	const port = await freePort();
	const logs: string[] = [];
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'webhook'], {
		env: {
			...Object.fromEntries(
				Object.entries(process.env).filter(([key]) => !/^(npm_|JEST_)/i.test(key)),
			),
			NODE_ENV: 'production',
			PATH: `${runtime.binDir}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
			N8N_EVENTBUS_LOGWRITER_LOGBASENAME: 'n8nEventLog-webhook',
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
	const url = `http://127.0.0.1:${port}`;
	try {
		// Without a link the chat answers 403 (its own page); 404 means the webhook is not served yet.
		await waitFor(
			'the webhook process to serve the live chat',
			async () =>
				(await fetch(`${url}/webhook/${chatPath}`).catch(() => undefined))?.status === 403,
			120_000,
		);
	} catch (error) {
		child.kill('SIGKILL');
		throw new Error(`${(error as Error).message}\n${logs.join('').slice(-3000)}`);
	}
	return { url, child, logs };
}

describeWithChromium(
	'live chat push in queue mode: trigger on main, page on a webhook process',
	() => {
		let sandbox: RunningSandbox;
		let redis: RunningRedis;
		let postgres: RunningPostgres;
		let userFolder: string;
		let main: RunningN8n;
		let worker: RunningN8n;
		let webhook: { url: string; child: ChildProcess; logs: string[] };
		let rest: N8nRest;
		let pipeline: DeployedPipeline;
		let browser: { context: BrowserContext; close(): Promise<void> };

		beforeAll(async () => {
			ensureQueuePackages(() => undefined);
			const runtime = ensureN8nRuntime({ cacheDir: path.join(repoDir, '.cache', 'n8n-runtime') });
			sandbox = await startSandbox({ port: 0 });
			redis = await startRedisServer({});
			postgres = await startPostgres({});
			userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-queue-push-'));
			installPackIntoN8n({ repoDir, userFolder });
			const env = queueModeEnv(redis, postgres, randomBytes(24).toString('hex'));
			main = await startN8n({
				runtime,
				userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				env,
			});
			worker = await startN8n({
				runtime,
				userFolder,
				command: 'worker',
				port: await freePort(),
				brokerPort: await freePort(),
				env: { ...env, N8N_EVENTBUS_LOGWRITER_LOGBASENAME: 'n8nEventLog-1' },
			});
			rest = new N8nRest(main.url, await setupOwner(main.url, OWNER));
			pipeline = await deployPipeline(rest, repoDir, {
				...sandboxFacts(sandbox),
				chatLinkSecret: 'e2e-chat-link-secret-0123456789abcdef',
				queueModeRedis: { host: redis.host, port: redis.port },
				catchUp: { enabled: false },
			});
			// Queue Mode Push: Redis on the trigger (sync workflow) and on the live chat.
			const redisCredential = pipeline.credentials.queueModeRedisApi!;
			for (const [workflowId, type] of [
				[pipeline.sync.id, '.timelinesAiTrigger'],
				[pipeline.liveChat.id, '.timelinesAiLiveChat'],
			] as const) {
				await rest.updateWorkflow(workflowId, (workflow) => {
					const node = workflow.nodes.find((n) => n.type.endsWith(type))!;
					node.parameters.queueModePush = 'redis';
					const withCredentials = node as { credentials?: Record<string, unknown> };
					withCredentials.credentials = {
						...withCredentials.credentials,
						queueModeRedisApi: redisCredential,
					};
				});
			}
			const chatPath = new URL(pipeline.chatViewUrl).pathname.replace(/^\/webhook\//, '');
			webhook = await startWebhookProcess(runtime, userFolder, env, chatPath);
			browser = await launchChromium();
		});

		afterAll(async () => {
			await browser?.close();
			if (webhook) await stopChild(webhook.child);
			await worker?.stop();
			await main?.stop();
			await postgres?.stop();
			await redis?.stop();
			await sandbox?.close();
			if (userFolder) rmSync(userFolder, { recursive: true, force: true });
		});

		it('shows a message received by main on a page served by the webhook process within 1 s, with no execution for the page', async () => {
			const client = new SandboxClient(sandbox.url);
			// TimelinesAI delivers to main's trigger URL; the page is served by the other process.
			expect(pipeline.triggerWebhookUrl.startsWith(main.url)).toBe(true);
			const leadId = (await client.recordsByPhone('Leads', 'Mobile', ANA.phone))[0].id;
			const chatUrl = pipeline.chatViewUrl.replace(main.url, webhook.url);
			const link = `${chatUrl}?${chatLinkQueryString({ module: 'Leads', recordId: leadId, userEmail: 'alex.admin@sandbox.example', expiresAt: Math.floor(Date.now() / 1000) + 600 }, 'e2e-chat-link-secret-0123456789abcdef')}`;
			const page = await browser.context.newPage();
			const streamAnswered = page.waitForResponse((response) =>
				response.url().includes('action=events'),
			);
			await page.goto(link);
			expect((await streamAnswered).status()).toBe(200);
			const started = Date.now();
			// Not awaited first: the delivery is acknowledged after the trigger's batch window, the page earlier.
			const sent = client.simulateMessage({ ...ANA, text: 'Across processes' });
			await page.getByText('Across processes').waitFor({ timeout: 1000 });
			expect(Date.now() - started).toBeLessThan(1000);
			await sent;
			expect(await rest.executions(pipeline.liveChat.id)).toEqual([]);
			await page.close();
		});
	},
);
