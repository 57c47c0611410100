import { isSamePhoneNumber, phoneSearchVariants, searchDigits } from '../domain/phone';
import type { ZohoCrmApi, ZohoRecord } from '../transport/zoho/zohoCrmApi';
import type { MatchRule, MatchSettings } from './matchOrCreateRecord';

/*
 * Finding a number's record in Zoho: search the destination module's phone field, follow a converted lead
 * to the record it became, else search the converted-records module (docs/api-facts.md, Zoho §2 and
 * implication 7). Used by matchOrCreateRecord.
 */

export type Found = { module: string; phoneField: string; record: ZohoRecord; rule: MatchRule };

/**
 * Zoho search criteria: values must escape ( ) , and \ (Zoho search docs); OR of up to 10 conditions.
 * `equals` behaves like contains in v8 (docs/api-facts.md, Zoho §2.2), but whether it is exact for phone fields
 * is UNVERIFIED, so the values are the number as stored in each common form: E.164 ('+447700900123'), the
 * international digits ('447700900123', '00447700900123'), the international format ('+44 7700 900123'),
 * the default country's national forms ('07700 900123', '07700900123') and the national significant number
 * ('7700900123'). Under contains the national significant number alone finds every unformatted form; under an
 * exact reading each listed form is found as stored. At most 8 values, within Zoho's 10 conditions.
 */
export function phoneCriteria(field: string, e164: string, defaultCountry?: string): string {
	const escape = (value: string) => value.replace(/[\\(),]/g, (c) => `\\${c}`);
	const values = [...new Set([...phoneSearchVariants(e164, defaultCountry), searchDigits(e164)])];
	return `(${values
		.slice(0, 10)
		.map((v) => `(${field}:equals:${escape(v)})`)
		.join('or')})`;
}

export function recordDisplayName(record: ZohoRecord, nameFields: string[]): string {
	if (typeof record.Full_Name === 'string' && record.Full_Name.trim())
		return record.Full_Name.trim();
	return nameFields
		.map((f) => record[f])
		.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
		.join(' ');
}

function isConverted(record: ZohoRecord): boolean {
	return record.Converted__s === true || record.$converted === true;
}

function refId(value: unknown): string | undefined {
	if (typeof value === 'string' && value) return value;
	if (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { id?: unknown }).id === 'string'
	)
		return (value as { id: string }).id;
	return undefined;
}

/** The contact a converted lead became: Converted_Contact, else $converted_detail.contact (docs/api-facts.md, Zoho implication 7). */
function convertedTargetId(record: ZohoRecord): string | undefined {
	const detail = record.$converted_detail as { contact?: unknown } | undefined;
	return refId(record.Converted_Contact) ?? refId(detail?.contact);
}

async function searchByPhone(
	api: ZohoCrmApi,
	module: string,
	field: string,
	e164: string,
	settings: MatchSettings,
	converted?: 'both',
): Promise<ZohoRecord[]> {
	const fields = [
		...new Set([
			'id',
			field,
			'Owner',
			...settings.nameFields,
			...(converted ? ['Converted__s', 'Converted_Contact'] : []),
		]),
	];
	const found = await api.searchRecords(
		module,
		phoneCriteria(field, e164, settings.defaultCountry),
		{ fields, converted },
	);
	// Post-filter exactly: the search is contains-like, so "+4477009001234" would also come back.
	return found.filter(
		(record) =>
			typeof record[field] === 'string' &&
			isSamePhoneNumber(record[field], e164, settings.defaultCountry),
	);
}

export async function findRecord(
	api: ZohoCrmApi,
	e164: string,
	settings: MatchSettings,
): Promise<Found | { stopped: ZohoRecord } | undefined> {
	const { module, phoneField, convertedModule, convertedPhoneField } = settings;
	const matches = await searchByPhone(
		api,
		module,
		phoneField,
		e164,
		settings,
		convertedModule ? 'both' : undefined,
	);
	const active = matches.find((record) => !isConverted(record));
	if (active) return { module, phoneField, record: active, rule: 'destination_field' };
	const convertedLead = matches[0];
	if (convertedLead) {
		if (settings.whenConverted === 'stop') return { stopped: convertedLead };
		const targetId = convertedTargetId(convertedLead);
		if (convertedModule && targetId) {
			const fields = [
				...new Set(['id', convertedPhoneField ?? 'Phone', 'Owner', ...settings.nameFields]),
			];
			const target = await api.getRecord(convertedModule, targetId, { fields });
			if (target)
				return {
					module: convertedModule,
					phoneField: convertedPhoneField ?? phoneField,
					record: target,
					rule: 'converted_traceback',
				};
		}
	}
	// The traceback is gone (or there was no lead): search the converted-records module's field.
	if (convertedModule && convertedPhoneField) {
		const [contact] = await searchByPhone(
			api,
			convertedModule,
			convertedPhoneField,
			e164,
			settings,
		);
		if (contact)
			return {
				module: convertedModule,
				phoneField: convertedPhoneField,
				record: contact,
				rule: 'converted_module_field',
			};
	}
	return undefined;
}
