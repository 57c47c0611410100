import { GroupCommitQueue } from '../../../nodes/shared/coordination/groupCommitQueue';

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => {
		resolve = r;
	});
	return { promise, resolve };
}

describe('GroupCommitQueue', () => {
	it('writes everything that queued behind the holder in one commit and gives each submitter its own results', async () => {
		const queue = new GroupCommitQueue<string, string>();
		const gate = deferred();
		const commits: string[][] = [];
		const commit = async (items: string[]): Promise<string[]> => {
			commits.push(items);
			if (commits.length === 1) await gate.promise;
			return items.map((item) => `done:${item}`);
		};
		const first = queue.submit('note-1', ['a'], commit);
		const waiters = [
			queue.submit('note-1', ['b', 'c'], commit),
			queue.submit('note-1', ['d'], commit),
		];
		gate.resolve();
		expect(await first).toEqual(['done:a']);
		expect(await Promise.all(waiters)).toEqual([['done:b', 'done:c'], ['done:d']]);
		expect(commits).toEqual([['a'], ['b', 'c', 'd']]);
		expect(queue.stats.largestGroup).toBe(2);
	});

	it('never runs two commits for the same key at the same time', async () => {
		const queue = new GroupCommitQueue<number, number>();
		let inFlight = 0;
		let maxInFlight = 0;
		const commit = async (items: number[]): Promise<number[]> => {
			inFlight += 1;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight -= 1;
			return items;
		};
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) => queue.submit('k', [i], commit)),
		);
		expect(results.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
		expect(maxInFlight).toBe(1);
		expect(queue.stats.commits).toBeLessThan(20);
		expect(queue.activeKeys()).toEqual([]);
	});

	it('runs different keys independently', async () => {
		const queue = new GroupCommitQueue<string, string>();
		const gate = deferred();
		const blocked = queue.submit('a', ['x'], async (items) => {
			await gate.promise;
			return items;
		});
		await expect(queue.submit('b', ['y'], async (items) => items)).resolves.toEqual(['y']);
		gate.resolve();
		await expect(blocked).resolves.toEqual(['x']);
	});

	it('rejects every submitter of a failed commit and keeps serving later ones', async () => {
		const queue = new GroupCommitQueue<string, string>();
		const gate = deferred();
		const first = queue.submit('k', ['a'], async (items) => {
			await gate.promise;
			return items;
		});
		const failing = async (): Promise<string[]> => {
			throw new Error('zoho down');
		};
		const second = queue.submit('k', ['b'], failing);
		const third = queue.submit('k', ['c'], failing);
		gate.resolve();
		await first;
		await expect(second).rejects.toThrow('zoho down');
		await expect(third).rejects.toThrow('zoho down');
		await expect(queue.submit('k', ['d'], async (items) => items)).resolves.toEqual(['d']);
	});

	it('caps the batch size so one commit stays bounded', async () => {
		const queue = new GroupCommitQueue<number, number>(2);
		const sizes: number[] = [];
		const commit = async (items: number[]): Promise<number[]> => {
			sizes.push(items.length);
			await new Promise((resolve) => setImmediate(resolve));
			return items;
		};
		await Promise.all([1, 2, 3, 4, 5].map((n) => queue.submit('k', [n], commit)));
		expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
	});

	it('rejects a commit that returns the wrong number of results instead of mis-assigning them', async () => {
		const queue = new GroupCommitQueue<string, string>();
		await expect(queue.submit('k', ['a', 'b'], async () => ['only-one'])).rejects.toThrow(
			'1 results for 2 items',
		);
	});

	describe('linger under bursts', () => {
		const echo = async (items: string[]): Promise<string[]> => items;

		it('never waits for a quiet key (one submitter at a time)', async () => {
			const waits: number[] = [];
			const queue = new GroupCommitQueue<string, string>(500, {
				lingerMs: 400,
				hotBatchSize: 2,
				hotWindowMs: 2000,
				wait: async (ms) => void waits.push(ms),
			});
			for (const item of ['a', 'b', 'c']) await queue.submit('k', [item], echo);
			expect(waits).toEqual([]);
		});

		it('after a batch of several submitters, waits once and commits everything that arrived meanwhile in one batch', async () => {
			const lingering = deferred();
			const waits: number[] = [];
			const wait = async (ms: number) => {
				waits.push(ms);
				await lingering.promise;
			};
			const queue = new GroupCommitQueue<string, string>(500, {
				lingerMs: 400,
				hotBatchSize: 2,
				hotWindowMs: 2000,
				wait,
			});
			const batches: string[][] = [];
			const commit = async (items: string[]): Promise<string[]> => {
				batches.push(items);
				await new Promise((resolve) => setImmediate(resolve));
				return items;
			};
			const gate = deferred();
			const first = queue.submit('k', ['a'], async (items) => {
				await gate.promise;
				return commit(items);
			});
			const burst1 = ['b', 'c'].map((item) => queue.submit('k', [item], commit));
			gate.resolve();
			await Promise.all([first, ...burst1]);
			// the key is hot now: the next holder lingers, and late arrivals join its batch
			const burst2 = ['d', 'e', 'f'].map((item) => queue.submit('k', [item], commit));
			await new Promise((resolve) => setImmediate(resolve));
			expect(waits).toEqual([400]);
			lingering.resolve();
			await expect(Promise.all(burst2)).resolves.toEqual([['d'], ['e'], ['f']]);
			expect(batches).toEqual([['a'], ['b', 'c'], ['d', 'e', 'f']]);
		});

		it('waits at least minimumMs for every batch of a key that asks for it (a tight credit budget), quiet or not', async () => {
			const waits: Array<[string, number]> = [];
			let key = '';
			const queue = new GroupCommitQueue<string, string>(500, {
				lingerMs: 400,
				hotBatchSize: 2,
				hotWindowMs: 2000,
				wait: async (ms) => void waits.push([key, ms]),
				minimumMs: (k) => (k.startsWith('tight|') ? 1500 : 0),
			});
			for (const k of ['tight|a', 'free|b', 'tight|c']) {
				key = k;
				await queue.submit(k, ['x'], echo);
			}
			expect(waits).toEqual([
				['tight|a', 1500],
				['tight|c', 1500],
			]);
		});

		it('cools down: a hot key that stays quiet past the window stops lingering', async () => {
			let now = 0;
			const waits: number[] = [];
			const queue = new GroupCommitQueue<string, string>(
				500,
				{
					lingerMs: 400,
					hotBatchSize: 1,
					hotWindowMs: 2000,
					wait: async (ms) => void waits.push(ms),
				},
				() => now,
			);
			await queue.submit('k', ['a'], echo);
			await new Promise((resolve) => setImmediate(resolve)); // the holder records its batch after resolving
			now = 5000;
			await queue.submit('k', ['b'], echo);
			expect(waits).toEqual([]);
		});
	});
});
