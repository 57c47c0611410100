import { toDateTime } from './dailyNote';

export interface NoteAttachment {
	filename: string;
	url: string;
	mimetype?: string;
	size?: number;
}

export interface NoteMessage {
	/** TimelinesAI message_uid: the identity that makes every write idempotent. */
	uid: string;
	/** ISO 8601. */
	timestamp: string;
	direction: 'received' | 'sent';
	senderName: string;
	senderPhone?: string;
	text: string;
	attachments: NoteAttachment[];
}

export interface NoteHeader {
	contactName: string;
	chatUrl: string;
	/** YYYY-MM-DD */
	day: string;
	timeZone: string;
}

/*
 * A note is plain text (Zoho's Note_Content): a header, then one block per message. Each block ends with
 * a marker `⟦m:<uid> <epoch ms>⟧` — the uid makes merges idempotent, the time keeps the order exact
 * across batches. Message text is stripped of ⟦ ⟧ so a WhatsApp message cannot forge a marker. Text that
 * people add in Zoho (lines without a marker) is kept and travels with the message block before it.
 */
const MARKER = /⟦m:([^\s⟦⟧]+)(?: (\d{1,16}))?⟧\s*$/;
const MESSAGE_START = /^\[\d{2}:\d{2}\] /;
const sanitise = (text: string) => text.replace(/[⟦⟧]/g, '');

export class InvalidNoteMessageError extends Error {
	constructor(
		readonly field: string,
		readonly value: unknown,
		reason: string,
	) {
		super(`${field} ${JSON.stringify(value)} ${reason}`);
		this.name = 'InvalidNoteMessageError';
	}
}

function epochOf(message: NoteMessage): number {
	if (!/^[^\s⟦⟧]+$/.test(message.uid))
		throw new InvalidNoteMessageError(
			'uid',
			message.uid,
			'must be non-empty without spaces or ⟦ ⟧',
		);
	const ms = Date.parse(message.timestamp);
	if (Number.isNaN(ms))
		throw new InvalidNoteMessageError('timestamp', message.timestamp, 'is not an ISO 8601 date');
	return ms;
}

export function noteHeaderText(header: NoteHeader, part = 1): string {
	const [y, m, d] = header.day.split('-');
	const continued = part >= 2 ? ` (continued, part ${part})` : '';
	return `WhatsApp chat with ${sanitise(header.contactName).trim() || 'Unknown contact'} on ${d}/${m}/${y}${continued}\nChat: ${header.chatUrl}\n`;
}

/** One message as note text: `[HH:mm] ← Name (+44…): text`, attachments as `📎 name: link`, then the marker. */
export function renderMessageLine(
	message: NoteMessage,
	timeZone: string,
	maxTextLength = Infinity,
): string {
	const epoch = epochOf(message);
	const time = toDateTime(epoch, timeZone).toFormat('HH:mm');
	const arrow = message.direction === 'received' ? '←' : '→';
	const who = `${sanitise(message.senderName).trim() || 'Unknown'}${message.senderPhone ? ` (${sanitise(message.senderPhone)})` : ''}`;
	let text = sanitise(message.text);
	if (text.length > maxTextLength)
		text = `${text.slice(0, Math.max(0, maxTextLength))}… [message shortened; full text in the chat]`;
	const body = text.split(/\r?\n/).join('\n    ');
	const files = message.attachments
		.map((a) => `\n    📎 ${sanitise(a.filename)}: ${a.url}`)
		.join('');
	return `[${time}] ${arrow} ${who}: ${body}${files} ⟦m:${message.uid} ${epoch}⟧`;
}

export interface NoteEntry {
	uid: string;
	/** Epoch ms; inherited from the entry before for legacy markers without a time. */
	time: number;
	/** The message block, then any lines people added after it — verbatim. */
	lines: string[];
}

export interface ParsedNote {
	header: string[];
	entries: NoteEntry[];
}

export function parseNoteContent(content: string | null | undefined): ParsedNote {
	const header: string[] = [];
	const entries: NoteEntry[] = [];
	let pending: string[] = [];
	const attachLoose = (lines: string[]) =>
		entries.length ? entries[entries.length - 1].lines.push(...lines) : header.push(...lines);
	for (const line of (content ?? '').split(/\r?\n/)) {
		pending.push(line);
		const marker = MARKER.exec(line);
		if (!marker) continue;
		let start = pending.length - 1;
		while (start > 0 && !MESSAGE_START.test(pending[start])) start--;
		if (!MESSAGE_START.test(pending[start])) start = pending.length - 1;
		attachLoose(pending.slice(0, start));
		const previous = entries.length ? entries[entries.length - 1].time : 0;
		entries.push({
			uid: marker[1],
			time: marker[2] ? Number(marker[2]) : previous,
			lines: pending.slice(start),
		});
		pending = [];
	}
	if (pending.length && (pending.length > 1 || pending[0] !== '' || entries.length === 0))
		attachLoose(pending);
	if (content === undefined || content === null || content === '') header.length = 0;
	return { header, entries };
}

