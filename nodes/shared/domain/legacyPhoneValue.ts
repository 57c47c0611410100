import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

import { toCountryCode } from './phone';

/**
 * What to do with one stored phone value when cleaning legacy numbers (README, "Legacy numbers cleaned"):
 * - `international`: it already carries a country code ('+…' or '00…' is not touched when it starts with '+');
 * - `fix`: it lacks the '+' country-code form and has exactly one reading → the E.164 value to write;
 * - `ambiguous`: no reading, or two (a national number of the default country that is also a valid
 *   international number whose '+' was dropped): listed for a person, never guessed.
 * "Valid" here is libphonenumber's isValid (an allocated range), stricter than the sync's isPossible: a
 * value is only rewritten when the number is certain.
 */
export type LegacyPhoneVerdict =
	| { kind: 'empty' }
	| { kind: 'international' }
	| { kind: 'fix'; e164: string; reading: 'national' | 'international without +' }
	| { kind: 'ambiguous'; reason: string; candidates: string[] };

function validE164(text: string, country?: CountryCode): string | undefined {
	const parsed = parsePhoneNumberFromString(text, country);
	return parsed?.isValid() ? parsed.number : undefined;
}

export function classifyLegacyPhoneValue(
	value: unknown,
	defaultCountry: string | undefined,
): LegacyPhoneVerdict {
	if (typeof value !== 'string' || value.trim() === '') return { kind: 'empty' };
	const text = value.trim();
	if (text.startsWith('+')) return { kind: 'international' };
	const country = toCountryCode(defaultCountry);
	const digits = text.replace(/\D/g, '');
	if (digits.length === 0)
		return { kind: 'ambiguous', reason: 'it holds no digits', candidates: [] };
	if (digits.startsWith('00')) {
		const e164 = validE164(`+${digits.slice(2)}`);
		return e164
			? { kind: 'fix', e164, reading: 'international without +' }
			: { kind: 'ambiguous', reason: 'not a valid number after 00', candidates: [] };
	}
	const national = country ? validE164(text, country) : undefined;
	const international = digits.startsWith('0') ? undefined : validE164(`+${digits}`);
	if (national && international && national !== international)
		return {
			kind: 'ambiguous',
			reason: `valid both in ${country ?? '?'} and as an international number`,
			candidates: [national, international],
		};
	if (national) return { kind: 'fix', e164: national, reading: 'national' };
	if (international)
		return { kind: 'fix', e164: international, reading: 'international without +' };
	return {
		kind: 'ambiguous',
		reason: country
			? `not a valid number in ${country} nor as an international number`
			: 'no country code, and no default country is set',
		candidates: [],
	};
}
