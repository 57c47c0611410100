/**
 * The bundled history backfill workflow (workflows/timelinesai-zoho-backfill.json) run by the test n8n
 * (n8n-core's WorkflowExecute over the workflow's own connections, Next Batch looping back into the
 * backfill node) against the sandbox, on a history seeded without webhook deliveries: 10 chats over 3 days,
 * 150 messages, 4 of the 10 numbers already leads in Zoho (one converted to a Contact), 3 files. The dry
 * run's credit estimate is checked against the credits the sandbox counts for the real run; a second run
 * writes nothing, also when the sync log lost its rows (the note merges by uid); a run stopped by its
 * budget and run again leaves every message in its note once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DateTime } from 'luxon';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
} from 'n8n-workflow';

import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { TimelinesAiBackfill } from '../../../nodes/TimelinesAiBackfill/TimelinesAiBackfill.node';
import { packType, PackNodeTypes } from '../../nodeHarness/packNodeTypes';
import { standInDataTables } from '../../nodeHarness/dataTableStandIn';
import { assertSucceeded, TestN8n } from '../../nodeHarness/testN8n';
import { connectZohoCredential } from './harness/connectZohoCredential';
import { messageLines, occurrences } from './harness/pipelineFixture';
import { SandboxApi } from './harness/sandboxApi';

class ManualTriggerStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

const BACKFILL = 'TimelinesAI History Backfill';
const WORKFLOW = JSON.parse(
	readFileSync(
		path.resolve(__dirname, '../../../workflows/timelinesai-zoho-backfill.json'),
		'utf8',
	),
) as { nodes: INode[]; connections: IDataObject };
const TIME_ZONE = 'Europe/Berlin';

let sandbox: RunningSandbox;
let api: SandboxApi;
let zohoCredential: ICredentialDataDecryptedObject;
const n8n = new TestN8n({
	nodeTypes: new PackNodeTypes({
		[packType(new TimelinesAiBackfill())]: new TimelinesAiBackfill(),
		'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
	}),
});

interface Seeded {
	start: string;
	end: string;
	messages: Array<{ uid: string; phone: string; text: string }>;
}

/** `chats` contacts, each writing on `days` days before today; the first `existing` already leads. */
async function seedHistory(
	prefix: string,
	daysAgo: number,
	options: {
		chats: number;
		days: number;
		perDay: number;
		existing: number;
		/** This chat's lead (one of the existing) was converted to a Contact. */
		convertedChat?: number;
		/** How many files a message carries (default none). */
		attachments?: (chat: number, day: number, line: number) => number;
	},
): Promise<Seeded> {
	const first = DateTime.now().setZone(TIME_ZONE).startOf('day').minus({ days: daysAgo });
	const messages: Seeded['messages'] = [];
	for (let chat = 0; chat < options.chats; chat++) {
		const phone = `${prefix}${String(chat).padStart(3, '0')}`;
		if (chat < options.existing) {
			const lead = await api.createRecord('Leads', { Last_Name: `Known ${chat}`, Mobile: phone });
			if (chat === options.convertedChat)
				convertedTo.set(phone, (await api.convertLead(lead.id)).Contacts.id);
		}
		for (let day = 0; day < options.days; day++)
			for (let n = 0; n < options.perDay; n++) {
				const text = `history ${prefix} chat ${chat} day ${day} line ${n}`;
				const sent = await api.simulateMessage({
					phone,
					name: `Contact ${prefix} ${chat}`,
					text,
					direction: n % 3 === 2 ? 'sent' : 'received',
					timestamp:
						first
							.plus({ days: day, hours: 9 + n })
							.toUTC()
							.toISO() ?? '',
					attachments: Array.from({ length: options.attachments?.(chat, day, n) ?? 0 }, (_, i) => ({
						filename: `file-${chat}-${day}-${n}-${i}.pdf`,
						mimetype: 'application/pdf',
						size: 1024,
					})),
					deliver: false,
				});
				messages.push({ uid: sent.message_uid, phone, text });
			}
	}
	return {
		start: first.toUTC().toISO() ?? '',
		end: first.plus({ days: options.days }).toUTC().toISO() ?? '',
		messages,
	};
}

