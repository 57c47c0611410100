/**
 * Beyond TimelinesAI's hosted integration (issue 18, items 3–5) in real n8n 2.40.x, through the bundled
 * workflows as `npm start` deploys them, each setting turned on here:
 * - Legacy numbers cleaned: the bundled `zoho-legacy-numbers.json` run with "Execute workflow": the dry run
 *   lists values without a country code with their E.164 form and the credits a write costs, and writes
 *   nothing; the write changes exactly those values, in bulk, for the credits the dry run announced; the
 *   ambiguous values stay as they were.
 * - Owner follows the chat: the bundled `timelinesai-zoho-owner-follows-chat.json`, activated (it is
 *   imported inactive: opt-in), beside the sync workflow: a chat reassigned in TimelinesAI moves the owner
 *   of the record the sync created; a record a person created (no Lead Source) keeps its owner.
 * Requires `npm run build`.
 */
import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../sandbox';
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { nodeOutputs, runManuallyToEnd } from './harness/executionRunData';
import type { StoredItem } from './harness/executionRunData';
import { untilSearchable } from './harness/searchable';
import { waitFor } from './harness/waitFor';

let stack: PipelineStack;

beforeAll(async () => {
	stack = await PipelineStack.start();
});

afterAll(async () => {
	await stack?.stop();
});

type Json = Record<string, unknown>;

async function zoho<T>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${stack.sandbox.url}/crm/v8${path}`, {
		method,
		headers: {
			authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}`,
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${path} → ${response.status}`);
	return (await response.json()) as T;
}

async function createLead(fields: Json): Promise<string> {
	const answer = await zoho<{ data: Array<{ details: { id: string } }> }>('POST', '/Leads', {
		data: [fields],
	});
	return answer.data[0].details.id;
}

async function leadById(id: string): Promise<Json> {
	const answer = await zoho<{ data: Json[] }>(
		'GET',
		`/Leads/${id}?fields=Mobile,Phone,Owner,Last_Name`,
	);
	return answer.data[0];
}

/** Sets a node's parameters in a workflow, runs it from its Manual Trigger, returns each node's items. */
async function runManually(
	workflowId: string,
	trigger: string,
	node: string,
	parameters: Json,
): Promise<(name: string, output?: number) => Json[]> {
	await stack.rest.updateWorkflow(workflowId, (current) => {
		const target = current.nodes.find((candidate) => candidate.name === node);
		if (!target) throw new Error(`the workflow has no node "${node}"`);
		target.parameters = { ...target.parameters, ...parameters };
	});
	const runs = await runManuallyToEnd(
		stack.rest,
		workflowId,
		trigger,
		`the execution of "${node}"`,
		120_000,
	);
	return (name, output = 0) =>
		(runs[name] ?? []).flatMap((run) => run.data?.main?.[output] ?? []).map((item) => item.json);
}

describe('legacy numbers cleaned (bundled zoho-legacy-numbers.json)', () => {
	it('dry run lists the E.164 forms and the credits, writes nothing; the write changes exactly those, for those credits', async () => {
		const ids = {
			national: await createLead({ Last_Name: 'Legacy National', Mobile: '07400 123456' }),
			dropped: await createLead({ Last_Name: 'Legacy Dropped Plus', Mobile: '447400123457' }),
			zeroZero: await createLead({ Last_Name: 'Legacy 00', Mobile: '0033 6 12 34 56 78' }),
			ambiguous: await createLead({ Last_Name: 'Legacy Invalid', Mobile: '12345' }),
			clean: await createLead({ Last_Name: 'Already E164', Mobile: '+447400123459' }),
		};
		const workflow = stack.pipeline.legacyNumbers;
		const settings = { module: 'Leads', phoneFields: ['Mobile'], defaultCountry: 'GB' };

		let before = await stack.client.zohoCreditsUsed();
		const dry = await runManually(workflow.id, 'Start', 'Clean Phone Numbers', {
			...settings,
			mode: 'dryRun',
		});
		const dryCredits = (await stack.client.zohoCreditsUsed()) - before;
		const report = dry('Report')[0];
		const mine = (values: Json[]) =>
			Object.fromEntries(
				Object.entries(ids).map(([key, id]) => [
					key,
					values.find((value) => value.id === id) ?? null,
				]),
			);
		const values = mine(dry('Values'));
		expect(values).toMatchObject({
			national: {
				field: 'Mobile',
				value: '07400 123456',
				e164: '+447400123456',
				status: 'would write',
			},
			dropped: { e164: '+447400123457', status: 'would write' },
			zeroZero: { e164: '+33612345678', status: 'would write' },
			ambiguous: { value: '12345', status: 'ambiguous' },
			clean: null,
		});
		expect(report).toMatchObject({ mode: 'dry run', complete: true, readCredits: dryCredits });
		expect((await leadById(ids.national)).Mobile).toBe('07400 123456');

		before = await stack.client.zohoCreditsUsed();
		const write = await runManually(workflow.id, 'Start', 'Clean Phone Numbers', {
			...settings,
			mode: 'write',
		});
		const writeCredits = (await stack.client.zohoCreditsUsed()) - before;
		const written = write('Report')[0];
		expect(written).toMatchObject({ mode: 'write', failed: 0, changedSinceScan: 0 });
		expect(written.written).toBe(report.toFix);
		// what the dry run announced: its reading again plus the write it priced
		expect(writeCredits).toBe((report.readCredits as number) + (report.writeCredits as number));
		expect({
			national: (await leadById(ids.national)).Mobile,
			dropped: (await leadById(ids.dropped)).Mobile,
			zeroZero: (await leadById(ids.zeroZero)).Mobile,
			ambiguous: (await leadById(ids.ambiguous)).Mobile,
			clean: (await leadById(ids.clean)).Mobile,
		}).toEqual({
			national: '+447400123456',
			dropped: '+447400123457',
			zeroZero: '+33612345678',
			ambiguous: '12345',
			clean: '+447400123459',
		});

		const again = await runManually(workflow.id, 'Start', 'Clean Phone Numbers', {
			...settings,
			mode: 'dryRun',
		});
		expect(mine(again('Values'))).toMatchObject({
			national: null,
			ambiguous: { status: 'ambiguous' },
		});
	});
});

const SAM = '5725767000000402001'; // the sandbox's Zoho users (sandbox/zoho/seed.ts)
const PRIYA = '5725767000000403001';

async function reassignChat(chatId: number, email: string): Promise<void> {
	const response = await fetch(`${stack.sandbox.url}/integrations/api/chats/${chatId}`, {
		method: 'PATCH',
		headers: {
			authorization: `Bearer ${stack.sandbox.timelines.token}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ responsible: email }),
	});
	if (!response.ok) throw new Error(`PATCH chat ${chatId} → ${response.status}`);
}

