/**
 * Never lose a message (issue 13, isolation and self-healing) inside real n8n 2.40.x with the bundled sync
 * workflow, driven through public surfaces only: the sandbox's TimelinesAI delivers webhooks, its Zoho CRM
 * API is read (and, to play a person deleting a note, written) with the sandbox's static token.
 * Requires `npm run build`; the first run installs n8n into .cache/n8n-runtime.
 */
import { DateTime } from 'luxon';

import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../sandbox';
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { executionFailure, nodeOutputs } from './harness/executionRunData';
import { editSyncWorkflow, leadWithNote as sharedLeadWithNote } from './harness/syncWorkflow';
import { waitFor } from './harness/waitFor';

const today = (): string => DateTime.now().setZone('Europe/London').toFormat('dd/MM/yyyy');

let stack: PipelineStack;

beforeAll(async () => {
	stack = await PipelineStack.start();
	// A one-second batch window: messages sent together are one execution, as in a burst.
	await editSyncWorkflow(stack, (workflow) => {
		const nodes = workflow.nodes as Array<{ name: string; parameters: Record<string, unknown> }>;
		const trigger = nodes.find((n) => n.name === 'TimelinesAI Trigger');
		if (trigger)
			trigger.parameters.options = {
				...(trigger.parameters.options as Record<string, unknown>),
				batchWindowMs: 1000,
			};
	});
});

afterAll(async () => {
	await stack?.stop();
});

async function leadWithNote(phone: string, text: string, timeoutMs = 15_000) {
	return await sharedLeadWithNote(stack, phone, text, timeoutMs);
}

const lastExecutionId = async (): Promise<number> =>
	Math.max(0, ...(await stack.rest.executions(stack.pipeline.sync.id)).map((e) => Number(e.id)));

/** Executions after `since` that did not succeed, with what failed them (for the assertion message). */
async function failedExecutionsSince(since: number): Promise<string[]> {
	const executions = (await stack.rest.executions(stack.pipeline.sync.id)).filter(
		(e) => Number(e.id) > since && ['error', 'crashed'].includes(e.status),
	);
	return await Promise.all(
		executions.map(async (e) => `${e.id} ${e.status}: ${await executionFailure(stack.rest, e.id)}`),
	);
}

const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

describe('a poison message in a batch of valid ones', () => {
	it("lands all six (the 60-character first name fitted to Zoho's 40), in a successful execution", async () => {
		const since = await lastExecutionId();
		const poisonName = `${'Alexandria'.repeat(6)} Longname`;
		const valid = [1, 2, 3, 4, 5].map((n) => ({
			phone: `+44770090070${n}`,
			name: `Valid Sender${n}`,
			text: `valid message ${n}`,
		}));
		const poison = { phone: '+447700900700', name: poisonName, text: 'poison message' };
		await Promise.all([poison, ...valid].map((input) => stack.client.simulateMessage(input)));
		for (const input of valid) await leadWithNote(input.phone, input.text);
		const { lead, notes } = await leadWithNote(poison.phone, poison.text);
		expect(String(lead.First_Name)).toHaveLength(40);
		expect(String(lead.First_Name)).toMatch(/^Alexandria/);
		expect(lead.Last_Name).toBe('Longname');
		expect(notes).toHaveLength(1);
		expect(notes[0].Note_Title?.length).toBeLessThanOrEqual(120);
		expect(notes[0].Note_Title).toMatch(
			new RegExp(`^WhatsApp Chat with Alexandria.*\\(${today().replace(/\//g, '\\/')}\\)$`),
		);
		expect(await failedExecutionsSince(since)).toEqual([]);
	});

	it('lands a message whose item failed when TimelinesAI delivers it again, and writes a landed one once', async () => {
		// Zoho answers 500 to everything: the item fails (after the transport's retries) and leaves on the
		// Error output to "Failed (extend here)"; the execution itself succeeds.
		const since = await lastExecutionId();
		await stack.client.setZohoFaults({ rate500: 1 });
		let failed: { message_uid: string };
		try {
			failed = await stack.client.simulateMessage({
				phone: '+447700900710',
				name: 'Unlucky Sender',
				text: 'sent while Zoho was down',
			});
			const execution = await waitFor(
				'the execution of the message while Zoho answers 500',
				async () =>
					(await stack.rest.executions(stack.pipeline.sync.id)).find(
						(e) => Number(e.id) > since && ['success', 'error', 'crashed'].includes(e.status),
					),
				60_000,
			);
			// n8n's error output: the item reached "Failed (extend here)" with its input and the reason.
			const [reachedFailed] = await nodeOutputs(stack.rest, execution.id, 'Failed (extend here)');
			expect(reachedFailed).toHaveLength(1);
			expect((reachedFailed[0].json.message as { uid?: string }).uid).toBe(failed.message_uid);
			expect(String(reachedFailed[0].json.error)).toMatch(/INTERNAL_ERROR/);
		} finally {
			await stack.client.setZohoFaults({ rate500: 0 });
		}
		expect(await stack.client.recordsByPhone('Leads', 'Mobile', '+447700900710')).toEqual([]);
		expect(await failedExecutionsSince(since)).toEqual([]);
		// The redelivery is not answered "repeated delivery": the message lands.
		await stack.client.redeliver(failed.message_uid);
		const { notes } = await leadWithNote('+447700900710', 'sent while Zoho was down');
		expect(occurrences(notes[0].Note_Content, 'sent while Zoho was down')).toBe(1);
		// A redelivery of a message that landed does not double its line.
		await stack.client.redeliver(failed.message_uid);
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const after = await leadWithNote('+447700900710', 'sent while Zoho was down');
		expect(occurrences(after.notes[0].Note_Content, 'sent while Zoho was down')).toBe(1);
	});
});