function workflow(zohoCredentialId: string, backfill: IDataObject) {
	n8n.credentials.set(zohoCredentialId, zohoCredential);
	const nodes = WORKFLOW.nodes.map((node): INode => {
		const types = n8n.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description
			.credentials;
		const credentials = Object.fromEntries(
			(types ?? []).map(({ name }) => {
				const id = name === 'timelinesAiApi' ? 'timelines' : zohoCredentialId;
				return [name, { id, name: `${name} ${id}` }];
			}),
		);
		const parameters =
			node.name === BACKFILL ? { ...node.parameters, ...backfill } : node.parameters;
		return { ...node, parameters, credentials } as INode;
	});
	return n8n.workflow({ nodes, connections: WORKFLOW.connections as never });
}

function outputsOf(run: IRun, node: string, output = 0): INodeExecutionData[] {
	return (run.data.resultData.runData[node] ?? []).flatMap(
		(task) => task.data?.main?.[output] ?? [],
	);
}

async function runBackfill(zohoCredentialId: string, backfill: IDataObject) {
	const before = await api.creditsUsed();
	const run = assertSucceeded(
		await n8n.execute(
			workflow(zohoCredentialId, backfill),
			'Start Backfill',
			[[{ json: {} }]],
			'manual',
		),
	);
	const [report] = outputsOf(run, 'Backfill Report');
	return {
		run,
		report: report?.json as IDataObject,
		credits: (await api.creditsUsed()) - before,
		batches: run.data.resultData.runData[BACKFILL]?.length ?? 0,
	};
}

/** Numbers whose lead was converted: the Contact the notes go to. */
const convertedTo = new Map<string, string>();

async function noteTextOf(phone: string): Promise<string> {
	const contact = convertedTo.get(phone);
	const [lead] = contact ? [] : await api.recordsWhere('Leads', 'Mobile', phone);
	const [module, id] = contact ? ['Contacts', contact] : ['Leads', lead?.id];
	if (!id) return '';
	return (await api.notesOf(module, id)).map((note) => note.Note_Content).join('\n');
}

async function expectEveryMessageOnce(seeded: Seeded) {
	const phones = [...new Set(seeded.messages.map((m) => m.phone))];
	const texts = new Map(
		await Promise.all(phones.map(async (p) => [p, await noteTextOf(p)] as const)),
	);
	const lines = [...texts.values()].reduce((sum, text) => sum + messageLines(text), 0);
	expect(lines).toBe(seeded.messages.length);
	for (const message of seeded.messages)
		expect(occurrences(texts.get(message.phone) ?? '', `⟦m:${message.uid} `)).toBe(1);
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, zoho: { timeZone: TIME_ZONE } });
	api = new SandboxApi(sandbox.url);
	zohoCredential = await connectZohoCredential(sandbox.url);
	n8n.credentials.set('timelines', {
		apiToken: sandbox.timelines.token,
		baseUrl: sandbox.timelines.apiBase,
	});
}, 60_000);

afterAll(async () => {
	await sandbox?.close();
});

beforeEach(() => standInDataTables.clear());

