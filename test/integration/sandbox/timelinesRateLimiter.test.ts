import { RateLimiter } from '../../../sandbox/timelines/api/rateLimiter';

describe('sandbox TimelinesAI rate limiter (30/s + burst 10 per address)', () => {
	it('lets a full burst through, refuses the next request, and refills at the rate', () => {
		const limiter = new RateLimiter();
		const t0 = 1_000_500; // mid-second: a burst straddling the boundary is judged the same
		const first = Array.from({ length: 41 }, () => limiter.allow('a', 30, t0));
		expect(first.filter(Boolean)).toHaveLength(40);
		expect(first[40]).toBe(false);
		expect(limiter.allow('b', 30, t0)).toBe(true); // per address
		expect(limiter.allow('a', 30, t0 + 34)).toBe(true); // one request refilled after 1/30 s
		expect(limiter.allow('a', 30, t0 + 35)).toBe(false);
	});

	it('is off at 0', () => {
		const limiter = new RateLimiter();
		expect(Array.from({ length: 100 }, () => limiter.allow('a', 0, 5)).every(Boolean)).toBe(true);
	});
});
