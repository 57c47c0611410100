#!/usr/bin/env node
/**
 * The end-to-end suites as two jest processes side by side, each with its own n8n and sandbox:
 *  - the catch-up suite, which spends its minutes waiting for n8n's one-minute polls (little CPU);
 *  - every other suite, one after the other (the push-latency tests must not share the CPU with a busy run).
 * About four minutes less per run, which CI's one-hour budget needs. Arguments are jest path patterns (none:
 * every suite). Exit code: the first failing process's, else 0.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WAITING = 'catchUp';
const patterns = process.argv.slice(2);
const jest = path.join(repoDir, 'node_modules', '.bin', 'jest');
const base = ['--config', 'test/e2e/jest.config.js', '--runInBand'];

// Installs n8n into .cache first, once: two runs installing it at the same time would collide.
execFileSync(
	path.join(repoDir, 'node_modules', '.bin', 'tsx'),
	[
		'-e',
		"require('./scripts/lib/n8nInstall').ensureN8nRuntime({ cacheDir: require('node:path').join(process.cwd(), '.cache', 'n8n-runtime') })",
	],
	{ cwd: repoDir, stdio: 'inherit' },
);

const run = (args) =>
	new Promise((resolve) => {
		const child = spawn(jest, [...base, ...args], { cwd: repoDir, stdio: 'inherit' });
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});

const waitingFile = `test/e2e/${WAITING}.e2e.test.ts`;
const withWaiting =
	patterns.length === 0 || patterns.some((pattern) => new RegExp(pattern).test(waitingFile));
const codes = await Promise.all([
	run([
		'--testPathIgnorePatterns',
		WAITING,
		...(withWaiting ? ['--passWithNoTests'] : []),
		...patterns,
	]),
	...(withWaiting ? [run([WAITING])] : []),
]);
process.exit(codes.find((code) => code !== 0) ?? 0);
