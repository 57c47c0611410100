/**
 * Micro-batching of webhook deliveries: messages that arrive within a short window start ONE execution
 * with one item each, instead of one execution per message. Under load, n8n's per-execution cost
 * (execution record, workflow set-up, expression isolate) dominates the pipeline; a batch pays it once,
 * and the Zoho nodes write a batch's messages for one record in one note update.
 *
 * The first delivery of a window (the leader) waits `windowMs` (or until the batch is full) and returns
 * every message collected as the execution's items. The others (followers) hand their message to the
 * leader and wait until it has taken the batch before they are acknowledged, so a delivery is never
 * acknowledged to TimelinesAI before its message belongs to an execution — the same promise as without
 * batching. In-process only: each n8n main (or webhook) process batches what it receives.
 */
export interface BatchOptions {
	windowMs: number;
	maxItems: number;
	/** n8n's `sleep` in node code (timers are not allowed there) */
	wait: (ms: number) => Promise<void>;
}

export type BatchRole<T> = { role: 'leader'; items: T[] } | { role: 'follower' };

interface OpenBatch<T> {
	items: T[];
	full: () => void;
	taken: Promise<void>;
}

export class DeliveryBatcher<T> {
	private readonly open = new Map<string, OpenBatch<T>>();

	/** Adds an item to the key's open batch (opening one if none): the leader gets the batch's items, a follower nothing. */
	async add(key: string, item: T, options: BatchOptions): Promise<BatchRole<T>> {
		const current = this.open.get(key);
		if (current) {
			current.items.push(item);
			if (current.items.length >= options.maxItems) current.full();
			await current.taken;
			return { role: 'follower' };
		}
		let full!: () => void;
		let markTaken!: () => void;
		const filled = new Promise<void>((resolve) => (full = resolve));
		const batch: OpenBatch<T> = {
			items: [item],
			full,
			taken: new Promise<void>((resolve) => (markTaken = resolve)),
		};
		this.open.set(key, batch);
		if (options.maxItems > 1) await Promise.race([options.wait(options.windowMs), filled]);
		this.open.delete(key);
		markTaken();
		return { role: 'leader', items: batch.items };
	}

	/** Batches currently collecting (diagnostics and tests). */
	openKeys(): string[] {
		return [...this.open.keys()];
	}
}
