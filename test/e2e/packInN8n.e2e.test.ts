/**
 * The pack as users meet it: installed as a community package (npm pack → ~/.n8n/nodes/node_modules)
 * into real n8n 2.40.x, which must list every node and credential package.json declares.
 * Requires `npm run build` first; installs n8n into .cache/n8n-runtime on the first run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from '../../scripts/lib/freePort';
import type { RunningN8n } from '../../scripts/lib/n8nRuntime';
import { setupOwner, startN8n } from '../../scripts/lib/n8nRuntime';
import { ensureN8nRuntime, installPackIntoN8n } from '../../scripts/lib/n8nInstall';

const repoDir = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(repoDir, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

let n8n: RunningN8n;
let userFolder: string;
let cookie: string;

beforeAll(async () => {
	if (!existsSync(path.join(repoDir, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
	const runtime = ensureN8nRuntime({ cacheDir: path.join(repoDir, '.cache', 'n8n-runtime') });
	userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
	installPackIntoN8n({ repoDir, userFolder });
	n8n = await startN8n({
		runtime,
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
	});
	cookie = await setupOwner(n8n.url, {
		email: 'owner@sandbox.example',
		firstName: 'Sandbox',
		lastName: 'Owner',
		password: 'Sandbox-Owner-2026',
	});
});

afterAll(async () => {
	await n8n?.stop();
	if (userFolder) rmSync(userFolder, { recursive: true, force: true });
});

async function typeNames(kind: 'nodes' | 'credentials'): Promise<string[]> {
	const response = await fetch(`${n8n.url}/types/${kind}.json`, { headers: { cookie } });
	expect(response.status).toBe(200);
	return ((await response.json()) as Array<{ name: string }>).map((type) => type.name);
}

function declaredName(entry: string): string {
	// dist/nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node.js → zohoCrmMatchOrCreate
	const className = path.basename(entry).split('.')[0];
	return className.charAt(0).toLowerCase() + className.slice(1);
}

it('lists every node of the pack, loaded from the community-package folder', async () => {
	const names = await typeNames('nodes');
	for (const entry of pkg.n8n.nodes) expect(names).toContain(`${pkg.name}.${declaredName(entry)}`);
});

it('lists every credential of the pack', async () => {
	const names = await typeNames('credentials');
	for (const entry of pkg.n8n.credentials) expect(names).toContain(declaredName(entry));
});

it('loads the installed package without a node_modules folder of its own', () => {
	const installed = path.join(userFolder, '.n8n', 'nodes', 'node_modules', pkg.name);
	expect(existsSync(path.join(installed, 'dist'))).toBe(true);
	expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
	expect(n8n.logs.join('')).not.toMatch(/Error loading package|Cannot find module/);
});
