import {
	InvalidPhoneNumberError,
	isSamePhoneNumber,
	normalizeToE164,
	phoneSearchVariants,
	searchDigits,
	toCountryCode,
	tryNormalizeToE164,
} from '../../../nodes/shared/domain/phone';

describe('normalizeToE164', () => {
	it.each([
		['+44 7700 900123', undefined, '+447700900123'],
		['0044 7700 900123', undefined, '+447700900123'],
		['447700900123', undefined, '+447700900123'],
		['447700900123', 'GB', '+447700900123'],
		['07700 900123', 'GB', '+447700900123'],
		['07700-900-123', 'gb', '+447700900123'],
		['7700900123', 'GB', '+447700900123'],
		['(0151) 123 45678', 'DE', '+4915112345678'],
		['15559876543@s.whatsapp.net', undefined, '+15559876543'],
		['+1 (555) 987-6543', 'GB', '+15559876543'],
	])('turns %s (default country %s) into %s', (input, country, expected) => {
		expect(normalizeToE164(input, country)).toBe(expected);
	});

	it('refuses an impossible number and names the value', () => {
		expect(() => normalizeToE164('12')).toThrow(InvalidPhoneNumberError);
		expect(() => normalizeToE164('12')).toThrow('"12" is not a valid phone number');
		expect(() => normalizeToE164('+44 12', 'GB')).toThrow(/not a possible number/);
	});

	it('refuses a local number when no default country says where it is', () => {
		expect(() => normalizeToE164('07700 900123')).toThrow(/no country code and no default country/);
	});

	it('refuses empty input', () => {
		expect(() => normalizeToE164('  ')).toThrow(/it is empty/);
	});

	it('names an unknown default country', () => {
		expect(() => normalizeToE164('07700 900123', 'XX')).toThrow(
			/default country "XX" is not an ISO 3166/,
		);
		expect(toCountryCode(' gb ')).toBe('GB');
		expect(toCountryCode('')).toBeUndefined();
	});
});

describe('tryNormalizeToE164', () => {
	it('gives undefined for values that are not numbers, but still reports a misconfigured country', () => {
		expect(tryNormalizeToE164('n/a', 'GB')).toBeUndefined();
		expect(tryNormalizeToE164(null)).toBeUndefined();
		expect(tryNormalizeToE164('+447700900123')).toBe('+447700900123');
		expect(() => tryNormalizeToE164('07700 900123', 'Britain')).toThrow(/default country/);
	});
});

describe('isSamePhoneNumber', () => {
	it('matches stored formats of the same number', () => {
		for (const stored of [
			'+447700900123',
			'447700900123',
			'+44 (0) 7700 900123'.replace(' (0)', ''),
			'00447700900123',
		]) {
			expect(isSamePhoneNumber(stored, '+447700900123')).toBe(true);
		}
	});

	it('matches legacy local formats only with a default country', () => {
		expect(isSamePhoneNumber('07700 900123', '+447700900123', 'GB')).toBe(true);
		expect(isSamePhoneNumber('07700 900123', '+447700900123')).toBe(false);
	});

	it('does not match a longer number that merely contains the digits, or garbage', () => {
		expect(isSamePhoneNumber('+4477009001234', '+447700900123', 'GB')).toBe(false);
		expect(isSamePhoneNumber('+447700900124', '+447700900123', 'GB')).toBe(false);
		expect(isSamePhoneNumber('call me', '+447700900123', 'GB')).toBe(false);
		expect(isSamePhoneNumber(undefined, '+447700900123', 'GB')).toBe(false);
	});
});

describe('phoneSearchVariants', () => {
	it('lists the stored formats worth searching for legacy records', () => {
		expect(phoneSearchVariants('+447700900123', 'GB')).toEqual(
			expect.arrayContaining([
				'+447700900123',
				'447700900123',
				'00447700900123',
				'+44 7700 900123',
				'07700 900123',
				'07700900123',
				'7700900123',
			]),
		);
	});

	it('offers national formats only for the default country', () => {
		const variants = phoneSearchVariants('+4915112345678', 'GB');
		expect(variants).toContain('4915112345678');
		expect(variants.some((v) => v.startsWith('0151'))).toBe(false);
	});

	it('every variant normalises back to the same number', () => {
		for (const variant of phoneSearchVariants('+447700900123', 'GB'))
			expect(normalizeToE164(variant, 'GB')).toBe('+447700900123');
	});

	it('gives the national digits for contains-like searches', () => {
		expect(searchDigits('+447700900123')).toBe('7700900123');
	});
});
