/**
 * In-process mutual exclusion per key (e.g. per credential + E.164 number in Match or Create).
 *
 * Why: Zoho has no lock or transaction (docs/api-facts.md, Zoho, design implication 10). Two first messages of a
 * new contact arriving at once would both search (nothing found yet) and both create a lead. Running
 * the search-then-create of one number one at a time lets the second caller find the first one's
 * record (through the node's number → record cache). Other processes are covered by the RedisLock of
 * queue mode (distributedLock.ts) and by a unique phone field (DUPLICATE_DATA is treated as a match).
 */
export class KeyedMutex {
	private readonly tails = new Map<string, Promise<void>>();

	async run<V>(key: string, task: () => Promise<V>): Promise<V> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const current = new Promise<void>((resolve) => {
			release = resolve;
		});
		const tail = previous.then(() => current);
		this.tails.set(key, tail);
		await previous;
		try {
			return await task();
		} finally {
			release();
			// Forget the key once nobody queued behind us, so the map stays bounded by live keys.
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}

	/** Keys currently held or awaited (for tests and diagnostics). */
	heldKeys(): string[] {
		return [...this.tails.keys()];
	}
}
