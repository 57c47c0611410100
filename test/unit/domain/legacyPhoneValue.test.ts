import { classifyLegacyPhoneValue } from '../../../nodes/shared/domain/legacyPhoneValue';

describe('classifyLegacyPhoneValue', () => {
	it('writes a national number of the default country as E.164', () => {
		expect(classifyLegacyPhoneValue('07400 123456', 'GB')).toEqual({
			kind: 'fix',
			e164: '+447400123456',
			reading: 'national',
		});
		expect(classifyLegacyPhoneValue('030 901820', 'DE')).toMatchObject({ e164: '+4930901820' });
	});

	it("writes an international number whose '+' was dropped, or given with 00", () => {
		expect(classifyLegacyPhoneValue('4915112345678', 'GB')).toMatchObject({
			kind: 'fix',
			e164: '+4915112345678',
			reading: 'international without +',
		});
		expect(classifyLegacyPhoneValue('0033 6 12 34 56 78', 'GB')).toMatchObject({
			kind: 'fix',
			e164: '+33612345678',
		});
	});

	it('leaves values that already carry a country code, and empty ones', () => {
		expect(classifyLegacyPhoneValue('+44 7700 900123', 'GB')).toEqual({ kind: 'international' });
		expect(classifyLegacyPhoneValue('', 'GB')).toEqual({ kind: 'empty' });
		expect(classifyLegacyPhoneValue(null, 'GB')).toEqual({ kind: 'empty' });
	});

	it('lists a value valid both nationally and internationally as ambiguous, with both readings', () => {
		// 4799803738: a US number (479, Arkansas), and also +47 99803738 (a Norwegian mobile).
		const verdict = classifyLegacyPhoneValue('4799803738', 'US');
		expect(verdict).toMatchObject({ kind: 'ambiguous' });
		expect(verdict.kind === 'ambiguous' && verdict.candidates.sort()).toEqual(
			['+14799803738', '+4799803738'].sort(),
		);
	});

	it('lists an invalid value as ambiguous, never guessing', () => {
		expect(classifyLegacyPhoneValue('12345', 'GB')).toMatchObject({
			kind: 'ambiguous',
			candidates: [],
		});
		expect(classifyLegacyPhoneValue('n/a', 'GB')).toMatchObject({ kind: 'ambiguous' });
		// 07700 900xxx is reserved for drama (never allocated): possible, not valid, so never rewritten.
		expect(classifyLegacyPhoneValue('07700 900123', 'GB')).toMatchObject({ kind: 'ambiguous' });
		expect(classifyLegacyPhoneValue('07400 123456', undefined)).toMatchObject({
			kind: 'ambiguous',
			reason: 'no country code, and no default country is set',
		});
	});
});