it('estimates the run (at most, within 10 % with notes charged one by one) in a dry run that writes nothing; the run writes every message once; a second run writes nothing, with or without the sync log', async () => {
	// Files on three messages of two chats (one a number already in Zoho); a history message has one file.
	const seeded = await seedHistory('+4915112340', 5, {
		chats: 10,
		days: 3,
		perDay: 5,
		existing: 4,
		convertedChat: 3,
		attachments: (chat, day, line) =>
			line === 1 && ((chat === 2 && day === 0) || (chat === 7 && day < 2)) ? 1 : 0,
	});
	const window = { startDate: seeded.start, endDate: seeded.end, options: { chatsPerBatch: 4 } };

	const dry = await runBackfill('zoho-dry', { ...window, mode: 'dryRun' });
	expect(dry.report).toMatchObject({
		mode: 'dry run',
		chats: 10,
		messages: 150,
		numbers: 10,
		recordsToCreate: 6,
		recordDays: 30,
		attachments: 3,
		finished: true,
	});
	expect(dry.batches).toBe(3);
	expect(outputsOf(dry.run, 'Resolve Owner')).toHaveLength(0);
	expect(dry.credits).toBe(dry.report.lookUpCredits);
	expect(await noteTextOf(seeded.messages[0].phone)).toBe('');

	const real = await runBackfill('zoho-run', { ...window, mode: 'run' });
	expect(real.report).toMatchObject({ mode: 'run', messages: 150, finished: true });
	// Batch by batch: each batch's messages are written before the next batch is read (n8n's v1 order runs
	// the Messages branch, placed above, before Next Batch loops back).
	const starts = (name: string) =>
		(real.run.data.resultData.runData[name] ?? []).map((task) => task.startTime);
	const [reads, noteWrites] = [starts(BACKFILL), starts('Upsert Daily Note')];
	expect(reads).toHaveLength(3);
	// (Upsert Daily Note runs once per branch that brings items: Matched and Created.)
	for (const [batch, read] of reads.entries()) {
		const nextRead = reads[batch + 1] ?? Number.POSITIVE_INFINITY;
		expect(noteWrites.some((written) => written >= read && written <= nextRead)).toBe(true);
	}
	// The estimate is what the run costs at most: notes charged one by one (the sandbox's 'perNote'
	// reading), within 10 %. Charged like records (1 per 10 notes of a bulk write), the run costs less.
	const estimate = dry.report.estimatedCredits as number;
	expect(real.credits).toBeLessThanOrEqual(estimate);
	if (sandbox.zoho.behaviour().noteWriteMetering === 'perNote')
		expect(estimate - real.credits).toBeLessThanOrEqual(real.credits * 0.1);
	else expect(real.credits).toBeLessThanOrEqual(estimate * 0.8);
	await expectEveryMessageOnce(seeded);

	const again = await runBackfill('zoho-run', { ...window, mode: 'run' });
	expect(again.report).toMatchObject({ messages: 150, finished: true });
	expect(outputsOf(again.run, 'Resolve Owner')).toHaveLength(0);
	expect(again.credits).toBe(0);
	await expectEveryMessageOnce(seeded);

	// The sync log lost (a table cleared, rows never written): the notes' merge by uid still writes nothing.
	standInDataTables.clear();
	const writes = () => {
		const { byCall } = sandbox.zoho.credits();
		return (
			(byCall['POST record notes'] ?? 0) + (byCall['PUT note'] ?? 0) + (byCall['POST records'] ?? 0)
		);
	};
	const writesBefore = writes();
	const unlogged = await runBackfill('zoho-run', { ...window, mode: 'run' });
	expect(outputsOf(unlogged.run, 'Resolve Owner')).toHaveLength(150);
	expect(writes()).toBe(writesBefore);
	await expectEveryMessageOnce(seeded);
}, 180_000);

it('stops a run before the chat that would pass the credit budget and reports where to resume; run again, every message is in its note once', async () => {
	const seeded = await seedHistory('+4915112350', 12, {
		chats: 6,
		days: 2,
		perDay: 4,
		existing: 2,
	});
	const window = { startDate: seeded.start, endDate: seeded.end, options: { chatsPerBatch: 2 } };
	const dry = await runBackfill('zoho-budget-dry', { ...window, mode: 'dryRun' });
	expect(dry.report).toMatchObject({ chats: 6, messages: 48, recordsToCreate: 4, finished: true });
	const budget = Math.floor((dry.report.estimatedCredits as number) / 2);

	const stopped = await runBackfill('zoho-budget', {
		...window,
		mode: 'run',
		creditBudget: budget,
	});
	expect(stopped.report).toMatchObject({ mode: 'run', finished: false });
	expect(stopped.report.estimatedCredits).toBeLessThanOrEqual(budget);
	expect(stopped.credits).toBeLessThanOrEqual(budget);
	const resumeAfter = stopped.report.resumeAfterChatId as number;
	const written = outputsOf(stopped.run, 'Resolve Owner');
	expect(written.length).toBeGreaterThan(0);
	expect(written.length).toBeLessThan(48);
	// Everything up to the resume point went on, nothing after it.
	for (const item of written)
		expect((item.json.message as IDataObject).chatId as number).toBeLessThanOrEqual(resumeAfter);

	// Run again from the start, without the budget: the sync log drops what the first run wrote.
	const resumed = await runBackfill('zoho-budget', { ...window, mode: 'run' });
	expect(resumed.report).toMatchObject({ messages: 48, finished: true });
	expect(outputsOf(resumed.run, 'Resolve Owner')).toHaveLength(48 - written.length);
	await expectEveryMessageOnce(seeded);
}, 180_000);
