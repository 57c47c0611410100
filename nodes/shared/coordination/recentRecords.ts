import { BoundedTtlCache } from './boundedTtlCache';
import type { LockLease } from './distributedLock';

/*
 * The record a number was matched to or created as lately, per credential, module and number. Zoho's search
 * may not find a record created or re-numbered a moment ago ("you may face the 204 NO CONTENT error due to a
 * delay in indexing", docs/api-facts.md, Zoho "Resolved since" Q7), and a search that misses would create
 * the record a second time. So a search that misses is checked against the record known here (a GET by id,
 * which has no index lag) before anything is created:
 *   - in this process (a second Match or Create node, other settings, a cache that dropped the number);
 *   - across processes, through the queue-mode lock: its holder leaves the record with the number's lock
 *     key, and the next holder in another process reads it (LockLease.left).
 * Costs nothing unless a search misses a number that had a record here lately (then one GET).
 */

export interface RecentRecord {
	module: string;
	phoneField: string;
	id: string;
	/** when it was matched or created (ms) */
	at: number;
}

/** Past this age a search miss is not index lag: the record was deleted or re-numbered. */
export const RECENT_RECORD_MAX_AGE_MS = 10 * 60_000;

const recent = new BoundedTtlCache<string, RecentRecord>(RECENT_RECORD_MAX_AGE_MS, 10_000);

const keyOf = (credentialId: string, module: string, e164: string) =>
	`${credentialId}|${module}|${e164}`;

function parseLeft(left: string | undefined, now: number): RecentRecord | undefined {
	if (!left?.startsWith('{')) return undefined;
	try {
		const value = JSON.parse(left) as Partial<RecentRecord>;
		if (
			typeof value.module !== 'string' ||
			typeof value.phoneField !== 'string' ||
			typeof value.id !== 'string' ||
			typeof value.at !== 'number' ||
			now - value.at > RECENT_RECORD_MAX_AGE_MS
		)
			return undefined;
		return { module: value.module, phoneField: value.phoneField, id: value.id, at: value.at };
	} catch {
		return undefined;
	}
}

/** Remembers the number's record here and leaves it with the lock for the next holder. */
export function rememberRecentRecord(
	credentialId: string,
	e164: string,
	record: Omit<RecentRecord, 'at'>,
	lease?: LockLease,
	now = Date.now(),
): void {
	const entry: RecentRecord = { ...record, at: now };
	recent.set(keyOf(credentialId, record.module, e164), entry);
	lease?.leave(JSON.stringify(entry));
}

/**
 * The number's record as another process left it with the lock, else as this process knows it (newest of
 * the two); undefined when neither knows one from the last ten minutes.
 */
export function recentRecordOf(
	credentialId: string,
	module: string,
	e164: string,
	lease?: LockLease,
	now = Date.now(),
): RecentRecord | undefined {
	const handedOver = lease?.lastHolder === 'other' ? parseLeft(lease.left, now) : undefined;
	const local = recent.get(keyOf(credentialId, module, e164));
	const candidates = [handedOver, local].filter(
		(r): r is RecentRecord => r !== undefined && r.module === module,
	);
	return candidates.sort((a, b) => b.at - a.at)[0];
}

/** Forgets a record Zoho no longer has. */
export function forgetRecentRecord(credentialId: string, module: string, recordId: string): void {
	recent.deleteWhere(
		(key, record) =>
			key.startsWith(`${credentialId}|`) && record.module === module && record.id === recordId,
	);
}
