/**
 * The sync log (issue 18, items 1 and 2) in real n8n 2.40.x through the bundled sync workflow, with the
 * trigger's Output Dropped Deliveries turned on as its sticky note says: a converted lead's message leaves
 * Match or Create on Converted and lands on the Contact; a created lead passes the example action; a
 * message Zoho refuses is logged as failed and the catch-up brings it back; a group chat is logged as
 * dropped with its reason. Then the Data Table is asked, through n8n's REST API (what the Data tables UI
 * calls), "what happened to the message from +44…?" and "what failed today?". Requires `npm run build`.
 * About three minutes (one catch-up poll).
 */
import { DateTime } from 'luxon';

import {
	syncLogReader,
	withDroppedDeliveriesLogged,
	type SyncLogReader,
} from '../../scripts/lib/catchUpSetup';
import type { N8nWorkflow } from '../../scripts/lib/n8nRest';
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../sandbox';
import { nodeOutputs, runManuallyToEnd } from './harness/executionRunData';
import { editSyncWorkflow, leadWithNote } from './harness/syncWorkflow';
import { untilSearchable } from './harness/searchable';
import { waitFor } from './harness/waitFor';

interface LogRow {
	uid: string;
	outcome: string;
	phone: string;
	contact_name: string;
	module: string;
	record_id: string;
	note_id: string;
	reason: string;
	source: string;
	message_at: string;
	createdAt: string;
}

let stack: PipelineStack;
/** The sync log's rows matching all filters, as the Data tables UI asks n8n for them. */
let logRows: SyncLogReader<LogRow>;

beforeAll(async () => {
	stack = await PipelineStack.start({ catchUp: { everyMinutes: 1, minAgeSeconds: 5 } });
	await editSyncWorkflow(stack, (workflow) => {
		const edited = withDroppedDeliveriesLogged(workflow as N8nWorkflow & { connections: unknown });
		Object.assign(workflow, { nodes: edited.nodes, connections: edited.connections });
	});
	logRows = await syncLogReader<LogRow>(stack.rest);
}, 180_000);

afterAll(async () => {
	await stack?.stop();
});

const byUid = (uid: string) => logRows({ columnName: 'uid', condition: 'eq', value: uid });

async function executionOf(uid: string): Promise<string> {
	return await waitFor(`the execution of ${uid}`, async () => {
		for (const execution of await stack.rest.executions(stack.pipeline.sync.id)) {
			if (execution.status !== 'success') continue;
			const [messages] = await nodeOutputs(stack.rest, execution.id, 'TimelinesAI Trigger');
			if ((messages ?? []).some((item) => (item.json.message as { uid?: string }).uid === uid))
				return execution.id;
		}
		return undefined;
	});
}

const PHONE_CREATED = '+447700900910';
const PHONE_CONVERTED = '+447700900911';
const PHONE_FAILED = '+447700900912';
let failedUid = '';

it('a created lead passes the example action (Notify Owner) and is logged as created', async () => {
	const first = await stack.client.simulateMessage({
		phone: PHONE_CREATED,
		name: 'Nora New',
		text: 'new lead here',
	});
	const { lead } = await leadWithNote(stack, PHONE_CREATED, 'new lead here', 15_000);
	const execution = await executionOf(first.message_uid);
	const [notified] = await nodeOutputs(stack.rest, execution, 'Notify Owner (example, delete me)');
	expect(notified.map((item) => (item.json.zoho as { id: string }).id)).toEqual([lead.id]);
	const rows = await waitFor('the created row', async () => {
		const found = await byUid(first.message_uid);
		return found.length ? found : undefined;
	});
	expect(rows).toEqual([
		expect.objectContaining({ outcome: 'created', record_id: lead.id, module: 'Leads' }),
	]);
}, 60_000);

it("a converted lead's message leaves Match or Create on Converted and lands on the Contact", async () => {
	// A lead someone entered in Zoho and converted there (this n8n has never matched it).
	const made = await fetch(`${stack.sandbox.url}/crm/v8/Leads`, {
		method: 'POST',
		headers: {
			authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({
			data: [{ Last_Name: 'Verted', First_Name: 'Cora', Mobile: PHONE_CONVERTED }],
		}),
	});
	expect(made.status).toBe(201);
	const leadId = ((await made.json()) as { data: Array<{ details: { id: string } }> }).data[0]
		.details.id;
	await untilSearchable(stack.sandbox.url, 'Leads', 'Mobile', PHONE_CONVERTED);
	const conversion = await fetch(`${stack.sandbox.url}/__control/zoho/Leads/${leadId}/convert`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
	});
	expect(conversion.status).toBe(200);
	const converted = ((await conversion.json()) as { Contacts: { id: string } | string }).Contacts;
	const contactId = typeof converted === 'string' ? converted : converted.id;
	const message = await stack.client.simulateMessage({
		phone: PHONE_CONVERTED,
		name: 'Cora Verted',
		text: 'after conversion',
	});
	await waitFor('the note on the Contact', async () =>
		(await stack.client.notesOf('Contacts', contactId)).some((note) =>
			note.Note_Content.includes('after conversion'),
		),
	);
	const execution = await executionOf(message.message_uid);
	const outputs = await nodeOutputs(stack.rest, execution, 'Match or Create Record');
	// Matched, Created, Converted, Skipped, and n8n's Error output
	expect(outputs.map((items) => items.length)).toEqual([0, 0, 1, 0, 0]);
	const [row] = await waitFor('the converted row', async () => {
		const rows = await byUid(message.message_uid);
		return rows.length ? rows : undefined;
	});
	expect(row).toMatchObject({
		outcome: 'converted',
		module: 'Contacts',
		record_id: contactId,
		phone: PHONE_CONVERTED,
		contact_name: 'Cora Verted',
		source: 'live',
	});
	expect(row.note_id).not.toBe('');
}, 60_000);

