import { DateTime, IANAZone } from 'luxon';

/** Which note a message belongs to: one per record per calendar day in the configured time zone. */
export interface DailyNoteKey {
	module: string;
	recordId: string;
	/** ISO date, YYYY-MM-DD, in the note's time zone. */
	day: string;
}

export class InvalidTimeZoneError extends Error {
	constructor(readonly timeZone: string) {
		super(`Time zone "${timeZone}" is not an IANA time zone (e.g. Europe/London, Asia/Dubai)`);
		this.name = 'InvalidTimeZoneError';
	}
}

export function assertTimeZone(timeZone: string): void {
	if (!IANAZone.isValidZone(timeZone)) throw new InvalidTimeZoneError(timeZone);
}

export function toDateTime(timestamp: Date | string | number, timeZone: string): DateTime {
	assertTimeZone(timeZone);
	const base =
		timestamp instanceof Date
			? DateTime.fromJSDate(timestamp)
			: typeof timestamp === 'number'
				? DateTime.fromMillis(timestamp)
				: DateTime.fromISO(timestamp, { setZone: true });
	if (!base.isValid) throw new Error(`Timestamp "${String(timestamp)}" is not a valid date`);
	return base.setZone(timeZone);
}

/** The day key of a moment in a time zone: 23:30 UTC is already tomorrow in Asia/Dubai. */
export function dailyNoteDay(timestamp: Date | string | number, timeZone: string): string {
	return toDateTime(timestamp, timeZone).toISODate() ?? '';
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Zoho's Note_Title limit. Not documented (docs/api-facts.md, Zoho §9): the CRM's UI caps titles at 120, so
 * the pack keeps every title within 120 (the sandbox can play a wider 255 limit; shorter is always safe).
 */
export const NOTE_TITLE_MAX_LENGTH = 120;

/**
 * Shortens text to at most `max` UTF-16 units (what a length check counts), ending with "…" when cut,
 * never splitting a surrogate pair.
 */
export function shortenText(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 0) return '';
	let kept = '';
	for (const char of text) {
		if (kept.length + char.length > max - 1) break;
		kept += char;
	}
	return `${kept.trimEnd()}…`;
}

/**
 * Whose conversation a daily note holds: a contact's chat (`WhatsApp Chat with <Name> …`), or a group chat
 * logged to a participant's record (`WhatsApp Group <group name> …`, one note per group per record per day).
 */
export type DailyNoteKind = 'chat' | 'group';

const TITLE_PREFIX: Record<DailyNoteKind, string> = {
	chat: 'WhatsApp Chat with ',
	group: 'WhatsApp Group ',
};

/**
 * `WhatsApp Chat with <Name> (DD/MM/YYYY)` (a group chat: `WhatsApp Group <group name> (DD/MM/YYYY)`), and
 * ` (2)`, ` (3)` … for continuation notes. A long name is shortened so the title stays within `maxLength`
 * (Zoho refuses a longer title, and every later message of the contact would fail the same way).
 */
export function dailyNoteTitle(
	contactName: string,
	day: string,
	part = 1,
	maxLength = NOTE_TITLE_MAX_LENGTH,
	kind: DailyNoteKind = 'chat',
): string {
	const match = DAY.exec(day);
	if (!match) throw new Error(`Day "${day}" is not an ISO date (YYYY-MM-DD)`);
	const fullName =
		contactName.replace(/\s+/g, ' ').trim() ||
		(kind === 'group' ? 'Unnamed group' : 'Unknown contact');
	const suffix = ` (${match[3]}/${match[2]}/${match[1]})${part >= 2 ? ` (${part})` : ''}`;
	const prefix = TITLE_PREFIX[kind];
	const name = shortenText(fullName, Math.max(1, maxLength - prefix.length - suffix.length));
	return `${prefix}${name}${suffix}`;
}

export function parseDailyNoteTitle(
	title: string,
): { kind: DailyNoteKind; name: string; day: string; part: number } | undefined {
	const match =
		/^WhatsApp (Chat with|Group) (.*) \((\d{2})\/(\d{2})\/(\d{4})\)(?: \((\d+)\))?$/.exec(
			title.trim(),
		);
	if (!match) return undefined;
	return {
		kind: match[1] === 'Group' ? 'group' : 'chat',
		name: match[2],
		day: `${match[5]}-${match[4]}-${match[3]}`,
		part: match[6] ? Number(match[6]) : 1,
	};
}

/**
 * The part number when `title` is a daily note of this kind and day: any chat note of the day (the
 * contact's name may have changed since), or for a group the note of that group (its name as the pack
 * writes it in the title: a record in two groups gets one note per group).
 */
export function dailyNotePart(
	title: string,
	note: { kind: DailyNoteKind; name: string; day: string },
): number | undefined {
	const parsed = parseDailyNoteTitle(title);
	if (!parsed || parsed.day !== note.day || parsed.kind !== note.kind) return undefined;
	if (
		note.kind === 'group' &&
		title.trim() !==
			dailyNoteTitle(note.name, note.day, parsed.part, NOTE_TITLE_MAX_LENGTH, 'group')
	)
		return undefined;
	return parsed.part;
}
