import { sleep } from 'n8n-workflow';

import { CallCoalescer } from '../../../nodes/shared/coordination/callCoalescer';

function coalescer(options: { maxBatch?: number; maxInFlight?: number; windowMs?: number } = {}) {
	const batches: number[][] = [];
	const c = new CallCoalescer<number, string>({
		windowMs: () => options.windowMs ?? 10,
		maxBatch: options.maxBatch ?? 100,
		maxInFlight: options.maxInFlight ?? 1,
		wait: sleep,
		flush: async (requests) => {
			batches.push(requests);
			await sleep(20);
			if (requests.includes(-1)) throw new Error('the whole call failed');
			return requests.map((n) => (n === 13 ? new Error(`refused ${n}`) : `ok ${n}`));
		},
	});
	return { c, batches };
}

it('sends requests that arrive within the window as one batch; each requester gets its own result or error', async () => {
	const { c, batches } = coalescer();
	const answers = await Promise.allSettled([1, 2, 13, 4].map(async (n) => await c.submit(n)));
	expect(batches).toEqual([[1, 2, 13, 4]]);
	expect(
		answers.map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as Error).message)),
	).toEqual(['ok 1', 'ok 2', 'refused 13', 'ok 4']);
});

it('never sends more than maxBatch at once, and what arrives while a batch is in flight goes in the next one', async () => {
	const { c, batches } = coalescer({ maxBatch: 3 });
	const first = [1, 2, 3, 4, 5].map(async (n) => await c.submit(n));
	await sleep(15);
	const later = [6, 7].map(async (n) => await c.submit(n));
	await Promise.all([...first, ...later]);
	expect(batches[0]).toEqual([1, 2, 3]);
	expect(batches.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(3);
	expect(c.stats).toMatchObject({ requests: 7, largest: 3 });
});

it('a failed bulk call fails its own batch only', async () => {
	const { c } = coalescer();
	const failing = Promise.allSettled([5, -1].map(async (n) => await c.submit(n)));
	const results = await failing;
	expect(results.every((r) => r.status === 'rejected')).toBe(true);
	await expect(c.submit(6)).resolves.toBe('ok 6');
});
