/**
 * Group chats logged per participant (issue 18, item 3) in real n8n 2.40.x, through the bundled sync
 * workflow as `npm start` deploys it, with the opt-in turned on as its sticky note says: the TimelinesAI
 * Trigger's Include Group Chats, and Match or Create's Group Chats "Log to Each Participant's Record" with
 * the TimelinesAI credential. A received group message lands on its sender's record only; a sent one on
 * every participant already in Zoho; a participant without a record gets nothing (no record is created);
 * every note is `WhatsApp Group <group> (DD/MM/YYYY)`, apart from the contact's chat note. Whether
 * TimelinesAI sends a group sender's phone is UNVERIFIED: `SANDBOX_READING=other` plays it missing (the
 * pack finds the sender among the group's members by name) and this file passes in both readings.
 * Requires `npm run build`.
 */
import { syncLogReader, type SyncLogReader } from '../../scripts/lib/catchUpSetup';
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { nodeOutputs } from './harness/executionRunData';
import { editSyncWorkflow } from './harness/syncWorkflow';
import { waitFor } from './harness/waitFor';

let stack: PipelineStack;
let readLog: SyncLogReader;

beforeAll(async () => {
	stack = await PipelineStack.start();
	await editSyncWorkflow(stack, (workflow) => {
		for (const node of workflow.nodes) {
			if (node.name === 'TimelinesAI Trigger')
				node.parameters = {
					...node.parameters,
					options: { ...(node.parameters.options as object), includeGroupChats: true },
				};
			if (node.name === 'Match or Create Record') {
				node.parameters = { ...node.parameters, groupChats: 'perParticipant' };
				node.credentials = {
					...node.credentials,
					timelinesAiApi: stack.pipeline.credentials.timelinesAiApi,
				};
			}
		}
	});
	readLog = await syncLogReader(stack.rest);
}, 180_000);

afterAll(async () => {
	await stack?.stop();
});

type Json = Record<string, unknown>;

/** The sync log's rows of a message, as the Data tables UI asks n8n for them, once `count` are there. */
async function logRowsOf(uid: string, count: number): Promise<Json[]> {
	return await waitFor(
		`${count} sync log rows of ${uid}`,
		async () => {
			const rows = await readLog({ columnName: 'uid', condition: 'eq', value: uid });
			return rows.length >= count ? rows : undefined;
		},
		30_000,
		250,
	);
}

