/** The layering docs/architecture.md promises, checked on the source tree. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		return full.endsWith('.ts') ? [full] : [];
	});
}

function importsOf(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	return [...source.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((match) => match[1]);
}

it('keeps the pure domain free of n8n: it imports only libphonenumber-js, luxon, node:crypto and itself', () => {
	const files = sourceFiles(path.join(root, 'nodes/shared/domain'));
	expect(files.length).toBeGreaterThan(0);
	const offending = files.flatMap((file) =>
		importsOf(file)
			.filter((specifier) => !specifier.startsWith('./') && !/^(libphonenumber-js(\/.*)?|luxon|node:crypto|crypto)$/.test(specifier))
			.map((specifier) => `${path.relative(root, file)} imports ${specifier}`),
	);
	expect(offending).toEqual([]);
});

it('keeps URLs of the real APIs inside the credentials and transport modules', () => {
	const nodeFiles = sourceFiles(path.join(root, 'nodes')).filter(
		(file) => !file.includes(`${path.sep}transport${path.sep}`),
	);
	const offending = nodeFiles.filter((file) => /https:\/\/(www\.)?zohoapis\.|app\.timelines\.ai\/integrations/.test(readFileSync(file, 'utf8')));
	expect(offending.map((file) => path.relative(root, file))).toEqual([]);
});
