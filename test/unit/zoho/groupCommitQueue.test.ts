import { GroupCommitQueue } from '../../../nodes/shared/zoho/groupCommitQueue';

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
		const waiters = [queue.submit('note-1', ['b', 'c'], commit), queue.submit('note-1', ['d'], commit)];
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
		const results = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.submit('k', [i], commit)));
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
		await expect(queue.submit('k', ['a', 'b'], async () => ['only-one'])).rejects.toThrow('1 results for 2 items');
	});
});
