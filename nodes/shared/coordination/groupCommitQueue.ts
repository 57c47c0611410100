/**
 * Group commit per key (e.g. one Zoho note per record and day).
 *
 * Why: a daily note has no atomic "append" in Zoho (read-modify-write of the whole Note_Content,
 * docs/api-facts.md, Zoho §5.1). Two executions appending to the same note at once would each write their own
 * version and one line would be lost. Serialising them per key fixes the loss but costs one
 * read + write per message; group commit goes further: while one submitter (the holder) is writing,
 * every submitter that arrives for the same key waits in a batch, and when the holder is done the
 * whole batch is written by ONE commit (the first waiter's commit function runs with everybody's items).
 * Each submitter receives exactly the results for its own items, in its own order.
 *
 * Linger: under a burst (the key's previous batch, finished moments ago, served several submitters),
 * the holder waits `lingerMs` before taking the next batch so it collects more of the burst — a few
 * hundred ms of latency for a hot key buys far fewer reads and writes. A quiet key never lingers.
 *
 * The queue lives in this process only: it protects concurrent executions of one n8n instance
 * (main or a single worker). Across processes (queue mode) each commit also holds the note's
 * RedisLock (see distributedLock.ts); without it, two workers' read-merge-writes can drop each other's lines.
 */
export type GroupCommitFunction<T, R> = (items: T[]) => Promise<R[]>;

interface PendingEntry<T, R> {
	items: T[];
	commit: GroupCommitFunction<T, R>;
	resolve: (results: R[]) => void;
	reject: (error: unknown) => void;
}

export interface GroupCommitStats {
	/** Number of commit calls made so far (all keys). */
	commits: number;
	/** Largest number of submitters served by one commit. */
	largestGroup: number;
}

export interface LingerOptions {
	/** How long the holder waits for more submitters when the key is hot. */
	lingerMs: number;
	/** A key is hot when its previous batch had at least this many submitters … */
	hotBatchSize: number;
	/** … and finished less than this long ago. */
	hotWindowMs: number;
	/** Waits (n8n's `sleep` in node code; timers are not allowed there). */
	wait: (ms: number) => Promise<void>;
	/** Every batch of the key waits at least this long, hot or not (e.g. while a credit budget is tight). */
	minimumMs?: (key: string) => number;
}

const MAX_TRACKED_KEYS = 10_000;

export class GroupCommitQueue<T, R> {
	private readonly pending = new Map<string, Array<PendingEntry<T, R>>>();
	private readonly running = new Set<string>();
	private readonly lastBatch = new Map<string, { submitters: number; endedAt: number }>();
	readonly stats: GroupCommitStats = { commits: 0, largestGroup: 0 };

	/**
	 * @param maxItemsPerCommit a batch never grows beyond this many items (it may exceed it only when a single submitter brings more).
	 * @param linger batch more under bursts (off when omitted)
	 */
	constructor(
		private readonly maxItemsPerCommit = 500,
		private readonly linger?: LingerOptions,
		private readonly now: () => number = Date.now,
	) {}

	submit(key: string, items: T[], commit: GroupCommitFunction<T, R>): Promise<R[]> {
		return new Promise<R[]>((resolve, reject) => {
			const queue = this.pending.get(key) ?? [];
			queue.push({ items, commit, resolve, reject });
			this.pending.set(key, queue);
			if (!this.running.has(key)) void this.drain(key);
		});
	}

	/** Keys with a commit in progress or submitters waiting (for tests and diagnostics). */
	activeKeys(): string[] {
		return [...new Set([...this.running, ...this.pending.keys()])];
	}

	private takeBatch(key: string): Array<PendingEntry<T, R>> {
		const queue = this.pending.get(key) ?? [];
		const batch: Array<PendingEntry<T, R>> = [];
		let size = 0;
		while (queue.length > 0) {
			const next = queue[0];
			if (batch.length > 0 && size + next.items.length > this.maxItemsPerCommit) break;
			batch.push(next);
			size += next.items.length;
			queue.shift();
		}
		if (queue.length === 0) this.pending.delete(key);
		return batch;
	}

	private async drain(key: string): Promise<void> {
		this.running.add(key);
		try {
			while (this.pending.has(key)) {
				const linger = this.lingerOf(key);
				if (linger > 0 && this.linger) await this.linger.wait(linger);
				const batch = this.takeBatch(key);
				if (batch.length === 0) break;
				await this.commitBatch(batch);
				this.remember(key, batch.length);
			}
		} finally {
			this.running.delete(key);
		}
	}

	private lingerOf(key: string): number {
		if (!this.linger) return 0;
		const minimum = this.linger.minimumMs?.(key) ?? 0;
		return Math.max(this.isHot(key) ? this.linger.lingerMs : 0, minimum);
	}

	private isHot(key: string): boolean {
		const last = this.lastBatch.get(key);
		if (!this.linger || !last) return false;
		return (
			last.submitters >= this.linger.hotBatchSize &&
			this.now() - last.endedAt < this.linger.hotWindowMs
		);
	}

	private remember(key: string, submitters: number): void {
		if (!this.linger) return;
		this.lastBatch.delete(key);
		if (this.lastBatch.size >= MAX_TRACKED_KEYS)
			this.lastBatch.delete(this.lastBatch.keys().next().value as string);
		this.lastBatch.set(key, { submitters, endedAt: this.now() });
	}

	private async commitBatch(batch: Array<PendingEntry<T, R>>): Promise<void> {
		this.stats.commits += 1;
		this.stats.largestGroup = Math.max(this.stats.largestGroup, batch.length);
		const allItems = batch.flatMap((entry) => entry.items);
		let results: R[];
		try {
			results = await batch[0].commit(allItems);
			if (results.length !== allItems.length) {
				throw new Error(
					`Group commit returned ${results.length} results for ${allItems.length} items`,
				);
			}
		} catch (error) {
			for (const entry of batch) entry.reject(error);
			return;
		}
		let offset = 0;
		for (const entry of batch) {
			entry.resolve(results.slice(offset, offset + entry.items.length));
			offset += entry.items.length;
		}
	}
}
