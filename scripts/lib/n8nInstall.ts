// Real n8n for `npm start`, the end-to-end tests and the benchmarks — installed into a git-ignored
// cache, never into the pack's own dependencies. n8n 2.x needs Node >= 24 while the pack builds on
// Node 20, so a Node 24 binary comes from the npm registry too (the node-linux-<arch> package).
// Recipe (DEVELOPERS.md): `npm install --ignore-scripts` (n8n's Kafka dependency cannot build offline),
// then `npm rebuild sqlite3 isolated-vm` with Node 24 first in PATH. 2.41.x has a dependency missing
// from the registry, so 2.40.7 is pinned.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const N8N_VERSION = '2.40.7';
const NODE_VERSION = '24.9.0';

export interface N8nRuntime {
	binDir: string;
	nodeBin: string;
	n8nBin: string;
	marker: string;
	nodePackage: string;
	version: string;
}

type Log = (line: string) => void;

function nodePackageName(): string {
	const arch = ({ x64: 'x64', arm64: 'arm64' } as Record<string, string>)[process.arch];
	if (process.platform !== 'linux' || !arch)
		throw new Error(`No Node 24 package for ${process.platform}/${process.arch}`);
	return `node-linux-${arch}`;
}

function runtimePaths(cacheDir: string): Omit<N8nRuntime, 'version'> {
	const nodePackage = nodePackageName();
	const binDir = path.join(cacheDir, 'node_modules', nodePackage, 'bin');
	return {
		binDir,
		nodeBin: path.join(binDir, 'node'),
		n8nBin: path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(cacheDir, '.installed.json'),
		nodePackage,
	};
}

/** Installs n8n + Node 24 into cacheDir once; later calls return at once. */
export function ensureN8nRuntime({
	cacheDir,
	log = console.log,
}: {
	cacheDir: string;
	log?: Log;
}): N8nRuntime {
	const paths = runtimePaths(cacheDir);
	const wanted = { n8n: N8N_VERSION, node: NODE_VERSION };
	if (existsSync(paths.marker)) {
		const installed = JSON.parse(readFileSync(paths.marker, 'utf8'));
		if (installed.n8n === wanted.n8n && installed.node === wanted.node)
			return { ...paths, version: N8N_VERSION };
	}
	// No marker: a previous install was interrupted or is outdated — start clean.
	rmSync(cacheDir, { recursive: true, force: true });
	mkdirSync(cacheDir, { recursive: true });
	writeFileSync(
		path.join(cacheDir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-runtime',
				private: true,
				dependencies: { n8n: N8N_VERSION, [paths.nodePackage]: NODE_VERSION },
			},
			null,
			2,
		),
	);
	// Run under `npm run`, npm exports this project's .npmrc as npm_config_* (ignore-scripts=true among
	// them), which would turn the rebuild below into a silent no-op: start from a clean npm environment.
	const env: NodeJS.ProcessEnv = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)),
	);
	Object.assign(env, {
		npm_config_loglevel: 'error',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	});
	const started = Date.now();
	log(
		`Installing n8n ${N8N_VERSION} and Node ${NODE_VERSION} into ${cacheDir} (first run only, a few minutes)…`,
	);
	execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: cacheDir,
		env,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const rebuildEnv = {
		...env,
		npm_config_ignore_scripts: 'false',
		PATH: `${paths.binDir}${path.delimiter}${process.env.PATH}`,
	};
	execFileSync('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3', 'isolated-vm'], {
		cwd: cacheDir,
		env: rebuildEnv,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	// n8n cannot start without the SQLite binding; fail here with the reason rather than at boot.
	execFileSync(paths.nodeBin, ['-e', "require('sqlite3')"], {
		cwd: cacheDir,
		env: rebuildEnv,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	writeFileSync(paths.marker, JSON.stringify(wanted));
	log(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return { ...paths, version: N8N_VERSION };
}

/** Installs the built pack as a community package: npm pack → <userFolder>/.n8n/nodes/node_modules/<name>. */
export function installPackIntoN8n({
	repoDir,
	userFolder,
}: {
	repoDir: string;
	userFolder: string;
}): string {
	const pkg = JSON.parse(readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const tarball = execFileSync(
		'npm',
		['pack', '--silent', '--ignore-scripts', '--pack-destination', nodesDir],
		{ cwd: repoDir, encoding: 'utf8' },
	)
		.trim()
		.split('\n')
		.pop() as string;
	execFileSync('tar', ['-xzf', path.join(nodesDir, tarball), '-C', target, '--strip-components=1']);
	rmSync(path.join(nodesDir, tarball));
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } },
			null,
			2,
		),
	);
	return target;
}
