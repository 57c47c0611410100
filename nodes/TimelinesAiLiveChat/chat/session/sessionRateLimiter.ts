export interface SessionRateLimiterOptions {
	/** Requests allowed per key within one window. */
	limit: number;
	windowMs: number;
	/** Upper bound of keys tracked; the oldest window is dropped first. */
	maxKeys?: number;
	now?: () => number;
}

/**
 * Fixed-window counter per session (or per client address before a session exists). Fixed windows allow a
 * burst of up to 2× the limit across a window boundary; that is acceptable here, the point is to stop a
 * stolen session or a runaway script from burning TimelinesAI message credits and Zoho API credits.
 */
export class SessionRateLimiter {
	private readonly windows = new Map<string, { startMs: number; count: number }>();
	private readonly now: () => number;

	constructor(private readonly options: SessionRateLimiterOptions) {
		this.now = options.now ?? Date.now;
	}

	/** Counts one request; false when the key is over its limit for the current window. */
	tryTake(key: string): boolean {
		const now = this.now();
		let window = this.windows.get(key);
		if (!window || now - window.startMs >= this.options.windowMs) {
			this.windows.delete(key);
			this.evictIfFull();
			window = { startMs: now, count: 0 };
			this.windows.set(key, window);
		}
		window.count += 1;
		return window.count <= this.options.limit;
	}

	private evictIfFull(): void {
		const max = this.options.maxKeys ?? 10_000;
		while (this.windows.size >= max) {
			const oldest = this.windows.keys().next().value;
			if (oldest === undefined) return;
			this.windows.delete(oldest);
		}
	}
}
