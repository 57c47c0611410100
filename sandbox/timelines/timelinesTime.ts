// TimelinesAI timestamps: "2024-01-08 10:35:18 +0000" (timelinesai.md). The sandbox always answers in
// UTC; the real service uses the workspace's offset (UNVERIFIED which one), which parsers must handle.

const pad = (n: number): string => String(n).padStart(2, '0');

export function timelinesTime(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * Reads a query/body time: "YYYY-MM-DD", ISO 8601, or the TimelinesAI format. A bare date is the start of
 * that day (UTC), or its end with `endOfDay` (filters are inclusive, timelinesai.md). NaN when unreadable.
 */
export function parseTimelinesTime(value: string, endOfDay = false): number {
	const raw = value.trim();
	if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
		const start = Date.parse(`${raw}T00:00:00Z`);
		return endOfDay ? start + 86_400_000 - 1 : start;
	}
	const match =
		/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(raw);
	if (!match) return NaN;
	const zone = !match[3]
		? 'Z'
		: match[3] === 'Z'
			? 'Z'
			: match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
	return Date.parse(`${match[1]}T${match[2]}${zone}`);
}
