import { createHash } from 'node:crypto';

/*
 * How a note knows which message each block is, without making people read it.
 *
 * Each message block ends with a short marker `⟦k7m2qx⟧` (8 visible characters): a key that is unique
 * within the note. The last line of the note is the index `⟦ids⟧ ⟦m:<uid> <epoch ms> <key>⟧ …`: the full
 * TimelinesAI uid (merges stay exactly-once by uid, whatever the key) and the exact time (merges keep the
 * order across batches), written in the form of the old per-line marker so `⟦m:<uid> ` still finds a
 * message in a note. Keys come from a hash of the uid; when two uids of one note meet on a key, the second
 * takes the next salt, and the index says which uid owns which key, so a collision costs nothing.
 *
 * Notes written before (each block ending with `⟦m:<uid> <epoch>⟧`, or `⟦m:<uid>⟧` without a time)
 * still parse and merge; their blocks are left as they are.
 */

export const INDEX_PREFIX = '⟦ids⟧';
const KEY_LENGTH = 6;
// Crockford's base 32: no i, l, o, u, so a key read aloud or retyped is not misread.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `… ⟦k7m2qx⟧` at the end of a block's last line. */
export const SHORT_MARKER = /(?:^| )⟦([0-9a-z]{6})⟧\s*$/;
/** The marker notes carried before: `⟦m:<uid> <epoch ms>⟧` (the time was optional once). */
export const LEGACY_MARKER = /⟦m:([^\s⟦⟧]+)(?: (\d{1,16}))?⟧\s*$/;
const INDEX_ENTRY = /⟦m:([^\s⟦⟧]+) (\d{1,16}) ([0-9a-z]{6})⟧/g;

export interface IndexEntry {
	uid: string;
	time: number;
	key: string;
}

/** The key of a uid at a salt (0 first; 1, 2, … only after a collision in the same note). */
export function messageKey(uid: string, salt = 0): string {
	const digest = createHash('sha256')
		.update(salt === 0 ? uid : `${uid}#${salt}`)
		.digest();
	let key = '';
	// 6 × 5 bits from the first 4 bytes.
	const bits = digest.readUInt32BE(0);
	for (let i = 0; i < KEY_LENGTH; i++) key += ALPHABET[(bits >>> (27 - 5 * i)) & 31];
	return key;
}

/** The first key of `uid` not in `taken`. */
export function freeKey(uid: string, taken: ReadonlySet<string>): string {
	for (let salt = 0; ; salt++) {
		const key = messageKey(uid, salt);
		if (!taken.has(key)) return key;
	}
}

/** Keys a uid would get in its first salts: a block whose index entry was lost is recognised by them. */
export function likelyKeys(uid: string): string[] {
	return [0, 1, 2, 3].map((salt) => messageKey(uid, salt));
}

export function shortMarker(key: string): string {
	return `⟦${key}⟧`;
}

export function isIndexLine(line: string): boolean {
	return line.startsWith(INDEX_PREFIX);
}

/** The entries of an index line; the first entry of a key wins if a hand edit repeated one. */
export function readIndexLine(line: string, into: Map<string, IndexEntry>): void {
	for (const [, uid, time, key] of line.matchAll(INDEX_ENTRY))
		if (!into.has(key)) into.set(key, { uid, time: Number(time), key });
}

export function indexLine(entries: IndexEntry[]): string {
	return `${INDEX_PREFIX}${entries.map((e) => ` ⟦m:${e.uid} ${e.time} ${e.key}⟧`).join('')}`;
}
