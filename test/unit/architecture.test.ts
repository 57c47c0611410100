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

function importsOf(source: string): string[] {
	return [...source.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map(
		(match) => match[1],
	);
}

/** The layer a file belongs to, from its path relative to the repository. */
export function layerOf(relative: string): string {
	const parts = relative.split('/');
	if (parts[0] === 'credentials') return 'credentials';
	if (parts[0] === 'nodes' && parts[1] === 'shared')
		return parts[2] === 'transport' ? `transport/${parts[3]}` : parts[2];
	if (parts[0] === 'nodes') return `node:${parts[1]}`;
	return 'outside';
}

/**
 * What each layer may import (besides itself). Arrows point one way: node folders → n8n glue → sync use
 * cases → coordination → transport → domain; credentials are read by transport only for their constants.
 */
const ALLOWED: Record<string, (layer: string) => boolean> = {
	domain: () => false,
	credentials: () => false,
	'transport/zoho': (layer) => layer === 'domain' || layer === 'credentials',
	'transport/timelinesai': (layer) => layer === 'domain',
	'transport/redis': (layer) => layer === 'domain',
	coordination: (layer) => layer === 'domain' || layer.startsWith('transport/'),
	sync: (layer) => ['domain', 'coordination'].includes(layer) || layer.startsWith('transport/'),
	n8n: (layer) =>
		['domain', 'coordination', 'sync'].includes(layer) || layer.startsWith('transport/'),
};
const PACKAGES: Record<string, RegExp> = {
	domain: /^(libphonenumber-js(\/.*)?|luxon|node:crypto)$/,
	credentials: /^n8n-workflow$/,
	'transport/redis': /^(@redis\/client|node:crypto)$/,
};
const DEFAULT_PACKAGES = /^(n8n-workflow|node:crypto)$/;

/** Every import of `relative` (with `source`) that goes against the direction. */
export function importViolations(relative: string, source: string): string[] {
	const from = layerOf(relative);
	return importsOf(source).flatMap((specifier) => {
		if (!specifier.startsWith('.')) {
			const packages = PACKAGES[from] ?? DEFAULT_PACKAGES;
			return packages.test(specifier) ? [] : [`${relative} imports the package ${specifier}`];
		}
		const target = path
			.relative(root, path.resolve(root, path.dirname(relative), specifier))
			.split(path.sep)
			.join('/');
		const to = layerOf(target);
		if (to === from) return [];
		if (from.startsWith('node:'))
			return to.startsWith('node:') ? [`${relative} imports another node's folder: ${target}`] : [];
		return ALLOWED[from]?.(to) ? [] : [`${relative} (${from}) imports ${target} (${to})`];
	});
}

const published = [
	...sourceFiles(path.join(root, 'nodes')),
	...sourceFiles(path.join(root, 'credentials')),
].map((file) => ({
	relative: path.relative(root, file).split(path.sep).join('/'),
	source: readFileSync(file, 'utf8'),
}));

describe('architecture', () => {
	it('has only the folders docs/architecture.md lists under nodes/shared', () => {
		expect(readdirSync(path.join(root, 'nodes/shared')).sort()).toEqual([
			'coordination',
			'domain',
			'n8n',
			'sync',
			'transport',
		]);
		expect(readdirSync(path.join(root, 'nodes/shared/transport')).sort()).toEqual([
			'redis',
			'timelinesai',
			'zoho',
		]);
		const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
		for (const folder of [
			'domain',
			'transport/zoho',
			'transport/timelinesai',
			'transport/redis',
			'coordination',
			'sync',
			'n8n',
		]) {
			expect(doc).toContain(`nodes/shared/${folder}/`);
		}
	});

	it('keeps every import of the published code in the documented direction', () => {
		expect(published.length).toBeGreaterThan(50);
		expect(published.flatMap(({ relative, source }) => importViolations(relative, source))).toEqual(
			[],
		);
	});

	it('fails an import against the direction, and a node folder importing another', () => {
		expect(
			importViolations(
				'nodes/shared/transport/zoho/x.ts',
				"import { a } from '../../sync/upsertDailyNote';",
			),
		).toHaveLength(1);
		expect(
			importViolations(
				'nodes/shared/domain/x.ts',
				"import type { IDataObject } from 'n8n-workflow';",
			),
		).toHaveLength(1);
		expect(
			importViolations(
				'nodes/shared/coordination/x.ts',
				"import { a } from '../n8n/zohoItemLoop';",
			),
		).toHaveLength(1);
		expect(
			importViolations(
				'nodes/shared/transport/timelinesai/x.ts',
				"import { a } from '../../../TimelinesAiLiveChat/chat/chatBackend';",
			),
		).toHaveLength(1);
		expect(
			importViolations(
				'nodes/ZohoCrmMatchOrCreate/x.ts',
				"import { a } from '../ZohoCrmUpsertDailyNote/y';",
			),
		).toHaveLength(1);
		expect(
			importViolations(
				'nodes/ZohoCrmMatchOrCreate/x.ts',
				"import { a } from '../shared/n8n/zohoItemLoop';",
			),
		).toEqual([]);
	});

	it('keeps API URLs and paths inside the transport folders', () => {
		const outside = published.filter(
			({ relative }) =>
				!relative.startsWith('nodes/shared/transport/') && !relative.startsWith('credentials/'),
		);
		const offending = outside.filter(({ source }) =>
			/https:\/\/(www\.)?zohoapis\.|app\.timelines\.ai\/integrations|\/crm\/v\d|files_upload|whatsapp_accounts|['"`]\/?(chats|messages)\/\$\{|['"`]\/?webhooks['"`/]|['"`]\/workspace/.test(
				source,
			),
		);
		expect(offending.map(({ relative }) => relative)).toEqual([]);
	});
});
