/**
 * The published artifact as users install it: `npm pack` of the built package, extracted into a folder
 * whose node_modules holds only what n8n itself provides (n8n-workflow). Requires `npm run build` first
 * (.ci/run builds before it tests).
 */
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	name: string;
	dependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};

let workDir: string;
let installed: string;

beforeAll(() => {
	if (!existsSync(path.join(root, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` before the tests');
	workDir = mkdtempSync(path.join(tmpdir(), 'pack-test-'));
	const tarball = execFileSync(
		'npm',
		['pack', '--silent', '--ignore-scripts', '--pack-destination', workDir],
		{
			cwd: root,
			encoding: 'utf8',
		},
	)
		.trim()
		.split('\n')
		.pop() as string;
	// Layout n8n uses for community packages: <user folder>/.n8n/nodes/node_modules/<package>
	const modules = path.join(workDir, 'nodes', 'node_modules');
	installed = path.join(modules, pkg.name);
	mkdirSync(installed, { recursive: true });
	execFileSync('tar', [
		'-xzf',
		path.join(workDir, tarball),
		'-C',
		installed,
		'--strip-components=1',
	]);
	// Only n8n's own package is resolvable from the installed pack.
	symlinkSync(
		path.join(root, 'node_modules', 'n8n-workflow'),
		path.join(modules, 'n8n-workflow'),
		'dir',
	);
}, 120_000);

afterAll(() => {
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

it('declares no runtime dependencies and ships no node_modules of its own', () => {
	const packed = JSON.parse(
		readFileSync(path.join(installed, 'package.json'), 'utf8'),
	) as typeof pkg;
	expect(packed.dependencies ?? {}).toEqual({});
	expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
	expect(readdirSync(installed).sort()).toEqual(expect.arrayContaining(['dist', 'package.json']));
});

it('ships only what n8n loads: no type declarations, source maps or build info, no console calls in bundled code', () => {
	const files = (function walk(dir: string): string[] {
		return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory() && entry.name !== 'node_modules'
				? walk(path.join(dir, entry.name))
				: entry.isDirectory()
					? []
					: [path.relative(installed, path.join(dir, entry.name))],
		);
	})(installed);
	expect(files.filter((file) => /\.d\.ts$|\.map$|\.tsbuildinfo$/.test(file))).toEqual([]);
	const vendor = files.filter((file) => file.startsWith('dist/vendor/'));
	expect(vendor.length).toBeGreaterThan(1);
	for (const file of vendor)
		expect({
			file,
			console: /\bconsole\.(log|warn|error|info|debug)\(/.test(
				readFileSync(path.join(installed, file), 'utf8'),
			),
		}).toEqual({ file, console: false });
});

it('contains every node and credential that package.json lists, each loadable as an n8n class', () => {
	for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		const file = path.join(installed, entry);
		expect(existsSync(file)).toBe(true);
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- loading built files by path, as n8n does
		const exported = require(file) as Record<string, unknown>;
		const className = path.basename(entry).split('.')[0];
		const Klass = exported[className] as new () => {
			description?: { name: string };
			name?: string;
		};
		expect(typeof Klass).toBe('function');
		const instance = new Klass();
		expect(instance.description?.name ?? instance.name).toBeTruthy();
	}
});

it('runs the bundled phone code (libphonenumber-js inlined) with no node_modules beside it but n8n-workflow', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the built file by path
	const domain = require(path.join(installed, 'dist/nodes/shared/domain/phone.js')) as {
		normalizeToE164(input: string, defaultCountry?: string): string;
	};
	expect(domain.normalizeToE164('07700 900123', 'GB')).toBe('+447700900123');
	expect(() => domain.normalizeToE164('12', 'GB')).toThrow(/12/);
});

it("loads the pack's shared modules once for all nodes, so per-process state (call caps, caches, locks) is really per process", () => {
	for (const entry of pkg.n8n.nodes) require(path.join(installed, entry)); // eslint-disable-line @typescript-eslint/no-require-imports
	const loaded = (name: string) =>
		Object.keys(require.cache).filter(
			(file) => file.startsWith(installed) && path.basename(file) === name,
		);
	expect(loaded('fifoSemaphore.js')).toHaveLength(1);
	expect(loaded('freshRecords.js')).toHaveLength(1);
	const matchOrCreate = readFileSync(
		path.join(installed, 'dist/nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node.js'),
		'utf8',
	);
	expect(matchOrCreate).not.toContain('class FifoSemaphore'); // not inlined into the node's file
});
