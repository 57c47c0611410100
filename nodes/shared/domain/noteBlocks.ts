import {
	LEGACY_MARKER,
	SHORT_MARKER,
	indexLine,
	isIndexLine,
	readIndexLine,
	shortMarker,
	type IndexEntry,
} from './noteMarker';

/*
 * A note's text as blocks: the header (lines before the first message), then one entry per message
 * block with the lines people added after it, and the index line (noteMarker.ts) read into the entries.
 * serialiseNote(parseNoteContent(x)) gives x back for every note the pack wrote.
 */
const MESSAGE_START = /^\[\d{2}:\d{2}\] /;

export interface NoteEntry {
	/** The message's uid; `⟦key⟧` for a block whose index entry is gone (see isOrphan). */
	uid: string;
	/** Epoch ms; inherited from the entry before for legacy markers without a time. */
	time: number;
	/** The message block, then any lines people added after it — verbatim. */
	lines: string[];
	/** The short marker's key; absent for blocks with the legacy marker. */
	key?: string;
}

export interface ParsedNote {
	header: string[];
	entries: NoteEntry[];
}

export const orphanUid = (key: string) => shortMarker(key);
export const isOrphan = (entry: NoteEntry) =>
	entry.key !== undefined && entry.uid === orphanUid(entry.key);

function identify(
	line: string,
	index: Map<string, IndexEntry>,
	previous: number,
): Omit<NoteEntry, 'lines'> | undefined {
	const short = SHORT_MARKER.exec(line);
	if (short) {
		const known = index.get(short[1]);
		return known ?? { uid: orphanUid(short[1]), time: previous, key: short[1] };
	}
	const legacy = LEGACY_MARKER.exec(line);
	if (legacy) return { uid: legacy[1], time: legacy[2] ? Number(legacy[2]) : previous };
	return undefined;
}

export function parseNoteContent(content: string | null | undefined): ParsedNote {
	const header: string[] = [];
	const entries: NoteEntry[] = [];
	if (content === undefined || content === null || content === '') return { header, entries };
	const lines = content.split(/\r?\n/);
	const index = new Map<string, IndexEntry>();
	for (const line of lines) if (isIndexLine(line)) readIndexLine(line, index);
	const claimed = new Set<string>();
	let pending: string[] = [];
	const attachLoose = (loose: string[]) =>
		entries.length ? entries[entries.length - 1].lines.push(...loose) : header.push(...loose);
	for (const line of lines) {
		if (isIndexLine(line)) continue;
		pending.push(line);
		const previous = entries.length ? entries[entries.length - 1].time : 0;
		let id = identify(line, index, previous);
		if (!id) continue;
		// A key twice (a block copied by hand): the copy is text, not a second message.
		const key = id.key;
		if (key !== undefined) {
			if (claimed.has(key)) id = { uid: orphanUid(key), time: previous, key };
			claimed.add(key);
		}
		let start = pending.length - 1;
		while (start > 0 && !MESSAGE_START.test(pending[start])) start--;
		if (!MESSAGE_START.test(pending[start])) start = pending.length - 1;
		attachLoose(pending.slice(0, start));
		entries.push({ ...id, lines: pending.slice(start) });
		pending = [];
	}
	if (pending.length && (pending.length > 1 || pending[0] !== '' || entries.length === 0))
		attachLoose(pending);
	return { header, entries };
}

export function serialiseNote(note: ParsedNote): string {
	const indexed = note.entries.filter(
		(e): e is NoteEntry & { key: string } => e.key !== undefined && !isOrphan(e),
	);
	const lines = [...note.header, ...note.entries.flatMap((e) => e.lines)];
	if (indexed.length) lines.push(indexLine(indexed));
	return lines.join('\n');
}

/** The uids of the messages a note holds (blocks whose uid is unknown are not counted). */
export function noteUids(content: string | null | undefined): Set<string> {
	return new Set(
		parseNoteContent(content)
			.entries.filter((e) => !isOrphan(e))
			.map((e) => e.uid),
	);
}
