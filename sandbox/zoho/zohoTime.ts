/**
 * Zoho date-times: ISO 8601, second precision, with the org time zone's offset
 * (e.g. "2026-03-05T14:03:11+00:00"), as in every v8 record/notes response.
 */
export function zohoTime(date: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
		timeZoneName: 'longOffset',
	}).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes): string =>
		parts.find((p) => p.type === type)?.value ?? '';
	const zone = part('timeZoneName').replace('GMT', '');
	const offset = zone === '' ? '+00:00' : zone;
	return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset}`;
}

/** Parses an ISO date-time or an HTTP date; NaN when neither. Seconds precision, like Zoho. */
export function parseZohoTime(value: string): number {
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? NaN : Math.floor(ms / 1000) * 1000;
}
