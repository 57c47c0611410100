// The sandbox: local, faithful stand-ins for the Zoho CRM v8 API (+ Zoho accounts OAuth) and the
// TimelinesAI public API, in one HTTP server on 127.0.0.1. Used by `npm run sandbox`, `npm start`, the
// integration, end-to-end and browser tests and the benchmarks. Not published (outside dist/).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { controlRequestRefusal } from './server/controlGuard';
import { readBody, send } from './server/http';
import { renderSandboxPage } from './server/sandboxPage';
import { writeStateFile } from './server/stateFile';
import { OTHER_BEHAVIOUR, timelinesBehaviourFromEnv } from './timelines/timelinesBehaviour';
import { TimelinesSandbox } from './timelines/timelinesSandbox';
import type { TimelinesSandboxOptions, TimelinesSnapshot } from './timelines/timelinesSandbox';
import { OTHER_ZOHO_BEHAVIOUR, zohoBehaviourFromEnv } from './zoho/zohoBehaviour';
import { ZohoSandbox } from './zoho/zohoSandbox';
import type { ZohoSandboxOptions } from './zoho/zohoOptions';
import type { ZohoSnapshot } from './zoho/zohoState';

export { ZohoSandbox } from './zoho/zohoSandbox';
export { TimelinesSandbox } from './timelines/timelinesSandbox';
export { SANDBOX_CLIENT, SANDBOX_STATIC_ACCESS_TOKEN } from './zoho/zohoOptions';
export type { ZohoSandboxOptions, FaultSettings } from './zoho/zohoOptions';
export type { ZohoBehaviour } from './zoho/zohoBehaviour';
export type { TimelinesBehaviour } from './timelines/timelinesBehaviour';
export type { TimelinesSandboxOptions } from './timelines/timelinesSandbox';

/**
 * Which reading of the APIs' undocumented behaviour the sandbox plays: 'documented' (each switch's default)
 * or 'other' (every switch of both APIs on its other reading: OTHER_ZOHO_BEHAVIOUR, OTHER_BEHAVIOUR).
 * Options' own behaviour values win over it.
 */
export type SandboxReading = 'documented' | 'other';

/** SANDBOX_READING=other (CI's second run, `npm run test:integration:other`, `npm run test:e2e:other`). */
export function readingFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxReading {
	return env.SANDBOX_READING === 'other' ? 'other' : 'documented';
}

export interface SandboxOptions {
	/** TCP port on 127.0.0.1; 0 (the default) picks a free one */
	port?: number;
	/** default: SANDBOX_READING from the environment, else 'documented' */
	reading?: SandboxReading;
	/** JSON file the state is kept in (loaded at start, written after every change and at close) */
	stateFile?: string;
	zoho?: ZohoSandboxOptions;
	timelines?: TimelinesSandboxOptions;
}

export interface RunningSandbox {
	/** http://127.0.0.1:<port> — also Zoho's `api_domain` and accounts server */
	url: string;
	port: number;
	zoho: ZohoSandbox;
	timelines: TimelinesSandbox;
	/** Writes the state file now (no-op without one). */
	save(): void;
	close(): Promise<void>;
}

interface SandboxSnapshot {
	version: 1;
	zoho: ZohoSnapshot;
	timelines: TimelinesSnapshot;
}

const SAVE_DELAY_MS = 200;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
	let url = '';
	// Behaviour readings: SANDBOX_READING, then the single SANDBOX_ZOHO_*/SANDBOX_TIMELINES_* switches, then
	// the options (so `npm start`, the e2e stack and every test's sandbox honour the environment).
	const other = (options.reading ?? readingFromEnv()) === 'other';
	const zohoOptions: ZohoSandboxOptions = {
		...options.zoho,
		behaviour: {
			...(other ? OTHER_ZOHO_BEHAVIOUR : {}),
			...zohoBehaviourFromEnv(process.env),
			...options.zoho?.behaviour,
		},
	};
	const timelinesOptions: TimelinesSandboxOptions = {
		...options.timelines,
		behaviour: {
			...(other ? OTHER_BEHAVIOUR : {}),
			...timelinesBehaviourFromEnv(process.env),
			...options.timelines?.behaviour,
		},
	};
	const zoho = new ZohoSandbox(zohoOptions, () => url);
	const timelines = new TimelinesSandbox(timelinesOptions, () => url);
	const stateFile = options.stateFile;
	if (stateFile && existsSync(stateFile)) {
		const snapshot = JSON.parse(readFileSync(stateFile, 'utf8')) as SandboxSnapshot;
		if (snapshot.version === 1) {
			zoho.load(snapshot.zoho);
			timelines.load(snapshot.timelines);
		}
	}

	const save = (): void => {
		if (!stateFile) return;
		const snapshot: SandboxSnapshot = {
			version: 1,
			zoho: zoho.snapshot(),
			timelines: timelines.snapshot(),
		};
		writeStateFile(stateFile, JSON.stringify(snapshot));
	};
	let saveTimer: NodeJS.Timeout | undefined;
	const scheduleSave = (): void => {
		if (!stateFile || saveTimer) return;
		saveTimer = setTimeout(() => {
			saveTimer = undefined;
			save();
		}, SAVE_DELAY_MS);
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const requestUrl = new URL(req.url ?? '/', url);
		const pathname = requestUrl.pathname;
		const refusal = pathname.startsWith('/__control/') ? controlRequestRefusal(req) : undefined;
		if (refusal) {
			send(res, refusal);
			return;
		}
		const body = await readBody(req);
		if (pathname === '/' && req.method === 'GET') {
			send(res, {
				status: 200,
				raw: {
					body: Buffer.from(renderSandboxPage({ url, zoho, timelines: timelines.pageSource() })),
					contentType: 'text/html; charset=utf-8',
				},
			});
			return;
		}
		if (pathname === '/__control/reset' && req.method === 'POST') {
			zoho.reset();
			timelines.reset();
			scheduleSave();
			send(res, { status: 200, json: { reset: true } });
			return;
		}
		if (pathname === '/__control/state' && req.method === 'GET') {
			send(res, { status: 200, json: { zoho: zoho.snapshot(), timelines: timelines.snapshot() } });
			return;
		}
		if (pathname === '/__control/save' && req.method === 'POST') {
			save();
			send(res, { status: 200, json: { saved: Boolean(stateFile) } });
			return;
		}
		const handled =
			(await zoho.handle(req, res, requestUrl, body)) ||
			(await timelines.handle(req, res, requestUrl, body));
		if (!handled)
			send(res, {
				status: 404,
				raw: {
					body: Buffer.from('<!doctype html><title>404</title><p>Not found</p>'),
					contentType: 'text/html; charset=utf-8',
				},
			});
		if (req.method !== 'GET') scheduleSave();
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			send(res, {
				status: 500,
				json: { error: error instanceof Error ? error.message : String(error) },
			});
		});
	});
	server.keepAliveTimeout = 5_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	url = `http://127.0.0.1:${port}`;

	return {
		url,
		port,
		zoho,
		timelines,
		save,
		async close() {
			if (saveTimer) clearTimeout(saveTimer);
			await timelines.stop();
			save();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
