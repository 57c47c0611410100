/**
 * The sync log of the bundled workflows: one Data Table insert fed by every branch (written, skipped,
 * failed, dropped) through one Set node that shapes the row (one expression per message, not one per
 * column: each is an isolate round trip in n8n 2.40), its columns as the setup creates them, and what
 * n8n's expression makes of each kind of item (run by n8n-core over the harness's stand-ins).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INode } from 'n8n-workflow';

import { SYNC_LOG_COLUMNS, SYNC_LOG_TABLE } from '../../../scripts/lib/catchUpSetup';
import { standInDataTables } from '../../nodeHarness/dataTableStandIn';
import { assertSucceeded, TestN8n } from '../../nodeHarness/testN8n';

interface WorkflowFile {
	nodes: Array<INode & { parameters: IDataObject }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}
const read = (file: string) =>
	JSON.parse(
		readFileSync(path.resolve(__dirname, '../../../workflows', file), 'utf8'),
	) as WorkflowFile;
const sync = read('timelinesai-zoho-sync.json');
const syncLog = sync.nodes.find((node) => node.name === 'Sync Log') as INode;
const syncLogRow = sync.nodes.find((node) => node.name === 'Sync Log Row') as INode;
const sourcesOf = (workflow: WorkflowFile, target: string) =>
	Object.entries(workflow.connections).flatMap(([source, { main }]) =>
		main.flatMap((targets, output) =>
			targets.some((entry) => entry.node === target) ? [`${source}#${output}`] : [],
		),
	);

const message = (uid: string) => ({
	uid,
	chatId: 42,
	chatName: 'Ana Silva',
	contactPhone: '447700900123',
	timestamp: '2026-12-01T09:00:00.000Z',
});

/** The rows Sync Log Row → Sync Log write for these items. */
async function logged(items: IDataObject[]) {
	standInDataTables.delete(SYNC_LOG_TABLE);
	const n8n = new TestN8n();
	const workflow = n8n.workflow({
		nodes: [syncLogRow, syncLog],
		connections: {
			[syncLogRow.name]: { main: [[{ node: syncLog.name, type: 'main', index: 0 }]] },
		},
	});
	assertSucceeded(
		await n8n.execute(workflow, syncLogRow.name, [items.map((json) => ({ json }))], 'manual'),
	);
	return standInDataTables.get(SYNC_LOG_TABLE) ?? [];
}

it('one Data Table insert logs every branch: written, skipped, failed and (when wired) dropped', () => {
	const inserts = sync.nodes.filter(
		(node) => node.type === 'n8n-nodes-base.dataTable' && node.parameters.operation === 'insert',
	);
	expect(inserts.map((node) => node.name)).toEqual(['Sync Log']);
	expect(sourcesOf(sync, 'Sync Log')).toEqual(['Sync Log Row#0']);
	expect(sourcesOf(sync, 'Sync Log Row').sort()).toEqual([
		'Dropped (extend here)#0',
		'Failed (extend here)#0',
		'Skipped (extend here)#0',
		'Upsert Daily Note#0',
	]);
	const backfill = read('timelinesai-zoho-backfill.json');
	expect(sourcesOf(backfill, 'Sync Log')).toEqual(['Sync Log Row#0']);
	expect(sourcesOf(backfill, 'Sync Log Row').sort()).toEqual([
		'Failed (extend here)#0',
		'Skipped (extend here)#0',
		'Upsert Daily Note#0',
	]);
});

it('the insert maps the row as it comes: no expression per column', () => {
	const columns = syncLog.parameters.columns as { mappingMode: string; value: IDataObject };
	expect(columns.mappingMode).toBe('autoMapInputData');
	expect(columns.value).toEqual({});
	expect(JSON.stringify(syncLog.parameters)).not.toContain('{{');
	expect(syncLogRow.parameters).toMatchObject({ mode: 'raw', options: {} });
	expect(String(syncLogRow.parameters.jsonOutput).match(/\{\{/g)).toHaveLength(1);
});

it('writes exactly the columns the setup creates, with their types', async () => {
	const columns = syncLog.parameters.columns as {
		value: IDataObject;
		schema: Array<{ id: string; type: string }>;
	};
	const expected = SYNC_LOG_COLUMNS.map(({ name }) => name).sort();
	const [row] = await logged([{ message: message('u-cols'), sync: { outcome: 'matched' } }]);
	expect(
		Object.keys(row)
			.filter((key) => key !== 'id')
			.sort(),
	).toEqual(expected);
	expect(columns.schema.map(({ id, type }) => ({ name: id, type }))).toEqual(
		expect.arrayContaining(SYNC_LOG_COLUMNS.map((column) => ({ ...column }))),
	);
	expect(columns.schema).toHaveLength(SYNC_LOG_COLUMNS.length);
});

describe("the Sync Log Row's expression, evaluated by n8n", () => {
	it('a converted message: its outcome, the Contact, the note; live', async () => {
		const [row] = await logged([
			{
				message: message('u-conv'),
				raw: { event_type: 'message:new' },
				zoho: { module: 'Contacts', id: 'c-1', e164: '+447700900123' },
				sync: {
					outcome: 'converted',
					reason: 'Matched by the phone field of the converted-records module',
					module: 'Contacts',
					recordId: 'c-1',
					noteId: 'n-1',
				},
			},
		]);
		expect(row).toMatchObject({
			uid: 'u-conv',
			chat_id: 42,
			outcome: 'converted',
			record_id: 'c-1',
			note_id: 'n-1',
			phone: '+447700900123',
			contact_name: 'Ana Silva',
			module: 'Contacts',
			reason: 'Matched by the phone field of the converted-records module',
			message_at: '2026-12-01T09:00:00.000Z',
			source: 'live',
			settled_uid: 'u-conv', // Not in Sync Log skips it
		});
	});

	it('a failed item (the Error output merges the input back): failed with error — details, whatever sync said before', async () => {
		const [row] = await logged([
			{
				message: message('u-fail'),
				raw: { source: 'catch-up' },
				sync: { outcome: 'matched', module: 'Leads', recordId: 'l-1' },
				error: 'Zoho refused the note',
				details: 'Check the Notes module permissions',
			},
		]);
		expect(row).toMatchObject({
			uid: 'u-fail',
			outcome: 'failed',
			reason: 'Zoho refused the note — Check the Notes module permissions',
			phone: '447700900123',
			source: 'catch-up',
			note_id: '',
			settled_uid: '', // Not in Sync Log lets it through: the catch-up brings it back
		});
	});

	it('a dropped delivery and a backfilled skip keep their outcome and reason', async () => {
		const rows = await logged([
			{ message: message('u-drop'), sync: { outcome: 'dropped', reason: 'group chat' } },
			{
				message: message('u-skip'),
				raw: { source: 'backfill' },
				sync: { outcome: 'skipped', reason: 'No record found', module: null, recordId: null },
			},
		]);
		expect(
			rows.map(({ uid, outcome, reason, source, record_id }) => ({
				uid,
				outcome,
				reason,
				source,
				record_id,
			})),
		).toEqual([
			{ uid: 'u-drop', outcome: 'dropped', reason: 'group chat', source: 'live', record_id: '' },
			{
				uid: 'u-skip',
				outcome: 'skipped',
				reason: 'No record found',
				source: 'backfill',
				record_id: '',
			},
		]);
	});
});
