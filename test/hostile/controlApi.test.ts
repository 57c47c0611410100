/**
 * Issue 14, "Sandbox control API accepts cross-site simple POSTs and any Host header; its state file is
 * world-readable": the requests a hostile web page makes the viewer's browser send to the sandbox that
 * `npm start` runs on loopback, byte for byte as a browser sends them (each header check on its own is
 * covered by test/integration/sandboxControl/controlApiGuard.test.ts).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startSandbox, type RunningSandbox } from '../../sandbox';

let sandbox: RunningSandbox;
let dir: string;
let stateFile: string;

interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** A raw HTTP request (fetch would not let a test set Host). */
async function send(
	method: string,
	target: string,
	headers: Record<string, string>,
	body?: string,
): Promise<Reply> {
	return await new Promise((resolve, reject) => {
		const req = httpRequest(
			{ host: '127.0.0.1', port: sandbox.port, method, path: target, headers },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

const own = () => `127.0.0.1:${sandbox.port}`;

/** What Chromium sends for `fetch(url, {method: 'POST', mode: 'no-cors', body: '…'})` from another site. */
const crossSiteSimplePost = () => ({
	host: own(),
	origin: 'https://evil.example',
	referer: 'https://evil.example/',
	'content-type': 'text/plain;charset=UTF-8',
	'sec-fetch-site': 'cross-site',
	'sec-fetch-mode': 'no-cors',
	'sec-fetch-dest': 'empty',
});

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'hostile-control-'));
	stateFile = path.join(dir, 'state', 'sandbox.json');
	sandbox = await startSandbox({ port: 0, stateFile });
});

afterAll(async () => {
	await sandbox?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the sandbox control API against a hostile page', () => {
	it.each([
		['/__control/zoho/faults', '{"latencyMs":5000}'],
		['/__control/zoho/behaviour', '{"searchEquals":"exact"}'],
		['/__control/reset', '{}'],
	])('refuses a cross-site simple POST to %s and changes nothing', async (target, body) => {
		const faults = JSON.stringify(sandbox.zoho.faults());
		const behaviour = JSON.stringify(sandbox.zoho.behaviour());
		const reply = await send('POST', target, crossSiteSimplePost(), body);
		expect([403, 415]).toContain(reply.status);
		expect(JSON.stringify(sandbox.zoho.faults())).toBe(faults);
		expect(JSON.stringify(sandbox.zoho.behaviour())).toBe(behaviour);
	});

	it('grants no CORS preflight, so a cross-site page cannot send JSON either', async () => {
		const reply = await send('OPTIONS', '/__control/reset', {
			host: own(),
			origin: 'https://evil.example',
			'access-control-request-method': 'POST',
			'access-control-request-headers': 'content-type',
			'sec-fetch-mode': 'cors',
			'sec-fetch-site': 'cross-site',
		});
		expect(reply.headers['access-control-allow-origin']).toBeUndefined();
		expect(reply.headers['access-control-allow-headers']).toBeUndefined();
	});

	it.each([
		['the attacker’s own name (DNS rebinding)', 'evil.example'],
		['its name on the sandbox port', 'evil.example:PORT'],
		['a name that starts like loopback', '127.0.0.1.evil.example:PORT'],
	])('answers a request with Host %s with 403 and no state', async (_, host) => {
		const headers = {
			host: host.replace('PORT', String(sandbox.port)),
			'content-type': 'application/json',
		};
		const state = await send('GET', '/__control/state', headers);
		expect(state.status).toBe(403);
		expect(state.body).not.toMatch(/access_token|refresh_token|"records"/);
		const faults = JSON.stringify(sandbox.zoho.faults());
		expect(
			(await send('POST', '/__control/zoho/faults', headers, '{"latencyMs":5000}')).status,
		).toBe(403);
		expect(JSON.stringify(sandbox.zoho.faults())).toBe(faults);
	});

	it('still serves this machine’s own JSON request (the refusals are about the attacker)', async () => {
		const reply = await send('GET', '/__control/state', { host: own() });
		expect(reply.status).toBe(200);
	});

	it('writes its state file readable by its owner only, even under a permissive umask', async () => {
		const before = process.umask(0);
		try {
			rmSync(path.dirname(stateFile), { recursive: true, force: true });
			const saved = await send(
				'POST',
				'/__control/save',
				{ host: own(), 'content-type': 'application/json' },
				'{}',
			);
			expect(saved.status).toBe(200);
		} finally {
			process.umask(before);
		}
		expect(statSync(stateFile).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(stateFile)).mode & 0o777).toBe(0o700);
	});
});
