import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh per-webhook secret, sent back by TimelinesAI in the registered URL's query string. */
export function newWebhookSecret(): string {
	return randomBytes(32).toString('hex');
}

/**
 * Constant-time comparison of the delivered secret with the stored one. Both sides are hashed first so
 * the comparison runs over equal-length buffers whatever the caller sent. A missing stored secret never
 * accepts (no "no secret configured → accept" path).
 */
export function isValidWebhookSecret(stored: unknown, provided: unknown): boolean {
	if (typeof stored !== 'string' || stored.length === 0) return false;
	if (typeof provided !== 'string' || provided.length === 0) return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(stored), digest(provided));
}

/** TimelinesAI retries deliveries for minutes, not days: an older message is a replay. */
export function isStaleDelivery(messageTimestamp: string, nowMs: number, maxAgeMinutes: number): boolean {
	const sent = Date.parse(messageTimestamp);
	if (Number.isNaN(sent)) return true;
	return nowMs - sent > maxAgeMinutes * 60_000;
}

/**
 * Remembers message uids accepted recently, per webhook, bounded. TimelinesAI delivers at least once
 * (retry policy UNVERIFIED, docs/api-facts.md, TimelinesAI), so a repeated uid is acknowledged without a new execution;
 * the note node is idempotent anyway, this only saves executions and credits.
 */
export class RecentDeliveries {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly maxEntries = 10_000,
		private readonly ttlMs = 24 * 60 * 60_000,
	) {}

	/** Returns true the first time a uid is seen within the TTL, false for a repeat. */
	accept(uid: string, nowMs: number): boolean {
		const previous = this.seen.get(uid);
		if (previous !== undefined && nowMs - previous < this.ttlMs) return false;
		this.seen.delete(uid);
		this.seen.set(uid, nowMs);
		while (this.seen.size > this.maxEntries) {
			const oldest = this.seen.keys().next().value as string;
			this.seen.delete(oldest);
		}
		return true;
	}
}