async function leadOf(phone: string): Promise<Json> {
	return await waitFor(
		`the lead of ${phone}`,
		async () =>
			(await stack.client.recordsByPhone('Leads', 'Mobile', phone))[0] as Json | undefined,
		60_000,
		250,
	);
}

describe('owner follows the chat (bundled timelinesai-zoho-owner-follows-chat.json, activated)', () => {
	it("a reassigned chat's record created by the pack gets the new responsible as owner; a person's record keeps its owner", async () => {
		const workflow = stack.pipeline.ownerFollowsChat;
		await stack.rest.activate(workflow.id);
		const packPhone = '+447400200301';
		const personPhone = '+447400200302';
		const personLead = await createLead({ Last_Name: 'Entered By Hand', Mobile: personPhone });
		await untilSearchable(stack.sandbox.url, 'Leads', 'Mobile', personPhone);
		const packChat = await stack.client.simulateMessage({
			phone: packPhone,
			name: 'New Via WhatsApp',
			text: 'hello, new customer here',
			responsible_email: 'sam.sales@sandbox.example',
		});
		const personChat = await stack.client.simulateMessage({
			phone: personPhone,
			name: 'Entered By Hand',
			text: 'hello, known customer here',
			responsible_email: 'sam.sales@sandbox.example',
		});
		const created = await leadOf(packPhone);
		expect(created).toMatchObject({ Lead_Source: 'TimelinesAI', Owner: { id: SAM } });
		const personBefore = (await leadById(personLead)).Owner as Json;
		// A chat reassigned seconds after its lead was created: the lead must be in Zoho's search first.
		await untilSearchable(stack.sandbox.url, 'Leads', 'Mobile', packPhone);

		await reassignChat(packChat.chat_id, 'priya.support@sandbox.example');
		await reassignChat(personChat.chat_id, 'priya.support@sandbox.example');
		await waitFor(
			'the owner to follow the chat',
			async () => ((await leadById(String(created.id))).Owner as Json).id === PRIYA || undefined,
			60_000,
			250,
		);
		// The trigger may batch both deliveries into one execution: count items, not executions.
		const skipped = await waitFor(
			'both reassignments handled',
			async () => {
				const outputs = { updated: [] as StoredItem[], skipped: [] as StoredItem[] };
				for (const execution of await stack.rest.executions(workflow.id)) {
					// the list answers `finished: null`; the status says it
					if (!['success', 'error', 'crashed'].includes(execution.status)) continue;
					const [updated = [], unchanged = []] = await nodeOutputs(
						stack.rest,
						execution.id,
						'Owner Follows Chat',
					);
					outputs.updated.push(...updated);
					outputs.skipped.push(...unchanged);
				}
				return outputs.updated.length + outputs.skipped.length >= 2 ? outputs.skipped : undefined;
			},
			60_000,
			500,
		);
		expect(skipped.map((item) => item.json.ownerFollowsChat)).toEqual([
			expect.objectContaining({
				outcome: 'skipped',
				recordId: personLead,
				reason: 'not created by the pack (Lead_Source is not "TimelinesAI")',
			}),
		]);
		expect((await leadById(personLead)).Owner).toEqual(personBefore);
	});
});
