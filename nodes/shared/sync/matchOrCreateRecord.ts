import { markFreshRecord } from '../coordination/freshRecords';
import { BoundedTtlCache, PerCredentialCache } from '../coordination/boundedTtlCache';
import {
	isSamePhoneNumber,
	normalizeToE164,
	phoneSearchVariants,
	searchDigits,
} from '../domain/phone';
import { inProcessLock, type DistributedLock } from '../coordination/distributedLock';
import {
	buildRecordData,
	missingMandatoryFields,
	MissingMandatoryFieldsError,
	type CreateSettings,
} from './recordCreation';
import type { ZohoCrmApi, ZohoRecord } from '../transport/zoho/zohoCrmApi';
import { moduleFields } from './moduleFields';

export interface MatchSettings {
	credentialId: string;
	module: string;
	phoneField: string;
	convertedModule?: string;
	convertedPhoneField?: string;
	whenConverted: 'continue' | 'stop';
	defaultCountry?: string;
	/** Fields to read on a match (besides id, the phone field and the name fields). */
	nameFields: string[];
	/** undefined = "Create If Not Found" off. */
	create?: CreateSettings;
	cacheTtlSeconds: number;
	/** Around search-then-create of one number (queue mode: a RedisLock); default in-process. */
	lock?: DistributedLock;
}

export type MatchRule =
	| 'cache'
	| 'destination_field'
	| 'converted_traceback'
	| 'converted_module_field'
	| 'duplicate_data'
	| 'created'
	| 'group_chat'
	| 'invalid_number'
	| 'lead_converted_stop'
	| 'not_found';

export type MatchResult =
	| {
			outcome: 'matched' | 'created';
			rule: MatchRule;
			reason: string;
			module: string;
			phoneField: string;
			record: ZohoRecord;
			name: string;
			e164: string;
	  }
	| {
			outcome: 'skipped';
			rule: MatchRule;
			reason: string;
			module?: string;
			record?: ZohoRecord;
			e164?: string;
	  };

type Found = { module: string; phoneField: string; record: ZohoRecord; rule: MatchRule };

// Number → record cache (per credential, bounded). Trade-off: a hit costs 0 credits but is not
// re-verified against Zoho (verifying costs 1 credit per message — the same as not caching a search).
// A record deleted or converted inside the TTL is therefore noticed only when the TTL expires or the
// note write fails; keep the TTL short (default 10 min) if records are often merged or converted.
const recordCache = new PerCredentialCache<string, Found>(10 * 60_000, 5_000);

/** Zoho search criteria: values must escape ( ) , and \ (Zoho search docs); OR of up to 10 conditions. */
function phoneCriteria(field: string, e164: string, defaultCountry?: string): string {
	const escape = (value: string) => value.replace(/[\\(),]/g, (c) => `\\${c}`);
	const digits = searchDigits(e164);
	// equals behaves like contains in v8 (docs/api-facts.md, Zoho §2): the national digits find "+447700900123",
	// "447700900123" and "07700900123"; formatted variants find values stored with spaces or dashes.
	const formatted = phoneSearchVariants(e164, defaultCountry).filter((v) => /[^\d+]/.test(v));
	const unique = [...new Set([digits, ...formatted])].slice(0, 10);
	return `(${unique.map((v) => `(${field}:equals:${escape(v)})`).join('or')})`;
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

async function findRecord(
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

async function createRecord(
	api: ZohoCrmApi,
	e164: string,
	settings: MatchSettings,
	create: CreateSettings,
): Promise<Found> {
	const { module, phoneField, credentialId } = settings;
	const data = buildRecordData(phoneField, e164, create);
	const missing = missingMandatoryFields(await moduleFields(api, credentialId, module), data);
	if (missing.length > 0) throw new MissingMandatoryFieldsError(module, missing);
	const created = await api.createRecord(module, data, { trigger: create.trigger });
	if (created.outcome !== 'duplicate') markFreshRecord(credentialId, module, created.id);
	return {
		module,
		phoneField,
		record: { ...data, id: created.id },
		// A racing writer in another process created it first and the phone field is unique (implication 9).
		rule: created.outcome === 'duplicate' ? 'duplicate_data' : 'created',
	};
}

const reasons: Record<MatchRule, string> = {
	cache: 'Matched a record found earlier for this number',
	destination_field: 'Matched by the phone field of the destination module',
	converted_traceback: 'The matched lead was converted; continuing with the record it became',
	converted_module_field: 'Matched by the phone field of the converted-records module',
	duplicate_data:
		'Zoho reported the number as a duplicate of an existing record; using that record',
	created: 'No record had this number; created one',
	group_chat: 'Group chats are not synced',
	invalid_number: 'The phone number is not valid',
	lead_converted_stop: 'The matched lead was converted and the node is set to stop',
	not_found: 'No record has this number and "Create If Not Found" is off',
};

function normalizeOrReason(
	phone: string,
	defaultCountry?: string,
): { e164: string } | { reason: string } {
	try {
		return { e164: normalizeToE164(phone, defaultCountry) };
	} catch (error) {
		// An invalid number skips the message (like the seed's sync log), it does not fail the workflow.
		return { reason: error instanceof Error ? error.message : String(error) };
	}
}

export async function matchOrCreateRecord(
	api: ZohoCrmApi,
	input: { phone: string; isGroup: boolean },
	settings: MatchSettings,
): Promise<MatchResult> {
	if (input.isGroup) return { outcome: 'skipped', rule: 'group_chat', reason: reasons.group_chat };
	const normalized = normalizeOrReason(input.phone, settings.defaultCountry || undefined);
	if ('reason' in normalized)
		return { outcome: 'skipped', rule: 'invalid_number', reason: normalized.reason };
	const { e164 } = normalized;
	const cacheKey = `${settings.module}|${settings.phoneField}|${settings.convertedModule ?? ''}|${settings.whenConverted}|${e164}`;
	const cache: BoundedTtlCache<string, Found> = recordCache.for(settings.credentialId);
	// One search-then-create per number at a time, so racing first messages create one record.
	return await (settings.lock ?? inProcessLock).withLock(
		`number:${settings.credentialId}|${settings.module}|${e164}`,
		async () => {
			const cached = cache.get(cacheKey);
			if (cached) return success('matched', { ...cached, rule: 'cache' }, e164, settings);
			const found = await findRecord(api, e164, settings);
			if (found && 'stopped' in found) {
				return {
					outcome: 'skipped',
					rule: 'lead_converted_stop',
					reason: reasons.lead_converted_stop,
					module: settings.module,
					record: found.stopped,
					e164,
				};
			}
			if (found) {
				cache.set(cacheKey, found);
				return success('matched', found, e164, settings);
			}
			if (!settings.create)
				return { outcome: 'skipped', rule: 'not_found', reason: reasons.not_found, e164 };
			const created = await createRecord(api, e164, settings, settings.create);
			cache.set(cacheKey, created);
			return success(created.rule === 'created' ? 'created' : 'matched', created, e164, settings);
		},
	);
}

function success(
	outcome: 'matched' | 'created',
	found: Found,
	e164: string,
	settings: MatchSettings,
): MatchResult {
	const name = recordDisplayName(found.record, settings.nameFields);
	return {
		outcome,
		rule: found.rule,
		reason: reasons[found.rule],
		module: found.module,
		phoneField: found.phoneField,
		record: found.record,
		name,
		e164,
	};
}
