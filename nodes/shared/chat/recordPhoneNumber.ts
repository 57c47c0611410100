import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

// Stand-in for nodes/shared/domain/phone.ts normalizeToE164 (being written in parallel): the chat page only
// needs "this stored field value → E.164, or nothing".

/** E.164 for a phone field value ('+44 7700 900123', '0044…', '07700 900123' with default GB, JIDs); undefined if not a valid number. */
export function recordPhoneToE164(value: string, defaultCountry?: string): string | undefined {
	let text = value.trim().replace(/@s\.whatsapp\.net$/i, '');
	if (text.startsWith('00')) text = `+${text.slice(2)}`;
	const digitsOnly = /^[\d\s().-]+$/.test(text);
	const candidates: string[] = [text];
	// A number stored without '+' but with its country code (e.g. 447700900123) is common in WhatsApp exports.
	if (digitsOnly) candidates.push(`+${text.replace(/\D/g, '')}`);
	for (const candidate of candidates) {
		const parsed = parsePhoneNumberFromString(candidate, (defaultCountry || undefined) as CountryCode | undefined);
		if (parsed && parsed.isValid()) return parsed.number;
	}
	return undefined;
}
