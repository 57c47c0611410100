import { InvalidTimelinesEventError } from './timelinesEventError';

/*
 * TimelinesAI writes times as "2024-01-08 10:35:18 +0200" (webhook spec, MessageDataInfo.timestamp); its
 * API also answers ISO 8601. Read strictly: a date that does not exist (30 February, hour 24) is refused,
 * never rolled over to another day as Date.parse would.
 */
const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2024-01-08 10:35:18 +0200" (TimelinesAI) or ISO 8601 → epoch ms; no zone means UTC. */
export function timelinesEpoch(value: string, field = 'message.timestamp'): number {
	const match = TIMESTAMP.exec(value.trim());
	if (!match) throw new InvalidTimelinesEventError(field, value, 'is not a TimelinesAI timestamp');
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
	const [fraction = '', , sign, offsetHours = '0', offsetMinutes = '0'] = match.slice(7);
	const valid =
		year >= 1970 &&
		month >= 1 &&
		month <= 12 &&
		day >= 1 &&
		day <= daysInMonth(year, month) &&
		hour <= 23 &&
		minute <= 59 &&
		second <= 59 &&
		Number(offsetHours) <= 14 &&
		Number(offsetMinutes) <= 59;
	if (!valid) throw new InvalidTimelinesEventError(field, value, 'is not a valid date');
	const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
	const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
	return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/** The same, as ISO 8601 UTC. */
export function parseTimelinesTimestamp(value: string, field = 'message.timestamp'): string {
	return new Date(timelinesEpoch(value, field)).toISOString();
}
