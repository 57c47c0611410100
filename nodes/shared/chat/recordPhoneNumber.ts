import { tryNormalizeToE164 } from '../domain/phone';

/** E.164 for a record's phone field value ('+44 7700 900123', '0044…', '07700 900123' with default GB, JIDs); undefined if not a number. */
export function recordPhoneToE164(value: string, defaultCountry?: string): string | undefined {
	return tryNormalizeToE164(value, defaultCountry);
}
