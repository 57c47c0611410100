import { toDateTime, type DailyNoteKind } from './dailyNote';
import {
	isOrphan,
	noteUids,
	parseNoteContent,
	serialiseNote,
	type NoteEntry,
	type ParsedNote,
} from './noteBlocks';
import { freeKey, likelyKeys, messageKey, shortMarker } from './noteMarker';
import {
	CONTINUATION_INDENT,
	noteSingleLine,
	noteText,
	noteUrl,
	withoutBrokenEnd,
} from './noteText';
import { previewValue } from './valuePreview';

export {
	noteUids,
	parseNoteContent,
	serialiseNote,
	type NoteEntry,
	type ParsedNote,
} from './noteBlocks';

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
	/** The contact's name; for a group note (`kind: 'group'`), the group's name. */
	contactName: string;
	kind?: DailyNoteKind;
	chatUrl: string;
	/** YYYY-MM-DD */
	day: string;
	timeZone: string;
}

/*
 * A note is plain text (Zoho's Note_Content): a header, then one block per message, then the index line
 * (noteMarker.ts). A block is `[HH:mm] ← Name (+44…): text`, its further lines indented, and ends with
 * the short marker. Every value is normalised (noteText.ts), so a message cannot start a line of its own
 * nor forge a marker. Text people add in Zoho (lines without a marker) is kept and travels with the
 * message block before it.
 */
const LINK_LEFT_OUT = '(link left out: not a single-line http(s) address)';
const SHORTENED = '… [message shortened; full text in the chat]';

export class InvalidNoteMessageError extends Error {
	constructor(
		readonly field: string,
		value: unknown,
		reason: string,
	) {
		super(`${field} ${previewValue(value)} ${reason}`);
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
	const group = header.kind === 'group';
	const name = noteSingleLine(header.contactName) || (group ? 'Unnamed group' : 'Unknown contact');
	const link = header.chatUrl.trim() ? (noteUrl(header.chatUrl) ?? LINK_LEFT_OUT) : '(no link)';
	const what = group ? `WhatsApp group ${name}` : `WhatsApp chat with ${name}`;
	return `${what} on ${d}/${m}/${y}${continued}\nChat: ${link}\n`;
}

interface RenderLimits {
	maxTextLength?: number;
	/** Attachments listed with their link; the rest are counted on one line. */
	maxAttachments?: number;
}

function renderBlock(
	message: NoteMessage,
	timeZone: string,
	key: string,
	{ maxTextLength = Infinity, maxAttachments = Infinity }: RenderLimits = {},
): string {
	const epoch = epochOf(message);
	const time = toDateTime(epoch, timeZone).toFormat('HH:mm');
	const arrow = message.direction === 'received' ? '←' : '→';
	const phone = message.senderPhone ? noteSingleLine(message.senderPhone) : '';
	const who = `${noteSingleLine(message.senderName) || 'Unknown'}${phone ? ` (${phone})` : ''}`;
	let body = noteText(message.text);
	if (body.length > maxTextLength)
		body = `${withoutBrokenEnd(body.slice(0, Math.max(0, maxTextLength)))}${SHORTENED}`;
	const shown = message.attachments.slice(0, Math.max(0, maxAttachments));
	const files = shown.map((a) => {
		const url = noteUrl(a.url);
		return `\n${CONTINUATION_INDENT}📎 ${noteSingleLine(a.filename) || 'attachment'}${url ? `: ${url}` : ` ${LINK_LEFT_OUT}`}`;
	});
	const more = message.attachments.length - shown.length;
	if (more > 0) files.push(`\n${CONTINUATION_INDENT}📎 … ${more} more attachments, in the chat`);
	return `[${time}] ${arrow} ${who}: ${body}${files.join('')} ${shortMarker(key)}`;
}

/** One message as note text: `[HH:mm] ← Name (+44…): text`, attachments as `📎 name: link`, then the marker. */
export function renderMessageLine(
	message: NoteMessage,
	timeZone: string,
	maxTextLength = Infinity,
): string {
	return renderBlock(message, timeZone, messageKey(message.uid), { maxTextLength });
}

const byTime = (a: NoteEntry, b: NoteEntry) =>
	a.time - b.time || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

function entryOf(
	message: NoteMessage,
	timeZone: string,
	key: string,
	limits?: RenderLimits,
): NoteEntry {
	return {
		uid: message.uid,
		time: epochOf(message),
		key,
		lines: renderBlock(message, timeZone, key, limits).split('\n'),
	};
}

/**
 * Idempotent merge: every message exactly once (by uid), all in timestamp order — whatever order and
 * however often batches arrive, the same set of messages gives the same note. Existing blocks and
 * people's edits are kept verbatim; a block whose index entry was edited away gets it back when its
 * message comes again.
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
	const taken = new Set(note.entries.flatMap((e) => (e.key ? [e.key] : [])));
	const added: NoteEntry[] = [];
	let recovered = false;
	for (const message of messages) {
		if (present.has(message.uid)) continue;
		present.add(message.uid);
		const keys = likelyKeys(message.uid);
		const orphan = note.entries.find((e) => isOrphan(e) && keys.includes(e.key ?? ''));
		if (orphan) {
			Object.assign(orphan, { uid: message.uid, time: epochOf(message) });
			recovered = true;
			continue;
		}
		const entry = entryOf(message, header.timeZone, freeKey(message.uid, taken));
		taken.add(entry.key ?? '');
		added.push(entry);
	}
	if (added.length === 0 && !recovered && existingContent)
		return { content: existingContent, added: [] };
	note.entries = [...note.entries, ...added].sort(byTime);
	return { content: serialiseNote(note), added: added.sort(byTime).map((e) => e.uid) };
}

const partHeader = (header: NoteHeader, part: number) =>
	noteHeaderText(header, part).split('\n').slice(0, -1).concat('');

/**
 * A block that fits in `room` characters of note: the message's text shortened and, if its attachments
 * alone are too many, the ones that do not fit counted on one line. Marker and index entry are kept.
 */
function fittedEntry(message: NoteMessage, timeZone: string, key: string, room: number): NoteEntry {
	const size = (limits: RenderLimits) =>
		entryOf(message, timeZone, key, limits).lines.join('\n').length;
	let maxAttachments = message.attachments.length;
	while (maxAttachments > 0 && size({ maxTextLength: 0, maxAttachments }) > room)
		maxAttachments = Math.floor(maxAttachments / 2);
	// Measured with the text cut to nothing (and the "shortened" notice): what is left is for the text.
	const spare = room - size({ maxTextLength: 0, maxAttachments });
	return entryOf(message, timeZone, key, { maxTextLength: Math.max(0, spare), maxAttachments });
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
			current = { header: partHeader(header, lastIndex + parts.length + 1), entries: [] };
			parts.push(current);
		}
		current.entries.push(entry);
		const excess = serialiseNote(current).length - maxLength;
		const message = messages.find((m) => m.uid === entry.uid);
		if (excess > 0 && message && entry.key) {
			// A single message larger than a whole note: shorten it to what is left of the part.
			const room = entry.lines.join('\n').length - excess;
			current.entries[current.entries.length - 1] = fittedEntry(
				message,
				header.timeZone,
				entry.key,
				room,
			);
		}
	}
	return { parts: parts.map(serialiseNote), added: merged.added };
}
