import { randomUUID } from 'node:crypto';
import { sleep } from 'n8n-workflow';

import {
	LockLostError,
	LockTimeoutError,
	type DistributedLock,
	type LockLease,
} from './distributedLock';
import { KeyedMutex } from './keyedMutex';
import type { RedisScriptRunner } from '../transport/redis/redisConnection';

export interface RedisLockTimings {
	/** The key expires by itself after this long, so a crashed worker blocks nobody for longer. */
	ttlMs: number;
	/** How long a waiter polls before giving up with LockTimeoutError (longer than ttlMs: a dead holder's key expires first). */
	waitMs: number;
	/** How long the "last holder" record is kept (longer than any cache that relies on it). */
	lastHolderTtlMs: number;
}

export const DEFAULT_LOCK_TIMINGS: RedisLockTimings = {
	ttlMs: 30_000,
	waitMs: 60_000,
	lastHolderTtlMs: 24 * 3600_000,
};

export const LOCK_KEY_PREFIX = 'n8n-nodes-timelinesai-zoho:lock:';

// SET key token NX PX ttl; when taken, also answer who released the key last (KEYS[2]), atomically.
const ACQUIRE = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('GET', KEYS[2]) or ''
end
return false`;

// Compare-and-delete: only the holder's own token releases the key (after a TTL expiry it may be
// somebody else's); the releaser is recorded as the last holder, with what it left for the next one.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Identifies this n8n process as a lock holder. */
const PROCESS_ID = randomUUID();

/**
 * Cross-process lock on Redis (single instance; the Redlock caveats on failover apply — a lost lock is
 * detected at release and fails the execution, whose retry is harmless because every write is an
 * idempotent merge). Waiters of this process queue locally first, so only one of them polls Redis.
 */
export class RedisLock implements DistributedLock {
	private readonly local = new KeyedMutex();

	constructor(
		private readonly redis: RedisScriptRunner,
		private readonly timings: RedisLockTimings = DEFAULT_LOCK_TIMINGS,
		private readonly processId: string = PROCESS_ID,
	) {}

	async withLock<V>(key: string, task: (lease: LockLease) => Promise<V>): Promise<V> {
		return await this.local.run(key, async () => {
			const lockKey = `${LOCK_KEY_PREFIX}${key}`;
			const keys = [lockKey, `${lockKey}:last`];
			const token = randomUUID();
			const lease = await this.acquire(keys, token);
			let left = '';
			lease.leave = (value) => (left = value);
			lease.crossProcess = true;
			const outcome = await task(lease).then(
				(value) => ({ ok: true as const, value }),
				(error: unknown) => ({ ok: false as const, error }),
			);
			const released = await this.release(keys, token, outcome.ok ? left : '');
			// A failed task reports its own error; one that "succeeded" after losing the key must not pass.
			if (!outcome.ok) throw outcome.error;
			if (!released) throw new LockLostError(lockKey, this.timings.ttlMs);
			return outcome.value;
		});
	}

	private async acquire(keys: string[], token: string): Promise<LockLease> {
		const started = Date.now();
		for (let attempt = 0; ; attempt++) {
			const last = await this.redis.evalScript(ACQUIRE, keys, [token, String(this.timings.ttlMs)]);
			if (typeof last === 'string') {
				// "<process id>\n<what it left>", or '' when nobody held the key within lastHolderTtlMs.
				const [holder, ...rest] = last.split('\n');
				if (holder === '') return { lastHolder: 'none', leave: () => undefined };
				if (holder === this.processId) return { lastHolder: 'this', leave: () => undefined };
				return { lastHolder: 'other', left: rest.join('\n') || undefined, leave: () => undefined };
			}
			const waited = Date.now() - started;
			if (waited >= this.timings.waitMs) throw new LockTimeoutError(keys[0], waited);
			// 5, 10, 20, 40, 50 … ms plus jitter: a holder's commit is a few Zoho calls, and a poll on loopback
			// Redis costs far less than the time a waiter would otherwise sit idle after the release.
			await sleep(Math.min(5 * 2 ** attempt, 50) + Math.floor(Math.random() * 10));
		}
	}

	private async release(keys: string[], token: string, left: string): Promise<boolean> {
		const released = await this.redis.evalScript(RELEASE, keys, [
			token,
			`${this.processId}\n${left}`,
			String(this.timings.lastHolderTtlMs),
		]);
		return released === 1;
	}
}
