/**
 * Issue 14, "Loose types at the trigger": each attempt replayed against the TimelinesAI Trigger's webhook
 * (the bundled workflow's nodes against the sandbox). A payload of the wrong type is refused with 400
 * naming the field, starts no execution and writes nothing; an oversized one gets 413 (TimelinesAI would
 * retry a 5xx); the error never echoes a big value back.
 */
import { noteUids } from '../../nodes/shared/domain/noteContent';
import {
	startPipelineFixture,
	type PipelineFixture,
} from '../integration/nodes/harness/pipelineFixture';
import { deliver, genuinePayload, notesOfContact, type Payload } from './hostileDelivery';

let f: PipelineFixture;

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: 'Europe/London', numberPrefix: '+3461233' });
});

afterAll(async () => {
	await f?.close();
});

beforeEach(() => f.use());

/** Delivers a tampered copy of a genuine payload; expects it refused and nothing written. */
async function expectRefused(
	tamper: (body: Payload) => void,
	status: number,
	field: string,
): Promise<string> {
	const { body, phone } = await genuinePayload(f);
	const before = await notesOfContact(f, phone);
	tamper(body);
	const answer = await deliver(f, body);
	expect(answer.status).toBe(status);
	expect(answer.message).toContain(field);
	expect(await f.pipeline.settle()).toEqual([]);
	expect(await notesOfContact(f, phone)).toEqual(before);
	return answer.text;
}

describe('loose types at the trigger', () => {
	it.each([['true'], [1], ['yes'], [0], [null]])(
		'refuses is_group sent as %p instead of syncing a group as a one-to-one chat',
		async (isGroup) => {
			await expectRefused((body) => (body.chat.is_group = isGroup), 400, 'chat.is_group');
		},
	);

	it('refuses a message dated in 2099, and writes no 2099 note', async () => {
		await expectRefused(
			(body) => (body.message.timestamp = '2099-01-01 10:00:00 +0000'),
			400,
			'message.timestamp "2099-01-01 10:00:00 +0000" is more than 5 minutes in the future',
		);
	});

	it.each([
		['2026-02-30 10:00:00 +0000'],
		['2026-04-31 10:00:00 +0000'],
		['2026-01-01 24:00:00 +0000'],
	])('refuses the impossible date %s instead of rolling it over', async (timestamp) => {
		await expectRefused((body) => (body.message.timestamp = timestamp), 400, 'is not a valid date');
	});

	it('keeps numeric text as text instead of dropping it', async () => {
		const { body, phone } = await genuinePayload(f);
		body.message.text = 12345;
		expect((await deliver(f, body)).status).toBe(200);
		await f.pipeline.settle();
		const [note] = await notesOfContact(f, phone);
		expect(noteUids(note).has(String(body.message.message_uid))).toBe(true);
		expect(note).toMatch(/: 12345 ⟦[0-9a-z]{6}⟧/);
	});

	it('names the field of a 3 MB invalid payload without echoing it back', async () => {
		const text = await expectRefused(
			(body) => (body.message.direction = 'x'.repeat(3_000_000)),
			413,
			'Payload over',
		);
		expect(text.length).toBeLessThan(300);
		const smaller = await expectRefused(
			(body) => (body.message.direction = 'x'.repeat(500_000)),
			400,
			'message.direction "xxx',
		);
		expect(smaller.length).toBeLessThan(300);
		expect(smaller).toContain('(500000 characters)');
	});

	it.each([[2], [17]])('answers 413 to a %i MB body, not 500', async (megabytes) => {
		const text = await expectRefused(
			(body) => (body.message.text = 'y'.repeat(megabytes * 1024 * 1024)),
			413,
			'Payload over 1048576 bytes',
		);
		expect(text.length).toBeLessThan(300);
	});

	it('answers 401 before looking at the size of a body without the secret', async () => {
		const { body } = await genuinePayload(f);
		body.message.text = 'y'.repeat(2 * 1024 * 1024);
		expect((await deliver(f, body, null)).status).toBe(401);
		expect(await f.pipeline.settle()).toEqual([]);
	});
});
