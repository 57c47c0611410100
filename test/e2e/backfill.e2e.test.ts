/**
 * History backfill in real n8n 2.40.x (the stack `npm start` builds, the bundled backfill workflow imported
 * as a user would, run with "Execute workflow"): history seeded in TimelinesAI without webhook deliveries
 * (10 chats over 3 days, 150 messages, 4 numbers already leads in Zoho). The dry run writes nothing and its
 * credit estimate is what the run then spends at most (the sandbox's counter; within 10 % with notes charged
 * one by one, well under it when bulk note writes are charged like records); the run puts every
 * message in its daily note once, in batches; a second run writes nothing; a run stopped by its credit
 * budget, resumed from the chat its report names, finishes with every message once; a message the live
 * sync already wrote is not written again by a backfill up to now. Requires
 * `npm run build`. Takes about two minutes.
 */
import { DateTime } from 'luxon';

import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../sandbox';
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { runManuallyToEnd } from './harness/executionRunData';
import { untilSearchable } from './harness/searchable';
import { waitFor } from './harness/waitFor';

const BACKFILL = 'TimelinesAI History Backfill';
const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

let stack: PipelineStack;

beforeAll(async () => {
	stack = await PipelineStack.start();
});

afterAll(async () => {
	await stack?.stop();
});

interface Seeded {
	start: string;
	end: string;
	messages: Array<{ uid: string; phone: string; text: string }>;
}

async function createLead(phone: string, name: string): Promise<void> {
	const response = await fetch(`${stack.sandbox.url}/crm/v8/Leads`, {
		method: 'POST',
		headers: {
			authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ data: [{ Last_Name: name, Mobile: phone }] }),
	});
	if (!response.ok) throw new Error(`create lead → ${response.status}`);
	await untilSearchable(stack.sandbox.url, 'Leads', 'Mobile', phone);
}

/** History from before the pack: `chats` contacts writing on `days` days, the first `existing` already leads. */
async function seedHistory(
	prefix: string,
	daysAgo: number,
	options: { chats: number; days: number; perDay: number; existing: number },
): Promise<Seeded> {
	const first = DateTime.utc().startOf('day').minus({ days: daysAgo });
	const messages: Seeded['messages'] = [];
	for (let chat = 0; chat < options.chats; chat++) {
		const phone = `${prefix}${String(chat).padStart(3, '0')}`;
		if (chat < options.existing) await createLead(phone, `Known ${chat}`);
		for (let day = 0; day < options.days; day++)
			for (let n = 0; n < options.perDay; n++) {
				const text = `backfill ${prefix} chat ${chat} day ${day} line ${n}`;
				const sent = await stack.client.simulateMessage({
					phone,
					name: `Contact ${chat}`,
					text,
					direction: n % 3 === 2 ? 'sent' : 'received',
					timestamp: first.plus({ days: day, hours: 8 + n }).toISO() ?? '',
					deliver: false,
				});
				messages.push({ uid: sent.message_uid, phone, text });
			}
	}
	return {
		start: first.toISO() ?? '',
		end: first.plus({ days: options.days }).toISO() ?? '',
		messages,
	};
}

/** Sets the backfill node's parameters, clicks "Execute workflow", waits; the report and the credits spent. */
async function runBackfill(parameters: Record<string, unknown>) {
	const workflow = stack.pipeline.backfill;
	await stack.rest.updateWorkflow(workflow.id, (current) => {
		const node = current.nodes.find((candidate) => candidate.name === BACKFILL);
		if (!node) throw new Error('the backfill workflow has no backfill node');
		node.parameters = { ...node.parameters, ...parameters };
	});
	const before = await stack.client.zohoCreditsUsed();
	const runs = await runManuallyToEnd(
		stack.rest,
		workflow.id,
		'Start Backfill',
		'the backfill execution',
		120_000,
	);
	const items = (node: string, output = 0) =>
		(runs[node] ?? []).flatMap((run) => run.data?.main?.[output] ?? []);
	return {
		report: items('Backfill Report')[0]?.json ?? {},
		batches: runs[BACKFILL]?.length ?? 0,
		sentOn: items('Resolve Owner').length + items('Resolve Owner', 1).length,
		credits: (await stack.client.zohoCreditsUsed()) - before,
	};
}

async function expectEveryMessageOnce(seeded: Seeded): Promise<void> {
	for (const phone of new Set(seeded.messages.map((message) => message.phone))) {
		const [lead] = await stack.client.recordsByPhone('Leads', 'Mobile', phone);
		const text = lead
			? (await stack.client.notesOf('Leads', lead.id)).map((note) => note.Note_Content).join('\n')
			: '';
		for (const message of seeded.messages.filter((candidate) => candidate.phone === phone))
			expect({ uid: message.uid, count: occurrences(text, `⟦m:${message.uid} `) }).toEqual({
				uid: message.uid,
				count: 1,
			});
	}
}

