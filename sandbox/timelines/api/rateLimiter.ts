/**
 * "30 requests/second per IP address, burst of 10 extra; beyond that HTTP 429" (rate-limits page, see
 * api-facts-2026-11.md Q5): a one-second window per client address. Off (0) unless the fault
 * `rateLimitPerSecond` is set — every local client shares 127.0.0.1, and load tests run far above 30/s.
 */
export class RateLimiter {
	private readonly windows = new Map<string, { second: number; count: number }>();

	static readonly BURST = 10;

	/** false when this request is over the limit */
	allow(client: string, perSecond: number, now = Date.now()): boolean {
		if (perSecond <= 0) return true;
		const second = Math.floor(now / 1000);
		const window = this.windows.get(client);
		if (!window || window.second !== second) {
			this.windows.set(client, { second, count: 1 });
			return true;
		}
		window.count += 1;
		return window.count <= perSecond + RateLimiter.BURST;
	}
}
