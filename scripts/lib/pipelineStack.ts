// Everything `npm start` brings up, for the end-to-end tests: the sandbox, a real n8n (2.40.x, Node 24,
// SQLite) in a throw-away user folder with the pack installed as a community package, credentials
// connected through the OAuth2 consent flow and both bundled workflows active.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox';
import type { CatchUpOptions } from './catchUpSetup';
import { deployPipeline, type DeployedPipeline } from './deployPipeline';
import { N8nRest } from './n8nRest';
import { setupOwner, startN8n, type RunningN8n } from './n8nRuntime';
import { ensureN8nRuntime, installPackIntoN8n, type N8nRuntime } from './n8nInstall';
import { sandboxFacts } from './sandboxFacts';
import { freePort } from './freePort';
import { SandboxClient } from './sandboxClient';

export const repoDir = path.resolve(__dirname, '../..');

const OWNER = {
	email: 'owner@sandbox.example',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Owner-2026',
};

export class PipelineStack {
	private constructor(
		readonly sandbox: RunningSandbox,
		readonly client: SandboxClient,
		private readonly runtime: N8nRuntime,
		private readonly userFolder: string,
		private readonly ports: { n8n: number; broker: number },
		private readonly n8nEnv: Record<string, string> | undefined,
		public n8n: RunningN8n,
		public rest: N8nRest,
		readonly pipeline: DeployedPipeline,
	) {}

	static async start(
		options: {
			sandbox?: SandboxOptions;
			n8nEnv?: Record<string, string>;
			/** The sync workflow's catch-up trigger settings (default: the workflow file's). */
			catchUp?: CatchUpOptions;
			/** The Zoho credential's Daily Credit Budget (default none). */
			zohoCreditBudget?: number;
		} = {},
	): Promise<PipelineStack> {
		if (!existsSync(path.join(repoDir, 'dist')))
			throw new Error('dist/ is missing: run `npm run build` first');
		const runtime = ensureN8nRuntime({ cacheDir: path.join(repoDir, '.cache', 'n8n-runtime') });
		const sandbox = await startSandbox({ port: 0, ...options.sandbox });
		const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-pipeline-'));
		installPackIntoN8n({ repoDir, userFolder });
		const ports = { n8n: await freePort(), broker: await freePort() };
		const n8n = await startN8n({
			runtime,
			userFolder,
			port: ports.n8n,
			brokerPort: ports.broker,
			env: options.n8nEnv,
		});
		try {
			const rest = new N8nRest(n8n.url, await setupOwner(n8n.url, OWNER));
			const pipeline = await deployPipeline(rest, repoDir, {
				...sandboxFacts(sandbox),
				chatLinkSecret: 'e2e-chat-link-secret-0123456789abcdef',
				catchUp: options.catchUp,
				zohoCreditBudget: options.zohoCreditBudget,
			});
			return new PipelineStack(
				sandbox,
				new SandboxClient(sandbox.url),
				runtime,
				userFolder,
				ports,
				options.n8nEnv,
				n8n,
				rest,
				pipeline,
			);
		} catch (error) {
			await n8n.stop();
			await sandbox.close();
			throw new Error(
				`${(error as Error).message}\n--- n8n output ---\n${n8n.logs.join('').slice(-3000)}`,
			);
		}
	}

	/** Stops n8n and starts it again on the same port and user folder (database, credentials, workflows). */
	async restartN8n(): Promise<void> {
		await this.n8n.stop();
		await this.startN8nAgain();
	}

	/** SIGKILL: n8n crashes, executions in flight die with it (start it again with startN8nAgain). */
	async killN8n(): Promise<void> {
		await this.n8n.kill();
	}

	/** Starts n8n after a stop or kill, on the same port, user folder and settings; signs in again. */
	async startN8nAgain(): Promise<void> {
		this.n8n = await startN8n({
			runtime: this.runtime,
			userFolder: this.userFolder,
			port: this.ports.n8n,
			brokerPort: this.ports.broker,
			env: this.n8nEnv,
		});
		this.rest = new N8nRest(this.n8n.url, await setupOwner(this.n8n.url, OWNER));
	}

	async stop(): Promise<void> {
		await this.n8n.stop();
		await this.sandbox.close();
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** n8n's log so far (attached to a failure message). */
	logs(): string {
		return this.n8n.logs.join('').slice(-4000);
	}
}
