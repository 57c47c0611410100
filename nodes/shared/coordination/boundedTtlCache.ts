/**
 * A small Map with a time-to-live per entry and a size bound (oldest inserted entry evicted first).
 * ADAPTER — the transport module is specified to export a generic TtlCache; use it once it lands.
 */
export class BoundedTtlCache<K, V> {
	private readonly entries = new Map<K, { value: V; expiresAt: number }>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxSize: number,
		private readonly now: () => number = () => Date.now(),
	) {}

	get(key: K): V | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= this.now()) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.value;
	}

	set(key: K, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
		while (this.entries.size > this.maxSize) {
			const oldest = this.entries.keys().next();
			if (oldest.done) break;
			this.entries.delete(oldest.value);
		}
	}

	delete(key: K): void {
		this.entries.delete(key);
	}

	/** Drops every entry the predicate picks (e.g. all entries pointing at a record Zoho no longer has). */
	deleteWhere(predicate: (key: K, value: V) => boolean): number {
		let dropped = 0;
		for (const [key, entry] of [...this.entries])
			if (predicate(key, entry.value)) dropped += Number(this.entries.delete(key));
		return dropped;
	}

	get size(): number {
		return this.entries.size;
	}
}

/** One cache per credential id, so two Zoho organisations never see each other's records. */
export class PerCredentialCache<K, V> {
	private readonly byCredential = new Map<string, BoundedTtlCache<K, V>>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxSize: number,
	) {}

	for(credentialId: string): BoundedTtlCache<K, V> {
		let cache = this.byCredential.get(credentialId);
		if (!cache) {
			cache = new BoundedTtlCache<K, V>(this.ttlMs, this.maxSize);
			this.byCredential.set(credentialId, cache);
		}
		return cache;
	}
}
