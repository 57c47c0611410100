// The queue-mode lock against a real redis-server (started here on a free loopback port). Two n8n
// processes are modelled by two RedisLock instances with different process ids.
import { sleep } from 'n8n-workflow';

import {
	LockLostError,
	LockTimeoutError,
} from '../../../nodes/shared/coordination/distributedLock';
import { LOCK_KEY_PREFIX, RedisLock } from '../../../nodes/shared/coordination/redisLock';
import { describeWithRedis, fastLockTimings as fast, useRedisServer } from './redisTestServer';

describeWithRedis('RedisLock (real redis-server)', () => {
	const { runner } = useRedisServer();

	it('lets only one of two processes hold a key at a time', async () => {
		const workers = [
			new RedisLock(runner(), fast, 'worker-1'),
			new RedisLock(runner(), fast, 'worker-2'),
		];
		let inFlight = 0;
		let maxInFlight = 0;
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				workers[i % 2].withLock('exclusive', async () => {
					inFlight += 1;
					maxInFlight = Math.max(maxInFlight, inFlight);
					await sleep(5);
					inFlight -= 1;
				}),
			),
		);
		expect(maxInFlight).toBe(1);
	});

	it('tells the holder whether another process held the key since this one did', async () => {
		const a = new RedisLock(runner(), fast, 'process-a');
		const b = new RedisLock(runner(), fast, 'process-b');
		const lastHolder = async (lock: RedisLock) =>
			await lock.withLock('holders', async (lease) => lease.lastHolder);
		expect(await lastHolder(a)).toBe('none');
		expect(await lastHolder(a)).toBe('this');
		expect(await lastHolder(b)).toBe('other');
		expect(await lastHolder(a)).toBe('other');
	});

	it('hands what a holder left to the next holder in another process, unless its task failed', async () => {
		const a = new RedisLock(runner(), fast, 'process-a');
		const b = new RedisLock(runner(), fast, 'process-b');
		await a.withLock('handoff', async (lease) => lease.leave('1:111,2:222'));
		expect(await b.withLock('handoff', async (lease) => lease.left)).toBe('1:111,2:222');
		await expect(
			b.withLock('handoff', async (lease) => {
				lease.leave('1:999');
				throw new Error('the Zoho write failed');
			}),
		).rejects.toThrow('the Zoho write failed');
		expect(await a.withLock('handoff', async (lease) => [lease.lastHolder, lease.left])).toEqual([
			'other',
			undefined,
		]);
	});

	it('gives up with an error naming the lock key when another process keeps it', async () => {
		const holder = new RedisLock(runner(), fast, 'holder');
		const waiter = new RedisLock(runner(), { ...fast, waitMs: 300 }, 'waiter');
		let release!: () => void;
		const held = holder.withLock('busy', () => new Promise<void>((resolve) => (release = resolve)));
		await sleep(50);
		const error = await waiter.withLock('busy', async () => 'never').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LockTimeoutError);
		expect((error as Error).message).toContain(`"${LOCK_KEY_PREFIX}busy"`);
		release();
		await held;
	});

	it('is taken over once the key of a crashed holder expires', async () => {
		// A holder that died: its key is there with a TTL, nobody will release it.
		await runner().evalScript(
			"return redis.call('SET', KEYS[1], 'dead-token', 'PX', '300')",
			[`${LOCK_KEY_PREFIX}crashed`],
			[],
		);
		const started = Date.now();
		await new RedisLock(runner(), fast, 'survivor').withLock('crashed', async () => undefined);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
	});

	it('fails a task that outlived its TTL instead of reporting it done, and leaves the new holder its key', async () => {
		const slow = new RedisLock(runner(), { ...fast, ttlMs: 100 }, 'slow');
		const next = new RedisLock(runner(), fast, 'next');
		let nextHolds = false;
		const slowTask = slow.withLock('expiring', async () => {
			await sleep(400);
			return 'written';
		});
		await sleep(150);
		const nextTask = next.withLock('expiring', async () => {
			nextHolds = true;
			await sleep(400);
			// Still ours: the slow holder's release did not delete the key it no longer owned.
			return await runner().evalScript(
				"return redis.call('PTTL', KEYS[1])",
				[`${LOCK_KEY_PREFIX}expiring`],
				[],
			);
		});
		await expect(slowTask).rejects.toBeInstanceOf(LockLostError);
		expect(nextHolds).toBe(true);
		expect(await nextTask).toBeGreaterThan(0);
	});
});
