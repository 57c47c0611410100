/**
 * When and how long the Zoho transport waits before sending a call again.
 *
 * Zoho answers 429 when the org's API credits or its concurrency limit are exhausted and sends no
 * Retry-After (docs/api-facts.md, Zoho §6, Kaizen #203), so the delay is ours: exponential back-off with jitter,
 * so that callers refused together do not all come back at the same moment.
 */
export const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 200;

/** Delay before attempt `attempt + 1`: 200–300 ms, then 400–600 ms, then 800–1,200 ms. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
	const base = BASE_DELAY_MS * 2 ** (attempt - 1);
	return base + Math.floor(random() * (base / 2));
}