it('a message Zoho refuses is logged as failed with the reason; the catch-up brings it back', async () => {
	await stack.client.setZohoFaults({ rate500: 1 });
	try {
		failedUid = (
			await stack.client.simulateMessage({
				phone: PHONE_FAILED,
				name: 'Fay Led',
				text: 'while Zoho was down',
			})
		).message_uid;
		await waitFor('the failed row', async () => (await byUid(failedUid)).length > 0, 60_000);
	} finally {
		await stack.client.setZohoFaults({ rate500: 0 });
	}
	const [failed] = await byUid(failedUid);
	expect(failed).toMatchObject({ outcome: 'failed', phone: PHONE_FAILED, source: 'live' });
	expect(failed.reason).toMatch(/INTERNAL_ERROR/);
	// No redelivery: the next catch-up pass (every minute) finds the message logged only as failed.
	await leadWithNote(stack, PHONE_FAILED, 'while Zoho was down', 120_000);
	const rows = await waitFor('the catch-up row', async () => {
		const all = await byUid(failedUid);
		return all.some((row) => row.outcome !== 'failed') ? all : undefined;
	});
	// Failed (live; a catch-up pass during the outage may fail it again), then written once by the catch-up.
	expect(rows.slice(0, -1).every((row) => row.outcome === 'failed')).toBe(true);
	expect(rows.at(-1)).toMatchObject({ outcome: 'created', source: 'catch-up' });
}, 180_000);

it('a group chat the trigger drops is logged with its reason', async () => {
	const { message_uid } = await stack.client.simulateMessage({
		phone: '+447700900913',
		name: 'Family group',
		text: 'group hello',
		is_group: true,
	});
	const rows = await waitFor('the dropped row', async () => {
		const found = await byUid(message_uid);
		return found.length ? found : undefined;
	});
	expect(rows).toEqual([
		expect.objectContaining({ outcome: 'dropped', reason: 'group chat', record_id: '' }),
	]);
	expect(await stack.client.recordsByPhone('Leads', 'Mobile', '+447700900913')).toEqual([]);
}, 30_000);

it('answers "what happened to the message from +44…?" and "what failed today?"', async () => {
	const history = await logRows({ columnName: 'phone', condition: 'eq', value: PHONE_CREATED });
	expect(history.map((row) => [row.outcome, row.contact_name])).toEqual([['created', 'Nora New']]);
	const converted = await logRows({ columnName: 'phone', condition: 'eq', value: PHONE_CONVERTED });
	expect(converted.map((row) => row.outcome)).toEqual(['converted']);
	// message_at is an ISO 8601 UTC string: "today" is every value from today's date on.
	const today = DateTime.utc().toISODate() as string;
	const failedToday = await logRows(
		{ columnName: 'outcome', condition: 'eq', value: 'failed' },
		{ columnName: 'message_at', condition: 'gte', value: today },
	);
	expect([...new Set(failedToday.map((row) => `${row.uid} ${row.phone}`))]).toEqual([
		`${failedUid} ${PHONE_FAILED}`,
	]);
	const failedBeforeToday = await logRows(
		{ columnName: 'outcome', condition: 'eq', value: 'failed' },
		{ columnName: 'message_at', condition: 'lt', value: today },
	);
	expect(failedBeforeToday).toEqual([]);
});

it('deletes rows older than 90 days every night (Sync Log Retention), and no newer ones', async () => {
	const rows = async () => (await logRows()).length;
	const logged = await rows();
	expect(logged).toBeGreaterThan(0);
	/** Runs the retention branch as its nightly schedule would, with the delete's "older than" moment. */
	const runRetention = async (olderThan?: string) => {
		if (olderThan)
			await stack.rest.updateWorkflow(stack.pipeline.sync.id, (workflow) => {
				const prune = workflow.nodes.find((node) => node.name === 'Delete Rows Older Than 90 Days');
				if (!prune) throw new Error('the sync workflow has no retention step');
				const filters = prune.parameters.filters as { conditions: Array<{ keyValue: string }> };
				filters.conditions[0].keyValue = olderThan;
			});
		await runManuallyToEnd(
			stack.rest,
			stack.pipeline.sync.id,
			'Sync Log Retention',
			'the retention run',
			10_000,
		);
	};
	// As bundled: every row was logged minutes ago, so none goes.
	await runRetention();
	expect(await rows()).toBe(logged);
	// "Older than" a minute from now: every row is older, so all go (the filter is createdAt, not message time).
	await runRetention('={{ $now.plus({ minutes: 1 }).toISO() }}');
	expect(await rows()).toBe(0);
}, 120_000);
