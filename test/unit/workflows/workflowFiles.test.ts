/**
 * The shipped workflows must import cleanly and match the pack's own node descriptions: a parameter the
 * node does not declare would be silently dropped by n8n, so the workflow would not do what it shows.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodeType } from 'n8n-workflow';

import { TimelinesAi } from '../../../nodes/TimelinesAi/TimelinesAi.node';
import { TimelinesAiBackfill } from '../../../nodes/TimelinesAiBackfill/TimelinesAiBackfill.node';
import { TimelinesAiCatchUpTrigger } from '../../../nodes/TimelinesAiCatchUpTrigger/TimelinesAiCatchUpTrigger.node';
import { TimelinesAiLiveChat } from '../../../nodes/TimelinesAiLiveChat/TimelinesAiLiveChat.node';
import { TimelinesAiTrigger } from '../../../nodes/TimelinesAiTrigger/TimelinesAiTrigger.node';
import { ZohoCrmCleanPhoneNumbers } from '../../../nodes/ZohoCrmCleanPhoneNumbers/ZohoCrmCleanPhoneNumbers.node';
import { ZohoCrmOwnerFollowsChat } from '../../../nodes/ZohoCrmOwnerFollowsChat/ZohoCrmOwnerFollowsChat.node';
import { ZohoCrmMatchOrCreate } from '../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { ZohoCrmResolveOwner } from '../../../nodes/ZohoCrmResolveOwner/ZohoCrmResolveOwner.node';
import { ZohoCrmUpsertDailyNote } from '../../../nodes/ZohoCrmUpsertDailyNote/ZohoCrmUpsertDailyNote.node';
import { outputNamesOf } from './nodeOutputs';

const PACKAGE = 'n8n-nodes-timelinesai-zoho';
// A uid in settled_uid (logged with any outcome but failed) is in the sync log; a failed one comes back.
// n8n's Row Not Exists compares for equality only (its Condition field is hidden for that operation).
const NOT_LOGGED_UNLESS_FAILED = [{ keyName: 'settled_uid', keyValue: '={{ $json.message.uid }}' }];
const STOCK_NODES = new Set([
	'n8n-nodes-base.stickyNote',
	'n8n-nodes-base.noOp',
	'n8n-nodes-base.dataTable',
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.set',
]);
const packNodes: INodeType[] = [
	new TimelinesAiTrigger(),
	new TimelinesAiCatchUpTrigger(),
	new TimelinesAiBackfill(),
	new TimelinesAi(),
	new ZohoCrmResolveOwner(),
	new ZohoCrmMatchOrCreate(),
	new ZohoCrmUpsertDailyNote(),
	new TimelinesAiLiveChat(),
	new ZohoCrmCleanPhoneNumbers(),
	new ZohoCrmOwnerFollowsChat(),
];
const byType = new Map(packNodes.map((node) => [`${PACKAGE}.${node.description.name}`, node]));

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	webhookId?: string;
}
interface Workflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
}

const workflowDir = path.resolve(__dirname, '../../../workflows');
const workflowFiles = readdirSync(workflowDir).filter((file) => file.endsWith('.json'));

function unknownParameters(
	values: Record<string, unknown>,
	properties: INodeProperties[],
	prefix = '',
): string[] {
	const problems: string[] = [];
	for (const [name, value] of Object.entries(values)) {
		const property = properties.find((candidate) => candidate.name === name);
		if (!property) {
			problems.push(`${prefix}${name} is not a parameter`);
			continue;
		}
		const isExpression = typeof value === 'string' && value.startsWith('=');
		if (property.type === 'options' && !isExpression && !property.typeOptions?.loadOptionsMethod) {
			const allowed = (property.options ?? []).map(
				(option) => (option as { value: unknown }).value,
			);
			if (!allowed.includes(value))
				problems.push(`${prefix}${name}=${String(value)} is not one of ${allowed.join(', ')}`);
		}
		if (property.type === 'collection' && typeof value === 'object' && value !== null) {
			problems.push(
				...unknownParameters(
					value as Record<string, unknown>,
					(property.options ?? []) as INodeProperties[],
					`${prefix}${name}.`,
				),
			);
		}
		if (property.type === 'fixedCollection' && typeof value === 'object' && value !== null) {
			for (const [groupName, entries] of Object.entries(value as Record<string, unknown>)) {
				const group = (property.options ?? []).find((option) => option.name === groupName) as
					| INodePropertyCollection
					| undefined;
				if (!group) {
					problems.push(`${prefix}${name}.${groupName} is not a group`);
					continue;
				}
				for (const entry of Array.isArray(entries) ? entries : [entries]) {
					problems.push(
						...unknownParameters(
							entry as Record<string, unknown>,
							group.values,
							`${prefix}${name}.${groupName}.`,
						),
					);
				}
			}
		}
	}
	return problems;
}

it('ships the sync, the history backfill and the live-chat workflows', () => {
	expect(workflowFiles.sort()).toEqual([
		'timelinesai-zoho-backfill.json',
		'timelinesai-zoho-live-chat.json',
		'timelinesai-zoho-owner-follows-chat.json',
		'timelinesai-zoho-sync.json',
		'zoho-legacy-numbers.json',
	]);
});

describe.each(workflowFiles)('%s', (file) => {
	const raw = readFileSync(path.join(workflowDir, file), 'utf8');
	const workflow = JSON.parse(raw) as Workflow;

	it("uses only the pack's nodes (and sticky notes / no-ops), each with parameters its description declares", () => {
		for (const node of workflow.nodes) {
			if (STOCK_NODES.has(node.type)) continue;
			const nodeType = byType.get(node.type);
			expect(nodeType).toBeDefined();
			const { version, defaultVersion } = nodeType?.description ?? {};
			expect(node.typeVersion).toBe(defaultVersion ?? version); // the version a user dropping the node in today gets
			// n8n adds Poll Times to every polling node's description when it loads it.
			const { pollTimes, ...parameters } = node.parameters;
			if (!nodeType?.description.polling) expect(pollTimes).toBeUndefined();
			expect(
				unknownParameters(parameters, nodeType?.description.properties ?? [], `${node.name}: `),
			).toEqual([]);
		}
	});

	it('connects only existing nodes through outputs they have', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [source, { main }] of Object.entries(workflow.connections)) {
			expect(names.has(source)).toBe(true);
			const sourceNode = workflow.nodes.find((node) => node.name === source);
			const sourceType = byType.get(sourceNode?.type ?? '');
			// "Continue (using error output)" gives the node one more output, Error, after its own.
			const errorOutput = (sourceNode as { onError?: string })?.onError === 'continueErrorOutput';
			const outputCount =
				(sourceType && sourceNode ? outputNamesOf(sourceType, sourceNode).length : 1) +
				(errorOutput ? 1 : 0);
			expect(main.length).toBeLessThanOrEqual(outputCount);
			for (const target of main.flat()) expect(names.has(target.node)).toBe(true);
		}
	});

	it('carries no credentials or secrets, so users pick their own', () => {
		for (const node of workflow.nodes) expect(node.credentials).toBeUndefined();
		expect(raw).not.toMatch(/"(linkSecret|apiToken|clientSecret|accessToken)":\s*"[^"]+"/);
	});

	it('gives every webhook node a stable webhook id', () => {
		for (const node of workflow.nodes) {
			const nodeType = byType.get(node.type);
			if (nodeType?.description.webhooks?.length) expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		}
	});
});

it('wires the sync pipeline as the seed does: trigger → owner → match or create → daily note', () => {
	const workflow = JSON.parse(
		readFileSync(path.join(workflowDir, 'timelinesai-zoho-sync.json'), 'utf8'),
	) as Workflow;
	const typeOf = (name: string) =>
		workflow.nodes.find((node) => node.name === name)?.type.replace(`${PACKAGE}.`, '');
	const next = (name: string, output = 0) =>
		workflow.connections[name]?.main[output]?.map((target) => typeOf(target.node));
	const trigger = workflow.nodes.find(
		(node) => node.type === `${PACKAGE}.timelinesAiTrigger`,
	) as WorkflowNode;
	expect(next(trigger.name)).toEqual(['zohoCrmResolveOwner']);
	const owner = workflow.nodes.find(
		(node) => node.type === `${PACKAGE}.zohoCrmResolveOwner`,
	) as WorkflowNode;
	expect(next(owner.name)).toEqual(['zohoCrmMatchOrCreate']);
	const match = workflow.nodes.find(
		(node) => node.type === `${PACKAGE}.zohoCrmMatchOrCreate`,
	) as WorkflowNode;
	expect(next(match.name, 0)).toEqual(['zohoCrmUpsertDailyNote']);
	// Created: the note, and the example action ops can delete; Converted: the note (the record it became).
	expect(next(match.name, 1)).toEqual(['zohoCrmUpsertDailyNote', 'n8n-nodes-base.noOp']);
	expect(next(match.name, 2)).toEqual(['zohoCrmUpsertDailyNote']);
	expect(match.parameters).toMatchObject({
		module: 'Leads',
		phoneField: 'Mobile',
		convertedModule: 'Contacts',
		convertedPhoneField: 'Phone',
		whenConverted: 'continue',
		leadSourceValue: 'TimelinesAI',
	});
});

it('catches up through the sync log: catch-up → not in the log → the same pipeline; written messages are logged', () => {
	const workflow = JSON.parse(
		readFileSync(path.join(workflowDir, 'timelinesai-zoho-sync.json'), 'utf8'),
	) as Workflow;
	const node = (name: string) => workflow.nodes.find((candidate) => candidate.name === name);
	const next = (name: string, output = 0) =>
		(workflow.connections[name]?.main[output] ?? []).map((target) => node(target.node));
	const catchUp = workflow.nodes.find(
		(candidate) => candidate.type === `${PACKAGE}.timelinesAiCatchUpTrigger`,
	) as WorkflowNode;
	expect(catchUp).toBeDefined();
	expect((catchUp as { disabled?: boolean }).disabled).not.toBe(true);
	const [filter] = next(catchUp.name);
	expect(filter?.type).toBe('n8n-nodes-base.dataTable');
	expect(filter?.parameters).toMatchObject({
		operation: 'rowNotExists',
		filters: { conditions: NOT_LOGGED_UNLESS_FAILED },
	});
	// The same first Zoho node as the webhook trigger's: same nodes, same locks.
	const trigger = workflow.nodes.find(
		(candidate) => candidate.type === `${PACKAGE}.timelinesAiTrigger`,
	) as WorkflowNode;
	expect(next(filter?.name ?? '').map((target) => target?.name)).toEqual(
		next(trigger.name).map((target) => target?.name),
	);
	const upsert = workflow.nodes.find(
		(candidate) => candidate.type === `${PACKAGE}.zohoCrmUpsertDailyNote`,
	) as WorkflowNode;
	const [row] = next(upsert.name).filter((target) => target?.type === 'n8n-nodes-base.set');
	expect(String(row?.parameters.jsonOutput)).toContain('uid: $json.message.uid,');
	const logs = next(row?.name ?? '');
	expect(logs).toHaveLength(1);
	expect(logs[0]?.parameters).toMatchObject({
		operation: 'insert',
		dataTableId: filter?.parameters.dataTableId,
		columns: { mappingMode: 'autoMapInputData' },
	});
});

it('keeps the sync log bounded: every night, rows older than 90 days of the same table are deleted', () => {
	const workflow = JSON.parse(
		readFileSync(path.join(workflowDir, 'timelinesai-zoho-sync.json'), 'utf8'),
	) as Workflow;
	const node = (name: string) => workflow.nodes.find((candidate) => candidate.name === name);
	const schedule = workflow.nodes.find(
		(candidate) => candidate.type === 'n8n-nodes-base.scheduleTrigger',
	) as WorkflowNode;
	expect(schedule?.parameters).toEqual({ rule: { interval: [{ triggerAtHour: 3 }] } });
	const [target] = workflow.connections[schedule.name]?.main[0] ?? [];
	const prune = node(target?.node ?? '');
	const log = node('Sync Log');
	expect(prune?.type).toBe('n8n-nodes-base.dataTable');
	expect(prune?.parameters).toEqual({
		resource: 'row',
		operation: 'deleteRows',
		dataTableId: log?.parameters.dataTableId,
		matchType: 'allConditions',
		filters: {
			conditions: [
				{
					keyName: 'createdAt',
					condition: 'lt',
					keyValue: '={{ $now.minus({ days: 90 }).toISO() }}',
				},
			],
		},
	});
});

it("sends every Zoho node's failed items to a visible Failed branch (Continue using error output)", () => {
	const workflow = JSON.parse(
		readFileSync(path.join(workflowDir, 'timelinesai-zoho-sync.json'), 'utf8'),
	) as Workflow;
	const zohoNodes = workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE}.zohoCrm`));
	expect(zohoNodes.map((node) => node.name).sort()).toEqual([
		'Match or Create Record',
		'Resolve Owner',
		'Upsert Daily Note',
	]);
	for (const node of zohoNodes) {
		expect((node as { onError?: string }).onError).toBe('continueErrorOutput');
		const nodeType = byType.get(node.type);
		const outputs = nodeType ? outputNamesOf(nodeType, node).length : 0;
		// The Error output is the one after the node's own outputs.
		const failed = workflow.connections[node.name]?.main[outputs] ?? [];
		expect(failed.map((target) => target.node)).toEqual(['Failed (extend here)']);
	}
	const sink = workflow.nodes.find((node) => node.name === 'Failed (extend here)');
	expect(sink?.type).toBe('n8n-nodes-base.noOp');
});

it('backfills through the sync pipeline: messages → not in the sync log → the sync nodes as configured in the sync workflow; Next Batch loops back; the report ends', () => {
	const read = (file: string) =>
		JSON.parse(readFileSync(path.join(workflowDir, file), 'utf8')) as Workflow;
	const backfill = read('timelinesai-zoho-backfill.json');
	const sync = read('timelinesai-zoho-sync.json');
	const node = (name: string) => backfill.nodes.find((candidate) => candidate.name === name);
	const next = (name: string, output = 0) =>
		(backfill.connections[name]?.main[output] ?? []).map((target) => target.node);
	const start = backfill.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	const [reader] = next(start?.name ?? '');
	expect(node(reader)?.type).toBe(`${PACKAGE}.timelinesAiBackfill`);
	expect(node(reader)?.parameters.mode).toBe('dryRun'); // a first click only reports
	// Next Batch comes back into the backfill node; the report goes nowhere else.
	const [loop] = next(reader, 1);
	expect(next(loop)).toEqual([reader]);
	expect(next(reader, 2).map((name) => node(name)?.type)).toEqual(['n8n-nodes-base.noOp']);
	// Messages: the sync log filter, then the same nodes with the same settings as the sync workflow.
	const [filter] = next(reader, 0);
	expect(node(filter)?.parameters).toMatchObject({
		operation: 'rowNotExists',
		filters: { conditions: NOT_LOGGED_UNLESS_FAILED },
	});
	for (const name of [
		'Not in Sync Log',
		'Resolve Owner',
		'Match or Create Record',
		'Upsert Daily Note',
		'Sync Log Row',
		'Sync Log',
	]) {
		const mine = node(name);
		const theirs = sync.nodes.find((candidate) => candidate.name === name);
		expect({
			name,
			type: mine?.type,
			typeVersion: mine?.typeVersion,
			parameters: mine?.parameters,
		}).toEqual({
			name,
			type: theirs?.type,
			typeVersion: theirs?.typeVersion,
			parameters: theirs?.parameters,
		});
		if (!['Not in Sync Log', 'Sync Log Row', 'Sync Log'].includes(name))
			expect(backfill.connections[name]).toEqual(sync.connections[name]);
	}
	expect(next(filter)).toEqual(['Resolve Owner']);
});