it('dry run estimates what the run spends at most; the run writes every message once, in batches; a second run writes nothing', async () => {
	const seeded = await seedHistory('+4915112360', 6, {
		chats: 10,
		days: 3,
		perDay: 5,
		existing: 4,
	});
	const window = { startDate: seeded.start, endDate: seeded.end, options: { chatsPerBatch: 4 } };

	const dry = await runBackfill({ ...window, mode: 'dryRun', creditBudget: 0 });
	expect(dry.report).toMatchObject({
		mode: 'dry run',
		chats: 10,
		messages: 150,
		numbers: 10,
		recordsToCreate: 6,
		finished: true,
	});
	expect(dry.sentOn).toBe(0);
	expect(dry.credits).toBe(dry.report.lookUpCredits);

	const run = await runBackfill({ ...window, mode: 'run' });
	expect(run.report).toMatchObject({ mode: 'run', messages: 150, finished: true });
	expect(run.batches).toBe(3);
	expect(run.sentOn).toBe(150);
	// The estimate is what the run costs at most: notes charged one by one (the other reading), within
	// 20 % (10 % when every create goes alone; the estimate charges each 1 credit, and the new records of
	// a batch whose creates meet are inserted together, 1 credit per 10). Charged like records (1 credit
	// per 10 notes of a bulk write), the run costs clearly less.
	const estimate = dry.report.estimatedCredits as number;
	const perNote = stack.sandbox.zoho.behaviour().noteWriteMetering === 'perNote';
	const off = (estimate - run.credits) / run.credits;
	expect({ estimate, spent: run.credits, upperBound: run.credits <= estimate }).toMatchObject({
		upperBound: true,
	});
	if (perNote)
		expect({ estimate, spent: run.credits, withinTwentyPercent: off <= 0.2 }).toMatchObject({
			withinTwentyPercent: true,
		});
	else expect(run.credits).toBeLessThanOrEqual(estimate * 0.9);
	await expectEveryMessageOnce(seeded);

	const again = await runBackfill({ ...window, mode: 'run' });
	expect(again.report).toMatchObject({ messages: 150, finished: true });
	expect(again.sentOn).toBe(0);
	expect(again.credits).toBe(0);
	await expectEveryMessageOnce(seeded);
});

it('a run stopped by its credit budget, resumed after the chat its report names, leaves every message once', async () => {
	const seeded = await seedHistory('+4915112370', 14, {
		chats: 6,
		days: 2,
		perDay: 4,
		existing: 2,
	});
	const window = { startDate: seeded.start, endDate: seeded.end, options: { chatsPerBatch: 2 } };
	const dry = await runBackfill({ ...window, mode: 'dryRun', creditBudget: 0 });
	const budget = Math.floor((dry.report.estimatedCredits as number) / 2);

	const stopped = await runBackfill({ ...window, mode: 'run', creditBudget: budget });
	expect(stopped.report).toMatchObject({ finished: false });
	expect(stopped.credits).toBeLessThanOrEqual(budget);
	expect(stopped.sentOn).toBeGreaterThan(0);
	expect(stopped.sentOn).toBeLessThan(48);
	const resumeAfterChatId = stopped.report.resumeAfterChatId as number;
	expect(resumeAfterChatId).toBeGreaterThan(0);

	const resumed = await runBackfill({
		...window,
		mode: 'run',
		creditBudget: 0,
		options: { ...window.options, resumeAfterChatId },
	});
	expect(resumed.report).toMatchObject({ finished: true });
	expect(stopped.sentOn + resumed.sentOn).toBe(48);
	await expectEveryMessageOnce(seeded);
});

it('alongside the live sync: a message the webhook already wrote is not written again by a backfill up to now', async () => {
	const seeded = await seedHistory('+4915112380', 1, { chats: 2, days: 1, perDay: 3, existing: 0 });
	const phone = seeded.messages[0].phone;
	const live = await stack.client.simulateMessage({ phone, name: 'Contact 0', text: 'live now' });
	await waitFor(
		'the live message in Zoho',
		async () => {
			const [lead] = await stack.client.recordsByPhone('Leads', 'Mobile', phone);
			const notes = lead ? await stack.client.notesOf('Leads', lead.id) : [];
			return notes.some((note) => note.Note_Content.includes('live now'));
		},
		20_000,
		250,
	);
	await new Promise((resolve) => setTimeout(resolve, 2_000)); // the sync log row after the note

	// End Date empty: up to now, the live message included in the window.
	const run = await runBackfill({
		startDate: seeded.start,
		endDate: '',
		mode: 'run',
		creditBudget: 0,
		options: { chatsPerBatch: 25 },
	});
	expect(run.report).toMatchObject({ chats: 2, messages: 7, finished: true });
	expect(run.sentOn).toBe(6); // the live one was in the sync log
	await expectEveryMessageOnce({
		...seeded,
		messages: [...seeded.messages, { uid: live.message_uid, phone, text: 'live now' }],
	});
});
