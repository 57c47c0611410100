import {
	DeliveryBatcher,
	type BatchOptions,
} from '../../../../nodes/TimelinesAiTrigger/deliveryBatcher';

function manualWait(): { wait: BatchOptions['wait']; elapse: () => void; calls: number[] } {
	const pending: Array<() => void> = [];
	const calls: number[] = [];
	return {
		calls,
		wait: async (ms) => {
			calls.push(ms);
			await new Promise<void>((resolve) => pending.push(resolve));
		},
		elapse: () => pending.splice(0).forEach((resolve) => resolve()),
	};
}
const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('DeliveryBatcher', () => {
	it('gives the leader every item that arrived within the window; followers are released only once the batch is taken', async () => {
		const batcher = new DeliveryBatcher<string>();
		const clock = manualWait();
		const options = { windowMs: 200, maxItems: 100, wait: clock.wait };
		const leader = batcher.add('hook', 'm1', options);
		let followersDone = 0;
		const followers = ['m2', 'm3'].map(async (item) => {
			const role = await batcher.add('hook', item, options);
			followersDone += 1;
			return role;
		});
		await tick();
		expect(followersDone).toBe(0); // not acknowledged while the batch is still open
		expect(clock.calls).toEqual([200]);
		clock.elapse();
		await expect(leader).resolves.toEqual({ role: 'leader', items: ['m1', 'm2', 'm3'] });
		await expect(Promise.all(followers)).resolves.toEqual([
			{ role: 'follower' },
			{ role: 'follower' },
		]);
	});

	it('starts a new batch after the window closed, and keeps keys (trigger registrations) apart', async () => {
		const batcher = new DeliveryBatcher<string>();
		const clock = manualWait();
		const options = { windowMs: 50, maxItems: 100, wait: clock.wait };
		const a1 = batcher.add('a', 'a1', options);
		const b1 = batcher.add('b', 'b1', options);
		await tick();
		clock.elapse();
		await expect(a1).resolves.toEqual({ role: 'leader', items: ['a1'] });
		await expect(b1).resolves.toEqual({ role: 'leader', items: ['b1'] });
		const a2 = batcher.add('a', 'a2', options);
		await tick();
		clock.elapse();
		await expect(a2).resolves.toEqual({ role: 'leader', items: ['a2'] });
		expect(batcher.openKeys()).toEqual([]);
	});

	it('closes a full batch at once, without waiting for the window', async () => {
		const batcher = new DeliveryBatcher<number>();
		const clock = manualWait();
		const options = { windowMs: 10_000, maxItems: 3, wait: clock.wait };
		const roles = [1, 2, 3].map((n) => batcher.add('hook', n, options));
		await expect(roles[0]).resolves.toEqual({ role: 'leader', items: [1, 2, 3] });
		const fourth = batcher.add('hook', 4, options); // opens the next batch
		await tick();
		expect(batcher.openKeys()).toEqual(['hook']);
		clock.elapse();
		await expect(fourth).resolves.toEqual({ role: 'leader', items: [4] });
	});

	it('does not wait at all when batches hold one item (batching off)', async () => {
		const batcher = new DeliveryBatcher<string>();
		const clock = manualWait();
		await expect(
			batcher.add('hook', 'x', { windowMs: 200, maxItems: 1, wait: clock.wait }),
		).resolves.toEqual({ role: 'leader', items: ['x'] });
		expect(clock.calls).toEqual([]);
	});
});
