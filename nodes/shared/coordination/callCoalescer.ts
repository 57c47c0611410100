/**
 * Coalesces calls that arrive at about the same moment into one bulk call (e.g. the daily note updates of
 * many records into one PUT /Notes).
 *
 * The first request opens a batch; requests arriving within `windowMs` join it; the batch is sent when the
 * window ends or it is full. While `maxInFlight` batches are being sent, new requests keep joining the next
 * batch, so under load batches grow by themselves. Each requester receives its own result: the flush answers
 * one result (or Error) per request, in order; an Error fails that request only. A flush that throws fails
 * every request of its batch.
 */
export interface CoalescerOptions<Req, Res> {
	/** How long a batch stays open for more requests (read on each new batch: it may follow a budget). */
	windowMs: () => number;
	/** Requests per batch at most. */
	maxBatch: number;
	/** Batches being sent at once at most; more requests wait for the next batch. */
	maxInFlight: number;
	/** Waits (n8n's `sleep` in node code: timers are not allowed there). */
	wait: (ms: number) => Promise<void>;
	flush: (requests: Req[]) => Promise<Array<Res | Error>>;
}

interface Waiting<Req, Res> {
	request: Req;
	resolve: (result: Res) => void;
	reject: (error: unknown) => void;
}

export interface CoalescerStats {
	/** Batches sent. */
	batches: number;
	/** Requests served. */
	requests: number;
	/** Largest batch sent. */
	largest: number;
}

export class CallCoalescer<Req, Res> {
	private open: Array<Waiting<Req, Res>> = [];
	private windowOpen = false;
	private inFlight = 0;
	readonly stats: CoalescerStats = { batches: 0, requests: 0, largest: 0 };

	constructor(private readonly options: CoalescerOptions<Req, Res>) {}

	submit(request: Req): Promise<Res> {
		return new Promise<Res>((resolve, reject) => {
			this.open.push({ request, resolve, reject });
			if (this.open.length >= this.options.maxBatch && this.inFlight < this.options.maxInFlight) {
				void this.send();
				return;
			}
			if (!this.windowOpen) {
				this.windowOpen = true;
				void this.options.wait(Math.max(0, this.options.windowMs())).then(() => {
					this.windowOpen = false;
					if (this.inFlight < this.options.maxInFlight) void this.send();
				});
			}
		});
	}

	/** Requests waiting to be sent (for tests and diagnostics). */
	get waiting(): number {
		return this.open.length;
	}

	private async send(): Promise<void> {
		if (this.open.length === 0) return;
		const batch = this.open.splice(0, this.options.maxBatch);
		this.inFlight += 1;
		this.stats.batches += 1;
		this.stats.requests += batch.length;
		this.stats.largest = Math.max(this.stats.largest, batch.length);
		try {
			const results = await this.options.flush(batch.map((w) => w.request));
			batch.forEach((waiting, index) => {
				const result = results[index];
				if (results.length !== batch.length)
					waiting.reject(
						new Error(
							`A bulk call answered ${results.length} results for ${batch.length} requests`,
						),
					);
				else if (result instanceof Error) waiting.reject(result);
				else waiting.resolve(result);
			});
		} catch (error) {
			for (const waiting of batch) waiting.reject(error);
		} finally {
			this.inFlight -= 1;
			// What arrived while this batch was sent goes now (its window has ended, or it is full).
			if (this.open.length > 0 && (!this.windowOpen || this.open.length >= this.options.maxBatch))
				void this.send();
		}
	}
}
