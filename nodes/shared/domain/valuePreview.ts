/**
 * A short, single-line picture of an untrusted value for an error message: errors name the field and
 * show what was there, but never echo a big value back (a 3 MB payload must not come back as 12 MB).
 */
export const PREVIEW_MAX_LENGTH = 100;

export function previewValue(value: unknown, maxLength = PREVIEW_MAX_LENGTH): string {
	if (value === undefined) return 'undefined';
	if (typeof value === 'string') return quoted(value, maxLength);
	if (typeof value === 'number' || typeof value === 'boolean' || value === null)
		return String(value);
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return `an object with ${Object.keys(value).length} keys`;
	return `a ${typeof value}`;
}

function quoted(text: string, maxLength: number): string {
	const whole = JSON.stringify(text);
	if (whole.length <= maxLength) return whole;
	const suffix = `… (${text.length} characters)`;
	// Escapes can only make the quoted text longer: cut the raw text, then quote, until it fits.
	let cut = Math.max(0, maxLength - suffix.length - 2);
	let head = JSON.stringify(text.slice(0, cut));
	while (head.length + suffix.length > maxLength && cut > 0) {
		cut = Math.floor((cut * (maxLength - suffix.length)) / head.length);
		head = JSON.stringify(text.slice(0, cut));
	}
	return `${head}${suffix}`;
}
