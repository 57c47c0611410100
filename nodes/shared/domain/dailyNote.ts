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

/** `WhatsApp Chat with <Name> (DD/MM/YYYY)`, and ` (2)`, ` (3)` … for continuation notes. */
export function dailyNoteTitle(contactName: string, day: string, part = 1): string {
	const match = DAY.exec(day);
	if (!match) throw new Error(`Day "${day}" is not an ISO date (YYYY-MM-DD)`);
	const name = contactName.replace(/\s+/g, ' ').trim() || 'Unknown contact';
	return `WhatsApp Chat with ${name} (${match[3]}/${match[2]}/${match[1]})${part >= 2 ? ` (${part})` : ''}`;
}

export function parseDailyNoteTitle(
	title: string,
): { name: string; day: string; part: number } | undefined {
	const match = /^WhatsApp Chat with (.*) \((\d{2})\/(\d{2})\/(\d{4})\)(?: \((\d+)\))?$/.exec(
		title.trim(),
	);
	if (!match) return undefined;
	return {
		name: match[1],
		day: `${match[4]}-${match[3]}-${match[2]}`,
		part: match[5] ? Number(match[5]) : 1,
	};
}
