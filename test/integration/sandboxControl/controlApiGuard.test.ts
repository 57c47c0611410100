import { statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startSandbox, type RunningSandbox } from '../../../sandbox';

// The sandbox's control API resets and rewrites everything: only this machine's own, non-browser-forged
// requests may use it (sandbox/server/controlGuard.ts).

interface Sent {
	method: string;
	path: string;
	headers?: Record<string, string>;
	body?: string;
}

async function send(
	sandbox: RunningSandbox,
	sent: Sent,
): Promise<{ status: number; body: string }> {
	return await new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port: sandbox.port,
				method: sent.method,
				path: sent.path,
				headers: {
					host: `127.0.0.1:${sandbox.port}`,
					...(sent.body === undefined
						? {}
						: { 'content-length': String(Buffer.byteLength(sent.body)) }),
					...sent.headers,
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
				);
			},
		);
		req.on('error', reject);
		req.end(sent.body);
	});
}

describe('sandbox control API', () => {
	let sandbox: RunningSandbox;
	let dir: string;
	const faults = '/__control/zoho/faults';
	const json = { 'content-type': 'application/json' };

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'sandbox-guard-'));
		sandbox = await startSandbox({ port: 0, stateFile: path.join(dir, 'state', 'sandbox.json') });
	});

	afterAll(async () => {
		await sandbox.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('takes a same-host JSON POST', async () => {
		const answer = await send(sandbox, {
			method: 'POST',
			path: faults,
			headers: json,
			body: JSON.stringify({ latencyMs: 0 }),
		});
		expect(answer.status).toBe(200);
	});

	it.each([
		['a form post', 'application/x-www-form-urlencoded', 'latencyMs=5000'],
		['a text/plain post', 'text/plain', '{"latencyMs":5000}'],
		['a multipart post', 'multipart/form-data; boundary=x', '--x--'],
	])(
		'refuses %s (a cross-site "simple" request) with 415 and changes nothing',
		async (_kind, type, body) => {
			const answer = await send(sandbox, {
				method: 'POST',
				path: faults,
				headers: { 'content-type': type },
				body,
			});
			expect(answer.status).toBe(415);
			expect(sandbox.zoho.faults().latencyMs).toBe(0);
		},
	);

	it('refuses a body without a content type with 415', async () => {
		const answer = await send(sandbox, {
			method: 'POST',
			path: faults,
			body: '{"latencyMs":5000}',
		});
		expect(answer.status).toBe(415);
	});

	it.each([
		['a foreign Host (DNS rebinding)', { host: 'attacker.example:80' }],
		['a foreign Host on the right port', { host: `attacker.example:0` }],
		['a cross-site Origin', { origin: 'https://attacker.example' }],
		['an Origin on another local port', { origin: 'http://127.0.0.1:1' }],
		['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
	])('refuses %s with 403, also for GET', async (_kind, headers) => {
		const fixed = { ...headers } as Record<string, string>;
		if (fixed.host === 'attacker.example:0') fixed.host = `attacker.example:${sandbox.port}`;
		const post = await send(sandbox, {
			method: 'POST',
			path: '/__control/reset',
			headers: { ...json, ...fixed },
			body: '{}',
		});
		expect(post.status).toBe(403);
		expect(
			(await send(sandbox, { method: 'GET', path: '/__control/state', headers: fixed })).status,
		).toBe(403);
	});

	it('accepts localhost and its own origin, and a body-less POST without a content type (curl -X POST)', async () => {
		const own = { host: `localhost:${sandbox.port}`, origin: `http://localhost:${sandbox.port}` };
		expect(
			(await send(sandbox, { method: 'GET', path: '/__control/state', headers: own })).status,
		).toBe(200);
		expect(
			(await send(sandbox, { method: 'POST', path: '/__control/zoho/tokens/expire' })).status,
		).toBe(200);
	});

	it('leaves the public API paths alone (Zoho OAuth takes form posts)', async () => {
		const answer = await send(sandbox, {
			method: 'POST',
			path: '/oauth/v2/token',
			headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'elsewhere.example' },
			body: 'grant_type=refresh_token&refresh_token=nope',
		});
		expect(answer.status).not.toBe(403);
		expect(answer.status).not.toBe(415);
	});

	it('writes its state file readable by its owner only', async () => {
		expect(
			(await send(sandbox, { method: 'POST', path: '/__control/save', headers: json, body: '{}' }))
				.status,
		).toBe(200);
		expect(statSync(path.join(dir, 'state', 'sandbox.json')).mode & 0o777).toBe(0o600);
		expect(statSync(path.join(dir, 'state')).mode & 0o777).toBe(0o700);
	});
});
