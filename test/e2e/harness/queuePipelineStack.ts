// The pipeline in n8n's queue mode: the sandbox, redis-server and a throw-away PostgreSQL (Debian
// packages, installed by apt-get when missing), n8n main + 2 workers sharing them, the pack installed as
// a community package, and both workflows deployed with the Zoho nodes' "Queue Mode Lock" set to Redis
// (or left at None, to show what goes wrong without it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox';
import type { CatchUpOptions } from '../../../scripts/lib/catchUpSetup';
import { deployPipeline, type DeployedPipeline } from '../../../scripts/lib/deployPipeline';
import { N8nRest } from '../../../scripts/lib/n8nRest';
import { setupOwner } from '../../../scripts/lib/n8nRuntime';
import { ensureN8nRuntime, installPackIntoN8n } from '../../../scripts/lib/n8nInstall';
import {
	ensureQueuePackages,
	startPostgres,
	startQueueN8n,
	startRedisServer,
	type QueueN8n,
	type RunningPostgres,
	type RunningRedis,
} from '../../../scripts/lib/queueServices';
import { sandboxFacts } from '../../../scripts/lib/sandboxFacts';
import { repoDir } from '../../../scripts/lib/pipelineStack';
import {
	closeRedisConnections,
	redisScriptRunner,
} from '../../../nodes/shared/transport/redis/redisConnection';
import { LOCK_KEY_PREFIX } from '../../../nodes/shared/coordination/redisLock';
import { SandboxClient } from '../../../scripts/lib/sandboxClient';

const OWNER = {
	email: 'owner@sandbox.example',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Owner-2026',
};

export class QueuePipelineStack {
	private constructor(
		readonly sandbox: RunningSandbox,
		readonly client: SandboxClient,
		readonly redis: RunningRedis,
		readonly postgres: RunningPostgres,
		readonly n8n: QueueN8n,
		private readonly userFolder: string,
		public rest: N8nRest,
		readonly pipeline: DeployedPipeline,
	) {}

	static async start(
		options: {
			sandbox?: SandboxOptions;
			workers?: number;
			lock?: 'redis' | 'none';
			log?: (line: string) => void;
			/** The sync workflow's catch-up trigger settings (default: the workflow file's). */
			catchUp?: CatchUpOptions;
		} = {},
	): Promise<QueuePipelineStack> {
		const log = options.log ?? (() => {});
		if (!existsSync(path.join(repoDir, 'dist')))
			throw new Error('dist/ is missing: run `npm run build` first');
		ensureQueuePackages(log);
		const runtime = ensureN8nRuntime({ cacheDir: path.join(repoDir, '.cache', 'n8n-runtime') });
		const stops: Array<() => Promise<void>> = [];
		const stopAll = async () => {
			for (const stop of stops.reverse()) await stop().catch(() => undefined);
		};
		try {
			const sandbox = await startSandbox({ port: 0, ...options.sandbox });
			stops.push(() => sandbox.close());
			const redis = await startRedisServer({ log });
			stops.push(() => redis.stop());
			const postgres = await startPostgres({ log });
			stops.push(() => postgres.stop());
			const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-queue-pipeline-'));
			stops.push(async () => rmSync(userFolder, { recursive: true, force: true }));
			installPackIntoN8n({ repoDir, userFolder });
			const n8n = await startQueueN8n({
				runtime,
				userFolder,
				redis,
				postgres,
				workers: options.workers ?? 2,
				log,
			});
			stops.push(() => n8n.stop());
			const rest = new N8nRest(n8n.url, await setupOwner(n8n.url, OWNER));
			const pipeline = await deployPipeline(rest, repoDir, {
				...sandboxFacts(sandbox),
				chatLinkSecret: 'e2e-chat-link-secret-0123456789abcdef',
				queueModeRedis:
					options.lock === 'none' ? undefined : { host: redis.host, port: redis.port },
				catchUp: options.catchUp,
			});
			return new QueuePipelineStack(
				sandbox,
				new SandboxClient(sandbox.url),
				redis,
				postgres,
				n8n,
				userFolder,
				rest,
				pipeline,
			);
		} catch (error) {
			await stopAll();
			throw error;
		}
	}

	/** A new REST session on main (after `n8n.restart('main')`). */
	async signInAgain(): Promise<void> {
		this.rest = new N8nRest(this.n8n.url, await setupOwner(this.n8n.url, OWNER));
	}

	/** How many note and number keys the Zoho nodes' Redis lock has recorded a holder for. */
	async lockKeysUsed(): Promise<{ notes: number; numbers: number }> {
		const runner = redisScriptRunner({
			host: this.redis.host,
			port: this.redis.port,
			user: '',
			password: '',
			database: 0,
			ssl: false,
		});
		const count = async (kind: string) =>
			Number(
				await runner.evalScript(
					"return #redis.call('KEYS', ARGV[1])",
					[],
					[`${LOCK_KEY_PREFIX}${kind}:*:last`],
				),
			);
		try {
			return { notes: await count('note'), numbers: await count('number') };
		} finally {
			await closeRedisConnections();
		}
	}

	async stop(): Promise<void> {
		await this.n8n.stop();
		await this.postgres.stop();
		await this.redis.stop();
		await this.sandbox.close();
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** n8n main's and the workers' logs so far (attached to a failure message). */
	logs(): string {
		return [this.n8n.main, ...this.n8n.workers]
			.map((p, i) => `--- ${i === 0 ? 'main' : `worker ${i}`} ---\n${p.logs.join('').slice(-2000)}`)
			.join('\n');
	}
}
