import { BoundedTtlCache } from './boundedTtlCache';

/*
 * What this process knows about who else writes the notes it writes, for the case with no cross-process lock
 * (Queue Mode Lock: None). Zoho has no atomic append and no version check we can rely on (docs/api-facts.md,
 * Zoho §5.1, §8), so two processes' read-merge-writes of one note can drop each other's lines. This module
 * lets the note writer notice that and verify instead of trusting:
 *   - the Modified_Time of each note as this process last wrote it: a read that finds another one means
 *     somebody else wrote the note since (another n8n process, or a person in Zoho);
 *   - per credential, when such a foreign write was last seen: while it is recent, every write without a
 *     cross-process lock is read back and merged again until its lines are there;
 *   - the messages this process wrote to each note lately, so lines another writer dropped are written again
 *     the next time this process writes the note.
 * A single n8n process that is the only writer never sees a foreign write: it pays nothing for this.
 */

/** A foreign write keeps the credential's writes verified for this long after it was last seen. */
export const FOREIGN_WRITE_MEMORY_MS = 15 * 60_000;
/** Messages remembered per note (the lines a concurrent writer could have dropped lately). */
const RECENT_PER_NOTE = 300;

const ownVersions = new BoundedTtlCache<string, string>(6 * 3600_000, 20_000);
const foreignSeenAt = new Map<string, number>();
const recentByNote = new BoundedTtlCache<string, Map<string, unknown>>(30 * 60_000, 5_000);

/** Records the Modified_Time of a note this process has just written (or verified). */
export function rememberOwnVersion(noteId: string, modifiedTime: string | undefined): void {
	if (modifiedTime) ownVersions.set(noteId, modifiedTime);
	else ownVersions.delete(noteId);
}

/**
 * What a read of a note tells: 'own' (as this process left it), 'foreign' (written by somebody else since
 * this process wrote it; remembered for the credential) or 'unknown' (this process never wrote it).
 */
export function observeNoteVersion(
	credentialId: string,
	noteId: string,
	modifiedTime: string | undefined,
	now = Date.now(),
): 'own' | 'foreign' | 'unknown' {
	const own = ownVersions.get(noteId);
	if (own === undefined || modifiedTime === undefined) return 'unknown';
	// Compared as instants: a write's answer and a later read may format the same time differently.
	if (own === modifiedTime || Date.parse(own) === Date.parse(modifiedTime)) return 'own';
	foreignSeenAt.set(credentialId, now);
	return 'foreign';
}

/** True while a foreign write on one of the credential's notes was seen lately. */
export function foreignWritesLately(credentialId: string, now = Date.now()): boolean {
	const seen = foreignSeenAt.get(credentialId);
	return seen !== undefined && now - seen < FOREIGN_WRITE_MEMORY_MS;
}

/** Remembers messages written to a note (newest kept), keyed by their uid. */
export function rememberWritten<M extends { uid: string }>(noteId: string, messages: M[]): void {
	const recent = recentByNote.get(noteId) ?? new Map<string, unknown>();
	for (const message of messages) {
		recent.delete(message.uid);
		recent.set(message.uid, message);
	}
	while (recent.size > RECENT_PER_NOTE) recent.delete(recent.keys().next().value as string);
	recentByNote.set(noteId, recent);
}

/** Messages this process wrote to the note lately whose uid is not in `present`. */
export function writtenButMissing<M extends { uid: string }>(
	noteId: string,
	present: Set<string>,
): M[] {
	const recent = recentByNote.get(noteId);
	if (!recent) return [];
	return [...recent.entries()].filter(([uid]) => !present.has(uid)).map(([, m]) => m as M);
}

// The slowest read→write round of this process lately (ms), decaying: how long another process's stale
// read can take to turn into a write, so how long to wait before reading a write back.
let slowestWindow = { ms: 0, at: 0 };

export function noteWriteWindow(ms: number, now = Date.now()): void {
	if (ms >= slowestWindow.ms || now - slowestWindow.at > 60_000) slowestWindow = { ms, at: now };
}

export function recentWriteWindowMs(now = Date.now()): number {
	return now - slowestWindow.at > 60_000 ? 0 : slowestWindow.ms;
}

// Whether PUT /Notes honours If-Unmodified-Since is undocumented (docs/api-facts.md, Zoho §5.1; it is for
// records): per credential, what this process learnt from a probe (dailyNoteParts.writeParts). Until it is
// known to be honoured, Conditional Write reads the note just before writing, like Read Before Write.
const preconditionReadings = new Map<string, 'honoured' | 'ignored'>();

export function notePreconditionReading(credentialId: string): 'honoured' | 'ignored' | undefined {
	return preconditionReadings.get(credentialId);
}

export function learnNotePrecondition(credentialId: string, reading: 'honoured' | 'ignored'): void {
	preconditionReadings.set(credentialId, reading);
}

/** Forgets a note Zoho no longer has. */
export function forgetNote(noteId: string): void {
	ownVersions.delete(noteId);
	recentByNote.delete(noteId);
}

/** Forgets everything (tests: each starts as a freshly started process). */
export function resetNoteWriteWatch(): void {
	ownVersions.deleteWhere(() => true);
	recentByNote.deleteWhere(() => true);
	foreignSeenAt.clear();
	preconditionReadings.clear();
	slowestWindow = { ms: 0, at: 0 };
}