describe("today's note deleted in Zoho mid-run", () => {
	it('gets a new note for the next message, with no failed execution', async () => {
		const phone = '+447700900720';
		await stack.client.simulateMessage({
			phone,
			name: 'Busy Contact',
			text: 'before the deletion',
		});
		const { lead, notes } = await leadWithNote(phone, 'before the deletion');
		const since = await lastExecutionId();
		// A person deletes today's note in Zoho; the pack still has its id cached.
		const deleted = await fetch(`${stack.sandbox.url}/crm/v8/Notes/${notes[0].id}`, {
			method: 'DELETE',
			headers: { authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}` },
		});
		expect(deleted.status).toBe(200);
		await stack.client.simulateMessage({ phone, name: 'Busy Contact', text: 'after the deletion' });
		const healed = await leadWithNote(phone, 'after the deletion');
		expect(healed.lead.id).toBe(lead.id);
		expect(healed.notes).toHaveLength(1);
		expect(healed.notes[0].id).not.toBe(notes[0].id);
		expect(healed.notes[0].Note_Title).toBe(`WhatsApp Chat with Busy Contact (${today()})`);
		expect(await failedExecutionsSince(since)).toEqual([]);
	});
});

describe("n8n's error output, one execution", () => {
	it('sends the failing item to the Error output while the other item of the same execution goes on', async () => {
		// Match or Create (bundled: "Continue (using error output)") sets Email from the message text for this
		// test: Zoho refuses the Lead of the message whose Email is not an address (INVALID_DATA), its sibling
		// in the same batch (one-second window) is created.
		const node = 'Match or Create Record';
		const syncId = stack.pipeline.sync.id;
		const setEmailFromText = async (on: boolean) =>
			await editSyncWorkflow(stack, (workflow) => {
				const nodes = workflow.nodes as Array<{
					name: string;
					onError?: string;
					parameters: Record<string, unknown>;
				}>;
				const match = nodes.find((n) => n.name === node);
				if (!match) throw new Error(`the sync workflow has no ${node}`);
				expect(match.onError).toBe('continueErrorOutput');
				if (on)
					match.parameters.additionalFields = {
						field: [
							{
								name: 'Email',
								value:
									"={{ $json.message.text.startsWith('Not an address') ? 'not-an-address' : '' }}",
							},
						],
					};
				else delete match.parameters.additionalFields;
			});
		await setEmailFromText(true);
		try {
			const [bad, good] = await Promise.all([
				stack.client.simulateMessage({
					phone: '+447700900601',
					name: 'Bea Bounced',
					text: 'Not an address, so Zoho refuses this lead',
				}),
				stack.client.simulateMessage({
					phone: '+447700900602',
					name: 'Grace Good',
					text: 'A sibling that must still land',
				}),
			]);
			await leadWithNote('+447700900602', 'A sibling that must still land');
			const execution = await waitFor(
				`the execution of both messages (${bad.message_uid}, ${good.message_uid})`,
				async () => {
					for (const candidate of await stack.rest.executions(syncId)) {
						if (!['success', 'error', 'crashed'].includes(candidate.status)) continue;
						const outputs = await nodeOutputs(stack.rest, candidate.id, node);
						const uids = outputs
							.flat()
							.map((item) => (item.json.message as { uid?: string } | undefined)?.uid);
						if (uids.includes(bad.message_uid) && uids.includes(good.message_uid))
							return { candidate, outputs };
					}
					return undefined;
				},
			);
			expect(execution.candidate.status).toBe('success');
			// Match or Create v2: Matched, Created, Converted, Skipped, then n8n's error output.
			const [matched, created, converted, skipped, errors] = execution.outputs;
			expect([...matched, ...converted, ...skipped]).toHaveLength(0);
			expect(created.map((item) => (item.json.message as { uid: string }).uid)).toEqual([
				good.message_uid,
			]);
			expect(errors).toHaveLength(1);
			expect(String(errors[0].json.error)).toMatch(/INVALID_DATA/);
			expect(String(errors[0].json.details)).toMatch(/Email/);
			// n8n merged the input's fields back into the error item: the message is there to act on.
			expect((errors[0].json.message as { uid: string }).uid).toBe(bad.message_uid);
			expect(await stack.client.recordsByPhone('Leads', 'Mobile', '+447700900601')).toEqual([]);
		} finally {
			await setEmailFromText(false);
		}
	});
});
