import {
	getCountryCallingCode,
	isSupportedCountry,
	parsePhoneNumberFromString,
	type CountryCode,
	type PhoneNumber,
} from 'libphonenumber-js/max';

/** A value that is not a phone number we can place in the world; the message names the value and why. */
export class InvalidPhoneNumberError extends Error {
	constructor(
		readonly value: string,
		readonly reason: string,
	) {
		super(`"${value}" is not a valid phone number: ${reason}`);
		this.name = 'InvalidPhoneNumberError';
	}
}

/** Checks an ISO 3166 alpha-2 default country ('gb' and ' GB ' are fine); undefined when none is set. */
export function toCountryCode(defaultCountry: string | undefined): CountryCode | undefined {
	const code = defaultCountry?.trim().toUpperCase();
	if (!code) return undefined;
	if (!isSupportedCountry(code)) {
		throw new InvalidPhoneNumberError(
			defaultCountry ?? '',
			`default country "${defaultCountry}" is not an ISO 3166 alpha-2 code with a phone plan (e.g. GB, DE, US)`,
		);
	}
	return code;
}

// WhatsApp JIDs (15559876543@s.whatsapp.net, …@c.us) carry the international number without '+'.
const JID = /@(s\.whatsapp\.net|c\.us|whatsapp\.net)$/i;

function candidatesFor(input: string): { international: string[]; national?: string } {
	const text = input.trim();
	if (JID.test(text)) return { international: [`+${text.replace(JID, '').replace(/\D/g, '')}`] };
	if (text.startsWith('+')) return { international: [text] };
	const digits = text.replace(/\D/g, '');
	if (text.startsWith('00') || digits.startsWith('00'))
		return { international: [`+${digits.slice(2)}`] };
	// Without '+': a national number for the default country, or an international number whose '+' was
	// dropped (very common in exports: 447700900123). National wins when it is valid.
	return { international: digits.startsWith('0') ? [] : [`+${digits}`], national: text };
}

// "Possible" (a length the country's plan allows), not "valid" (a range known to be allocated): the
// metadata lags behind new allocations, and refusing a real customer's number would lose their messages.
// Impossible numbers ('12', too long, wrong country length) are refused with a clear error.
function parseValid(text: string, country?: CountryCode): PhoneNumber | undefined {
	const parsed = parsePhoneNumberFromString(text, country);
	return parsed?.isPossible() ? parsed : undefined;
}

function parsePhone(input: string, defaultCountry?: string): PhoneNumber {
	if (typeof input !== 'string' || input.trim() === '')
		throw new InvalidPhoneNumberError(String(input ?? ''), 'it is empty');
	const country = toCountryCode(defaultCountry);
	const { international, national } = candidatesFor(input);
	if (national !== undefined && country) {
		const parsed = parseValid(national, country);
		if (parsed) return parsed;
	}
	for (const candidate of international) {
		const parsed = parseValid(candidate);
		if (parsed) return parsed;
	}
	if (national !== undefined && !country && international.length === 0) {
		throw new InvalidPhoneNumberError(
			input,
			'it has no country code and no default country is set',
		);
	}
	throw new InvalidPhoneNumberError(
		input,
		country
			? `it is not a possible number, neither international nor in ${country}`
			: 'it is not a possible international number (country code + number)',
	);
}

/** Any input ('+44 7700 900123', '0044…', '447700900123', '07700 900123' with GB, a WhatsApp JID) → '+447700900123'. */
export function normalizeToE164(input: string, defaultCountry?: string): string {
	return parsePhone(input, defaultCountry).number;
}

/** Like normalizeToE164 for stored field values that may hold anything: undefined instead of an error. */
export function tryNormalizeToE164(
	input: string | null | undefined,
	defaultCountry?: string,
): string | undefined {
	const country = toCountryCode(defaultCountry); // a misconfigured country is an error, not "no number"
	if (!input) return undefined;
	try {
		return normalizeToE164(input, country);
	} catch {
		return undefined;
	}
}

/** Whether a stored field value is the same number as an E.164 one (local formats count with a default country). */
export function isSamePhoneNumber(
	storedValue: string | null | undefined,
	e164: string,
	defaultCountry?: string,
): boolean {
	return tryNormalizeToE164(storedValue, defaultCountry) === e164;
}

/** The national significant number: the digits every stored format of the number contains. */
export function searchDigits(e164: string): string {
	return parsePhone(e164).nationalNumber;
}

/**
 * Stored-format variants worth searching for legacy records: '+447700900123', '447700900123',
 * '00447700900123', '+44 7700 900123', '07700 900123', '07700900123', '7700900123'. National forms
 * are only offered for the default country (a bare national number means nothing elsewhere).
 */
export function phoneSearchVariants(e164: string, defaultCountry?: string): string[] {
	const phone = parsePhone(e164);
	const international = phone.number.slice(1);
	const variants = [phone.number, international, `00${international}`, phone.formatInternational()];
	const country = toCountryCode(defaultCountry);
	if (!country || phone.countryCallingCode === getCountryCallingCode(country)) {
		const national = phone.formatNational();
		variants.push(national, national.replace(/\D/g, ''), phone.nationalNumber);
	}
	return [...new Set(variants)];
}