async function control<T>(path: string, body: unknown): Promise<T> {
	const response = await fetch(`${stack.sandbox.url}/__control${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
	return (await response.json()) as T;
}

/** A lead a person entered in Zoho before (the control API: found by search at once). */
async function existingLead(lastName: string, phone: string): Promise<string> {
	const answer = await control<{ data: Array<{ id: string }> }>('/zoho/records/Leads', {
		Last_Name: lastName,
		Mobile: phone,
	});
	return answer.data[0].id;
}

async function groupMessage(body: Json): Promise<string> {
	const answer = await control<{ message_uid: string }>('/timelines/messages', {
		is_group: true,
		...body,
	});
	return answer.message_uid;
}

async function groupNotes(leadId: string) {
	const notes = await stack.client.notesOf('Leads', leadId);
	return notes.filter((note) => (note.Note_Title ?? '').startsWith('WhatsApp Group '));
}

const GROUP = 'Falcon Project e2e';
const TITLE = new RegExp(`^WhatsApp Group ${GROUP} \\(\\d{2}/\\d{2}/\\d{4}\\)$`);
const ANA = { name: 'Ana Falcon', phone: '+447400300401' };
const BEN = { name: 'Ben Falcon', phone: '+447400300402' };
const CAROL = { name: 'Carol Falcon', phone: '+447400300403' };

/** Match or Create's items for a message uid, per output, once its execution has finished. */
async function matchOutputsOf(uid: string): Promise<Json[][]> {
	return await waitFor(
		`the execution of ${uid}`,
		async () => {
			for (const execution of await stack.rest.executions(stack.pipeline.sync.id)) {
				if (!['success', 'error', 'crashed'].includes(execution.status)) continue;
				const outputs = await nodeOutputs(stack.rest, execution.id, 'Match or Create Record');
				const mine = outputs.map((items) =>
					items
						.map((item) => item.json)
						.filter((json) => (json.message as { uid?: string } | undefined)?.uid === uid),
				);
				if (mine.some((items) => items.length > 0)) return mine;
			}
			return undefined;
		},
		60_000,
		500,
	);
}

describe("group chats logged to each participant's record (bundled sync workflow, opt-in on)", () => {
	it("logs a received message to its sender's record, a sent one to every participant in Zoho, and creates no record", async () => {
		const anaLead = await existingLead(ANA.name, ANA.phone);
		const benLead = await existingLead(BEN.name, BEN.phone);
		const members = [ANA, BEN, CAROL];

		// Ana writes: her record only.
		const fromAna = await groupMessage({
			group_name: GROUP,
			group_members: members,
			phone: ANA.phone,
			name: ANA.name,
			text: 'Ana: is the delivery confirmed?',
		});
		await waitFor(
			"Ana's group note",
			async () => (await groupNotes(anaLead)).length === 1 || undefined,
			60_000,
			250,
		);
		const anaOutputs = await matchOutputsOf(fromAna);
		expect(anaOutputs[0].map((json) => (json.zoho as Json).id)).toEqual([anaLead]);

		// Carol (no record) writes: skipped with the reason, nobody created.
		const fromCarol = await groupMessage({
			group_name: GROUP,
			phone: CAROL.phone,
			name: CAROL.name,
			text: 'Carol: hello everyone',
		});
		const carolOutputs = await matchOutputsOf(fromCarol);
		expect(carolOutputs[3].map((json) => json.sync)).toEqual([
			expect.objectContaining({
				outcome: 'skipped',
				reason: `The group sender ${CAROL.name} (${CAROL.phone}) has no record in Zoho ("Create Records for Group Participants" is off)`,
			}),
		]);

		// The team answers in the group: Ana's and Ben's records, not Carol's.
		const sent = await groupMessage({
			group_name: GROUP,
			direction: 'sent',
			text: 'Team: delivery confirmed for Monday',
		});
		const sentOutputs = await matchOutputsOf(sent);
		expect(sentOutputs[0].map((json) => (json.zoho as Json).id).sort()).toEqual(
			[anaLead, benLead].sort(),
		);
		const notes = await waitFor(
			'the sent message in both group notes',
			async () => {
				const [ana, ben] = [await groupNotes(anaLead), await groupNotes(benLead)];
				const landed = [...ana, ...ben].filter((note) =>
					note.Note_Content.includes('Team: delivery confirmed for Monday'),
				);
				return landed.length === 2 ? { ana, ben } : undefined;
			},
			60_000,
			250,
		);
		// One note per group per record and day, appended; each line names its sender; each message once.
		expect(notes.ana.map((note) => note.Note_Title)).toEqual([expect.stringMatching(TITLE)]);
		expect(notes.ben.map((note) => note.Note_Title)).toEqual([expect.stringMatching(TITLE)]);
		const anaNote = notes.ana[0].Note_Content;
		expect(anaNote).toContain(`← ${ANA.name}`);
		expect(anaNote.split('Ana: is the delivery confirmed?')).toHaveLength(2);
		expect(anaNote.split('Team: delivery confirmed for Monday')).toHaveLength(2);
		expect(anaNote).not.toContain('Carol: hello everyone');
		expect(notes.ben[0].Note_Content).not.toContain('Ana: is the delivery confirmed?');
		expect(await stack.client.recordsByPhone('Leads', 'Mobile', CAROL.phone)).toEqual([]);

		// The sync log: one row per record the sent message was written to; Carol's message skipped, with why.
		const sentRows = await logRowsOf(sent, 2);
		expect(
			sentRows
				.map((row) => [row.outcome, row.record_id, row.phone])
				.sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
		).toEqual(
			[
				['matched', anaLead, ANA.phone],
				['matched', benLead, BEN.phone],
			].sort((a, b) => a[1].localeCompare(b[1])),
		);
		expect(await logRowsOf(fromCarol, 1)).toEqual([
			expect.objectContaining({
				outcome: 'skipped',
				reason: expect.stringContaining(`The group sender ${CAROL.name}`),
				contact_name: GROUP,
			}),
		]);
	});
});
