/**
 * "30 requests/second per IP address, burst of 10 extra; beyond that HTTP 429" (rate-limits page, see
 * api-facts-2026-11.md Q5): a token bucket per client address holding `perSecond + BURST` requests and
 * refilled at `perSecond` a second, so a burst is judged the same whether or not it straddles a second
 * boundary. Off (0) unless the fault `rateLimitPerSecond` is set — every local client shares
 * 127.0.0.1, and load tests run far above 30/s.
 */
export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	static readonly BURST = 10;

	/** false when this request is over the limit */
	allow(client: string, perSecond: number, now = Date.now()): boolean {
		if (perSecond <= 0) return true;
		const capacity = perSecond + RateLimiter.BURST;
		const bucket = this.buckets.get(client) ?? { tokens: capacity, at: now };
		bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
		bucket.at = now;
		this.buckets.set(client, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}
}
