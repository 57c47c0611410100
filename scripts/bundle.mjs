// Post-build step: `n8n-node build` is plain tsc and bundles nothing, but the published package may have
// no runtime `dependencies` (n8n's strict lint and verification rules). So every node and credential
// entry listed in package.json is re-bundled in place with esbuild: libphonenumber-js and luxon (dev
// dependencies) are inlined, and only what n8n itself provides at run time stays external.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';

// Provided by n8n to every community package (peer dependency / n8n's own runtime).
const EXTERNAL = ['n8n-workflow', 'n8n-core'];

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// The domain barrel is bundled too, so the packed tarball's own code can be exercised directly by a
// test (phone normalisation with libphonenumber-js inlined) without loading n8n.
const DOMAIN_ENTRY = 'dist/nodes/shared/domain/index.js';
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
if (existsSync(DOMAIN_ENTRY)) entries.push(DOMAIN_ENTRY);
// n8n-node build copies every PNG/SVG in the repo; documentation screenshots are not part of the pack.
rmSync('dist/docs', { recursive: true, force: true });
const missing = entries.filter((entry) => !existsSync(entry));
if (missing.length > 0) {
	console.error(`bundle: entries listed in package.json were not built: ${missing.join(', ')}`);
	process.exit(1);
}
await Promise.all(
	entries.map((entry) =>
		build({
			entryPoints: [entry],
			outfile: entry,
			allowOverwrite: true,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			external: EXTERNAL,
			sourcemap: false,
			legalComments: 'none',
			logLevel: 'warning',
		}),
	),
);
console.log(`bundle: ${entries.length} entries bundled (external: ${EXTERNAL.join(', ')})`);
