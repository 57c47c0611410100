/**
 * At most `limit` tasks at once; the others wait in arrival order (first in, first out).
 *
 * Why FIFO: a freed slot is handed straight to the longest waiter, so a burst of new calls cannot
 * overtake a call that has been waiting (no starvation), and the count never briefly exceeds the limit.
 */
export class FifoSemaphore {
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(readonly limit: number) {
		if (!Number.isInteger(limit) || limit < 1)
			throw new RangeError(`FifoSemaphore limit must be a positive integer, got ${limit}`);
	}

	/** Runs `task` once a slot is free; the slot is released when it settles, whether it resolves or throws. */
	async run<V>(task: () => Promise<V>): Promise<V> {
		await this.acquire();
		try {
			return await task();
		} finally {
			this.release();
		}
	}

	/** Tasks holding a slot right now. */
	get inUse(): number {
		return this.running;
	}

	/** Tasks waiting for a slot. */
	get queued(): number {
		return this.waiting.length;
	}

	private async acquire(): Promise<void> {
		if (this.running < this.limit) {
			this.running += 1;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	private release(): void {
		const next = this.waiting.shift();
		// Hand the slot over without freeing it: `running` stays the same for the next task.
		if (next) next();
		else this.running -= 1;
	}
}
