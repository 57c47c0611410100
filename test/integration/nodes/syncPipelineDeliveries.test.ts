/**
 * The bundled sync workflow (same harness and org as syncPipeline.test.ts) under deliveries as TimelinesAI
 * makes them: group chats, the same webhook delivered again, bursts of executions for one new number,
 * micro-batches at the trigger; and the item contract of every output item. Assertions read Zoho's state
 * from the sandbox.
 */
import {
	messageLines,
	occurrences,
	startPipelineFixture,
	type PipelineFixture,
} from './harness/pipelineFixture';
import type { SimulatedMessage } from './harness/sandboxApi';
import type { Execution } from './harness/syncPipeline';

const ORG_TIME_ZONE = 'Asia/Kolkata';
let f: PipelineFixture;

beforeAll(async () => {
	// No phone field marked "Do not allow duplicate values" (Zoho's default): Zoho's DUPLICATE_DATA cannot
	// save a racing create, only the nodes can.
	f = await startPipelineFixture({
		timeZone: ORG_TIME_ZONE,
		numberPrefix: '+3461232',
		zoho: { uniqueFields: {} },
	});
});

afterAll(async () => {
	await f?.close();
});

beforeEach(() => f.use());

async function leadOf(phone: string) {
	const leads = await f.api.recordsWhere('Leads', 'Mobile', phone);
	expect(leads).toHaveLength(1);
	return leads[0];
}

describe('group chats', () => {
	it('are not synced: the trigger acknowledges them without starting an execution (default)', async () => {
		const participant = f.newNumber();
		await f.api.simulateMessage({
			phone: participant,
			is_group: true,
			group_name: 'Group default',
			text: 'Hi all',
		});

		expect(await f.pipeline.settle()).toEqual([]);
		expect(f.pipeline.received.at(-1)?.answer).toEqual({
			status: 200,
			body: { status: 'ignored', reason: 'group chat' },
		});
		expect(await f.api.recordsWhere('Leads', 'Mobile', participant)).toEqual([]);
	});

	it("go to Match or Create's Skipped output when the trigger lets them through", async () => {
		f.use({ 'TimelinesAI Trigger': { options: { includeGroupChats: true } } });
		const participant = f.newNumber();
		const leadsBefore = (await f.api.records('Leads')).length;
		await f.api.simulateMessage({
			phone: participant,
			is_group: true,
			group_name: 'Group included',
			text: 'Hello group',
		});
		const [execution] = await f.pipeline.settle();

		expect(execution.skipped.map((i) => (i.json.sync as { rule: string }).rule)).toEqual([
			'group_chat',
		]);
		expect(execution.notes).toEqual([]);
		expect((await f.api.records('Leads')).length).toBe(leadsBefore);
	});
});

describe('exactly once', () => {
	const noRepeatGuard = { 'TimelinesAI Trigger': { options: { ignoreRepeatedDeliveries: false } } };

	it('writes one line when the same webhook is delivered 3 times and every delivery runs the workflow', async () => {
		f.use(noRepeatGuard);
		const phone = f.newNumber();
		const { message_uid } = await f.api.simulateMessage({
			phone,
			name: 'Tripl E',
			text: 'Delivered thrice',
		});
		await f.api.redeliver(message_uid);
		await f.api.redeliver(message_uid);
		const executions = await f.pipeline.settle();

		expect(executions).toHaveLength(3);
		expect(executions.every((e) => e.notes.length === 1)).toBe(true);
		const notes = await f.api.notesOf('Leads', (await leadOf(phone)).id);
		expect(notes).toHaveLength(1);
		expect(messageLines(notes[0].Note_Content)).toBe(1);
		expect(occurrences(notes[0].Note_Content, 'Delivered thrice')).toBe(1);
	});

	it("uploads a message's attachment once when the message is processed twice", async () => {
		f.use(noRepeatGuard);
		const phone = f.newNumber();
		const content = Buffer.from('%PDF-1.4 invoice 42').toString('base64');
		const { message_uid } = await f.api.simulateMessage({
			phone,
			name: 'Ada Attach',
			text: 'Here is the invoice',
			attachments: [
				{ filename: 'invoice-42.pdf', mimetype: 'application/pdf', content_base64: content },
			],
		});
		await f.pipeline.settle();
		await f.api.redeliver(message_uid);
		const [second] = await f.pipeline.settle();

		expect(second.notes).toHaveLength(1);
		const [note] = await f.api.notesOf('Leads', (await leadOf(phone)).id);
		const attachments = await f.api.attachmentsOf('Notes', note.id);
		expect(attachments.map((a) => [a.File_Name, a.Size])).toEqual([
			['invoice-42.pdf', Buffer.from(content, 'base64').length],
		]);
		expect(messageLines(note.Note_Content)).toBe(1);
	});

	it('creates one record and keeps all 20 lines when 20 executions for a new number run at once', async () => {
		f.use({ 'TimelinesAI Trigger': { options: { batchWindowMs: 0 } } }); // one execution per message
		const phone = f.newNumber();
		const timestamps = f.todayTimestamps(20);
		const texts = timestamps.map((_, i) => `Burst line ${String(i + 1).padStart(2, '0')}`);
		await Promise.all(
			texts.map((text, i) =>
				f.api.simulateMessage({ phone, name: 'Rush Hour', text, timestamp: timestamps[i] }),
			),
		);
		const executions = await f.pipeline.settle();

		expect(executions).toHaveLength(20);
		expect(executions.flatMap((e) => e.created)).toHaveLength(1);
		const lead = await leadOf(phone);
		const notes = await f.api.notesOf('Leads', lead.id);
		expect(notes).toHaveLength(1);
		expect(messageLines(notes[0].Note_Content)).toBe(20);
		for (const text of texts) expect(occurrences(notes[0].Note_Content, text)).toBe(1);
	});
});