export function serialiseNote(note: ParsedNote): string {
	return [...note.header, ...note.entries.flatMap((e) => e.lines)].join('\n');
}

export function noteUids(content: string | null | undefined): Set<string> {
	return new Set(parseNoteContent(content).entries.map((e) => e.uid));
}

const byTime = (a: NoteEntry, b: NoteEntry) =>
	a.time - b.time || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

function entryOf(message: NoteMessage, timeZone: string, maxTextLength?: number): NoteEntry {
	return {
		uid: message.uid,
		time: epochOf(message),
		lines: renderMessageLine(message, timeZone, maxTextLength).split('\n'),
	};
}

/**
 * Idempotent merge: every message exactly once (by uid), all in timestamp order — whatever order and
 * however often batches arrive, the same set of messages gives the same note. Existing blocks and
 * people's edits are kept verbatim.
 */
export function mergeMessagesIntoNote(
	existingContent: string | null | undefined,
	messages: NoteMessage[],
	header: NoteHeader,
): { content: string; added: string[] } {
	const note = parseNoteContent(existingContent);
	if (note.header.length === 0 && note.entries.length === 0)
		note.header = noteHeaderText(header).split('\n').slice(0, -1).concat('');
	const present = new Set(note.entries.map((e) => e.uid));
	const added: NoteEntry[] = [];
	for (const message of messages) {
		if (present.has(message.uid)) continue;
		present.add(message.uid);
		added.push(entryOf(message, header.timeZone));
	}
	if (added.length === 0 && existingContent) return { content: existingContent, added: [] };
	note.entries = [...note.entries, ...added].sort(byTime);
	return { content: serialiseNote(note), added: added.sort(byTime).map((e) => e.uid) };
}

/**
 * Merges new messages into the last part of the day's notes and splits off continuation parts so no part
 * exceeds maxLength. Messages already in any part are skipped. Returns the new content of the last part
 * followed by the content of each new continuation part.
 */
export function mergeIntoNoteParts(
	partContents: Array<string | null | undefined>,
	messages: NoteMessage[],
	header: NoteHeader,
	maxLength: number,
): { parts: string[]; added: string[] } {
	const known = new Set(partContents.flatMap((c) => [...noteUids(c)]));
	const fresh = messages.filter((m) => !known.has(m.uid) && known.add(m.uid));
	const lastIndex = Math.max(0, partContents.length - 1);
	const last = partContents[lastIndex];
	const merged = mergeMessagesIntoNote(last, fresh, header);
	if (merged.content.length <= maxLength) return { parts: [merged.content], added: merged.added };
	// Keep the old part as it was as far as possible: only new messages move, oldest stay first.
	const note = parseNoteContent(merged.content);
	const newUids = new Set(merged.added);
	const parts: ParsedNote[] = [
		{ header: note.header, entries: note.entries.filter((e) => !newUids.has(e.uid)) },
	];
	for (const entry of note.entries.filter((e) => newUids.has(e.uid))) {
		let current = parts[parts.length - 1];
		const fits =
			serialiseNote({ header: current.header, entries: [...current.entries, entry] }).length <=
			maxLength;
		if (!fits && current.entries.length > 0) {
			current = {
				header: noteHeaderText(header, lastIndex + parts.length + 1)
					.split('\n')
					.slice(0, -1)
					.concat(''),
				entries: [],
			};
			parts.push(current);
		}
		current.entries.push(entry);
		if (serialiseNote(current).length > maxLength) {
			// A single message larger than a whole note: shorten its text, keep its marker and attachments.
			const message = messages.find((m) => m.uid === entry.uid);
			const room =
				maxLength -
				serialiseNote({ header: current.header, entries: current.entries.slice(0, -1) }).length -
				200;
			if (message)
				current.entries[current.entries.length - 1] = entryOf(
					message,
					header.timeZone,
					Math.max(0, room - message.attachments.length * 300),
				);
		}
	}
	return { parts: parts.map(serialiseNote), added: merged.added };
}
