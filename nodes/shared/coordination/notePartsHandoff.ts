import type { LockLease } from './distributedLock';

/**
 * In queue mode the worker that last wrote a day note leaves the ids of the note's parts with the note's
 * lock (in Redis), so the next worker to write it skips the list call (1 Zoho credit) that its own stale
 * cache would otherwise need. Format: "1:<note id>,2:<note id>".
 */
/** One part of a day note as the writer knows it; content unknown until read. */
export interface NotePart {
	part: number;
	id?: string;
	content?: string;
	modifiedTime?: string;
	/** Content is as Zoho has it right now (read or written in this commit). */
	fresh: boolean;
}

/** The parts another process left with the lock, or undefined (then the notes are listed). */
export function partsLeftWithLock(lease: LockLease): NotePart[] | undefined {
	if (lease.lastHolder !== 'other' || !lease.left) return undefined;
	const refs = lease.left.split(',').map((entry) => /^(\d+):([\w-]+)$/.exec(entry));
	if (refs.length === 0 || refs.some((match) => match === null)) return undefined;
	return refs
		.map((match) => ({ part: Number(match?.[1]), id: String(match?.[2]), fresh: false }))
		.sort((a, b) => a.part - b.part);
}

export function leavePartsWithLock(
	lease: LockLease,
	parts: Array<{ part: number; id?: string }>,
): void {
	lease.leave(
		parts
			.filter((p) => p.id)
			.map((p) => `${p.part}:${p.id}`)
			.join(','),
	);
}
