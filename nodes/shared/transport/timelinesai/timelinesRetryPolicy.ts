/**
 * When the TimelinesAI transport sends a call again, and after how long.
 *
 * TimelinesAI allows 30 requests a second per IP address (plus a burst of 10), answers 429
 * `rate_limit_exceeded` beyond that, documents no Retry-After and recommends exponential back-off
 * (docs/api-facts.md, TimelinesAI: rate limits). A 429 means the request was not processed, so even a send
 * is safe to repeat. A 5xx or a dropped connection is repeated for reads only: a send that failed with 500
 * may have gone out, and repeating it could send the WhatsApp message twice. `quota_exceeded` (the monthly
 * quota, 403 or 429) is never repeated: it does not clear in seconds.
 */

/** Attempts in all, the first included. */
export const TIMELINES_MAX_ATTEMPTS = 4;
/** The first wait after a 429: the per-second window has moved on by then. */
const RATE_LIMIT_BASE_MS = 1000;
/** The first wait after a 5xx or a dropped connection of a read. */
const SERVER_ERROR_BASE_MS = 500;
/** The longest wait a Retry-After header can ask for (an execution must not hang on a wrong header). */
const MAX_RETRY_AFTER_MS = 30_000;

export interface TimelinesFailure {
	/** HTTP status, NaN when the call got no answer. */
	status: number;
	errorCode?: string;
	/** The connection-level code (ECONNRESET, ETIMEDOUT, …) when there was no answer. */
	networkCode?: string;
	retryAfterHeader?: string;
}

/** Whether the failed call is sent again (see above): only the kind of failure and the method decide. */
export function isRetryableTimelinesFailure(method: string, failure: TimelinesFailure): boolean {
	if (failure.errorCode === 'quota_exceeded') return false;
	if (failure.status === 429 || failure.errorCode === 'rate_limit_exceeded') return true;
	if (method.toUpperCase() !== 'GET') return false;
	return failure.status >= 500 || failure.networkCode !== undefined;
}

/** A Retry-After header (seconds or an HTTP date) as milliseconds, capped; undefined when absent or bad. */
export function retryAfterMs(
	header: string | undefined,
	nowMs: number = Date.now(),
): number | undefined {
	if (header === undefined || header.trim() === '') return undefined;
	const seconds = Number(header);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - nowMs;
	if (!Number.isFinite(ms) || ms < 0) return undefined;
	return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/**
 * The wait before attempt `attempt + 1`, with jitter so that callers refused together do not come back
 * together: after a 429 1–1.5 s, 2–3 s, 4–6 s (or the server's Retry-After); after a 5xx 0.5–0.75 s, 1–1.5 s,
 * 2–3 s.
 */
export function timelinesRetryDelayMs(
	attempt: number,
	failure: TimelinesFailure,
	random: () => number = Math.random,
): number {
	const rateLimited = failure.status === 429 || failure.errorCode === 'rate_limit_exceeded';
	const asked = rateLimited ? retryAfterMs(failure.retryAfterHeader) : undefined;
	if (asked !== undefined) return asked;
	const base = (rateLimited ? RATE_LIMIT_BASE_MS : SERVER_ERROR_BASE_MS) * 2 ** (attempt - 1);
	return base + Math.floor(random() * (base / 2));
}
