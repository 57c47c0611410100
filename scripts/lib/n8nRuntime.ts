// Starts and stops the installed n8n (n8nInstall.ts): main or worker processes on loopback, readiness,
// the owner account.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { N8nRuntime } from './n8nInstall';

export interface RunningN8n {
	url: string;
	stop(): Promise<void>;
	/** SIGKILL (a crash: no shutdown, executions in flight die with it); resolves once it has exited. */
	kill(): Promise<void>;
	logs: string[];
	pid: number | undefined;
}

/** SIGTERM, then SIGKILL if the process is still there after `timeoutMs`; resolves once it has exited. */
export function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/** SIGKILL at once; resolves once the process has exited. */
export function killChild(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
		child.kill('SIGKILL');
	});
}

/** Polls `url + path` every 500 ms until `ready` says so, the process exits, or the time is up. */
async function waitUntilReady(
	{
		url,
		path,
		who,
		timeoutMs,
		child,
	}: { url: string; path: string; who: string; timeoutMs: number; child: ChildProcess },
	ready: (response: Response) => Promise<boolean>,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`${who} exited with code ${child.exitCode} before it was ready`);
		try {
			if (await ready(await fetch(`${url}${path}`))) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`${who} did not answer ${url}${path} within ${timeoutMs / 1000} s`);
}

/** Main: /healthz answers before the REST routes are mounted; ready = the login route answers as itself. */
async function waitForHealth(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
	await waitUntilReady(
		{ url, path: '/rest/login', who: 'n8n', timeoutMs, child },
		async (response) => {
			// Until then paths say "n8n is starting up" (200) or 404; without a session the login route says 401.
			const body = await response.text();
			return (
				response.status === 401 ||
				(response.ok &&
					(response.headers.get('content-type') ?? '').includes('json') &&
					!body.includes('n8n is starting up'))
			);
		},
	);
}

/** Worker: its health server's readiness is 200 once the database and Redis connections are up. */
async function waitForWorkerReadiness(
	url: string,
	timeoutMs: number,
	child: ChildProcess,
): Promise<void> {
	await waitUntilReady(
		{ url, path: '/healthz/readiness', who: 'n8n worker', timeoutMs, child },
		async (response) => response.status === 200,
	);
}

/**
 * Starts n8n on 127.0.0.1 and resolves once its REST API answers. With command 'worker' (queue mode),
 * `port` is the worker's health-check server and readiness is its /healthz/readiness.
 */
export async function startN8n({
	runtime,
	userFolder,
	port,
	brokerPort,
	env = {},
	timeoutMs = 120_000,
	command = 'start',
}: {
	runtime: N8nRuntime;
	userFolder: string;
	port: number;
	brokerPort: number;
	env?: Record<string, string>;
	timeoutMs?: number;
	command?: 'start' | 'worker';
}): Promise<RunningN8n> {
	const logs: string[] = [];
	const worker =
		command === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: {};
	const child = spawn(runtime.nodeBin, [...nodeArgs(), runtime.n8nBin, command], {
		env: {
			// Not the caller's environment wholesale: jest sets NODE_ENV=test, with which n8n 2.40 exits
			// silently at boot, and `npm run` exports this project's npm settings.
			...Object.fromEntries(
				Object.entries(process.env).filter(([key]) => !/^(npm_|JEST_)/i.test(key)),
			),
			NODE_ENV: 'production',
			PATH: `${runtime.binDir}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			// The task broker takes 5679 by default: always set it so several instances can coexist.
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			DB_TYPE: 'sqlite',
			// n8n 2.x gives every webhook call of a community trigger (the stock Webhook node is exempt) and
			// every execution a fresh expression isolate, created up front. Lazily, one is created only when an
			// expression runs — and the pack's sync pipeline runs none (automatic inputs). The README's
			// "Performance" section recommends it: it was most of the CPU per message (docs/benchmarks.md).
			N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
			...worker,
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const collect = (chunk: Buffer) => logs.push(chunk.toString());
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const url = `http://127.0.0.1:${port}`;
	try {
		await (command === 'worker'
			? waitForWorkerReadiness(url, timeoutMs, child)
			: waitForHealth(url, timeoutMs, child));
	} catch (error) {
		child.kill('SIGKILL');
		throw new Error(
			`${(error as Error).message}\n--- n8n output ---\n${logs.join('').slice(-4000)}`,
		);
	}
	return { url, stop: () => stopChild(child), kill: () => killChild(child), logs, pid: child.pid };
}

/**
 * Extra Node flags for n8n from N8N_NODE_ARGS (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
 * to profile n8n itself under the bench's load (Node refuses --cpu-prof in NODE_OPTIONS).
 */
function nodeArgs(): string[] {
	return (process.env.N8N_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/** Creates the owner account (first start) and returns a session cookie for the REST API. */
export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export async function setupOwner(url: string, owner: OwnerAccount): Promise<string> {
	const setup = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (setup.ok)
		return setup.headers
			.getSetCookie()
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!login.ok)
		throw new Error(`n8n owner setup (${setup.status}) and login (${login.status}) both failed`);
	return login.headers
		.getSetCookie()
		.map((cookie) => cookie.split(';')[0])
		.join('; ');
}
