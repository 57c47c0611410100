import { KeyedMutex } from './keyedMutex';

/**
 * Mutual exclusion per key around a read-modify-write against Zoho, which has no lock or transaction
 * (docs/api-facts.md, Zoho, design implication 10).
 *
 * Two implementations: InProcessLock (one n8n process: main, or a single worker — the default, no setup)
 * and RedisLock (queue mode: main + workers, where an in-process lock no longer excludes anybody).
 */
export interface DistributedLock {
	/** Runs the task while holding the key; throws LockTimeoutError when the key stays taken too long. */
	withLock<V>(key: string, task: (lease: LockLease) => Promise<V>): Promise<V>;
}

export interface LockLease {
	/**
	 * Who held this key last before us: 'this' process (so what this process cached under the key is
	 * still what Zoho has), an 'other' process (caches of this process may be stale), or 'none' known
	 * (never held, or so long ago that the record of it expired).
	 */
	lastHolder: 'this' | 'other' | 'none';
	/** What the last holder left with the key (see leave), when it was another process. */
	left?: string;
	/** Leaves a small value with the key for the next holder (e.g. the ids it would otherwise list again). */
	leave(value: string): void;
	/** True when the lock excludes every n8n process (Redis), not only the executions of this one. */
	crossProcess?: boolean;
}

export class LockTimeoutError extends Error {
	constructor(
		readonly key: string,
		waitedMs: number,
	) {
		super(
			`Could not take the queue-mode lock "${key}" within ${Math.round(waitedMs / 1000)} s: another n8n process holds it. ` +
				'It expires by itself if that process died; retry the execution.',
		);
		this.name = 'LockTimeoutError';
	}
}

/** The holder kept the key longer than its time to live: another process may have written meanwhile. */
export class LockLostError extends Error {
	constructor(
		readonly key: string,
		ttlMs: number,
	) {
		super(
			`The queue-mode lock "${key}" expired (after ${Math.round(ttlMs / 1000)} s) before the write finished; ` +
				'retry the execution (the note merge is idempotent, nothing is doubled).',
		);
		this.name = 'LockLostError';
	}
}

/** One n8n process: executions of this process queue behind each other per key. */
export class InProcessLock implements DistributedLock {
	private readonly mutex = new KeyedMutex();

	async withLock<V>(key: string, task: (lease: LockLease) => Promise<V>): Promise<V> {
		// Nobody else can have written under the key: this process is the only writer there is.
		return await this.mutex.run(
			key,
			async () => await task({ lastHolder: 'this', leave: () => undefined }),
		);
	}
}

/** Shared by every execution of this process that is not configured for queue mode. */
export const inProcessLock: DistributedLock = new InProcessLock();