describe('the item contract', () => {
	function syncOf(execution: Execution) {
		return [...execution.notes, ...execution.skipped].map(
			(item) => item.json.sync as Record<string, unknown>,
		);
	}

	it('gives every output item a sync object: outcome, record module and id, note id and the credits it spent', async () => {
		const phone = f.newNumber();
		const credits = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
			const before = await f.api.creditsUsed();
			const result = await run();
			return [result, (await f.api.creditsUsed()) - before];
		};
		const deliver = async (message: SimulatedMessage) => {
			await f.api.simulateMessage(message);
			const [execution] = await f.pipeline.settle();
			return syncOf(execution);
		};
		const [created, firstCredits] = await credits(() =>
			deliver({ phone, name: 'Sid Sync', text: 'First' }),
		);
		const [matched, secondCredits] = await credits(() =>
			deliver({ phone, name: 'Sid Sync', text: 'Second' }),
		);
		f.use({ 'TimelinesAI Trigger': { options: { includeGroupChats: true } } });
		const [skipped, skippedCredits] = await credits(() =>
			deliver({
				phone: f.newNumber(),
				is_group: true,
				group_name: 'Group sync',
				text: 'Group line',
			}),
		);

		const lead = await leadOf(phone);
		const [note] = await f.api.notesOf('Leads', lead.id);
		expect(created).toEqual([
			expect.objectContaining({
				outcome: 'created',
				module: 'Leads',
				recordId: lead.id,
				noteId: note.id,
				creditsSpent: firstCredits,
			}),
		]);
		expect(matched).toEqual([
			expect.objectContaining({
				outcome: 'matched',
				module: 'Leads',
				recordId: lead.id,
				noteId: note.id,
				creditsSpent: secondCredits,
			}),
		]);
		expect(skipped).toEqual([
			expect.objectContaining({
				outcome: 'skipped',
				module: null,
				recordId: null,
				creditsSpent: skippedCredits,
			}),
		]);
	});
});

describe('micro-batching at the trigger (default window)', () => {
	it('starts one execution for 20 messages arriving together, and every message is written once', async () => {
		const phones = [f.newNumber(), f.newNumber()];
		const timestamps = f.todayTimestamps(20);
		const texts = timestamps.map((_, i) => `Batched line ${String(i + 1).padStart(2, '0')}`);
		await Promise.all(
			texts.map((text, i) =>
				f.api.simulateMessage({
					phone: phones[i % 2],
					name: `Batch ${i % 2}`,
					text,
					timestamp: timestamps[i],
				}),
			),
		);
		const executions = await f.pipeline.settle();

		expect(executions).toHaveLength(1);
		expect(executions[0].trigger).toHaveLength(20);
		for (const phone of phones) {
			const lead = await leadOf(phone);
			const notes = await f.api.notesOf('Leads', lead.id);
			expect(notes).toHaveLength(1);
			expect(messageLines(notes[0].Note_Content)).toBe(10);
		}
	});
});
