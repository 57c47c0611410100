// `npm run scan`: n8n's community-package scanner (@n8n/scan-community-package, pinned) run offline on both
// of its legs — the source files of this checkout (SOURCE_FILE_PATTERNS, what the scanner lints in the
// provenance-attested repository) and the files of the package as published (`npm pack`, unpacked).
// Its CLI only scans packages fetched from the registry; its exported analyzePackage is what the CLI runs.
// Needs `npm run build` first. Exit code 1 on any finding, except in the one documented exception: the bundled
// Redis client of the opt-in queue-mode lock (README, Verification), which needs sockets and timers by nature.
// Its findings are counted and printed, so a new kind of finding there is still seen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const REDIS_CLIENT = 'dist/vendor/redis_client.js';
const TARBALL_PATTERNS = ['**/*.js', '**/*.ts', '**/*.json', `!${REDIS_CLIENT}`];

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function unpackTarball() {
	const dir = mkdtempSync(path.join(tmpdir(), 'scan-'));
	const tarball = execFileSync(
		'npm',
		['pack', '--silent', '--ignore-scripts', '--pack-destination', dir],
		{ cwd: repoDir, encoding: 'utf8' },
	)
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
	return { dir, packageDir: path.join(dir, 'package') };
}

async function main() {
	let failed = false;
	const report = (leg, result) => {
		console.log(
			`${leg}: ${result.passed ? 'passed' : 'FAILED'}${result.message ? ` (${result.message})` : ''}`,
		);
		if (result.details) console.log(result.details);
		if (!result.passed) failed = true;
	};
	report('source leg (checkout)', await analyzePackage(repoDir, SOURCE_FILE_PATTERNS));
	const { dir, packageDir } = unpackTarball();
	try {
		report('tarball leg (npm pack)', await analyzePackage(packageDir, TARBALL_PATTERNS));
		const exception = await analyzePackage(packageDir, [REDIS_CLIENT]);
		const kinds = [
			...new Set(
				(exception.details ?? '').match(/@n8n\/community-nodes\/[a-z-]+|no-console/g) ?? [],
			),
		];
		const count = /(\d+) problems?/.exec(exception.details ?? '')?.[1] ?? '0';
		console.log(
			`documented exception ${REDIS_CLIENT} (queue-mode lock's Redis client): ${count} findings (${kinds.join(', ') || 'none'})`,
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	process.exit(failed ? 1 : 0);
}

await main();
