import { forgetFreshRecord, markFreshRecord } from '../coordination/freshRecords';
import { BoundedTtlCache, PerCredentialCache } from '../coordination/boundedTtlCache';
import { isSamePhoneNumber, normalizeToE164 } from '../domain/phone';
import {
	inProcessLock,
	type DistributedLock,
	type LockLease,
} from '../coordination/distributedLock';
import {
	forgetRecentRecord,
	recentRecordOf,
	rememberRecentRecord,
} from '../coordination/recentRecords';
import {
	buildRecordData,
	fitToFieldLengths,
	missingMandatoryFields,
	MissingMandatoryFieldsError,
	type CreateSettings,
} from './recordCreation';
import type { ZohoCrmApi, ZohoRecord } from '../transport/zoho/zohoCrmApi';
import { moduleFields } from './moduleFields';
import { findRecord, recordDisplayName, type Found } from './findRecordByPhone';
import { createRecordWithOthers } from './bulkRecordCreates';

export { recordDisplayName } from './findRecordByPhone';

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

// Number → record cache (per credential, bounded). Trade-off: a hit costs 0 credits but is not
// re-verified against Zoho (verifying costs 1 credit per message — the same as not caching a search).
// A record deleted, merged or converted inside the TTL is noticed when the note write finds it gone:
// forgetRecord drops it and rematchRecord finds (or creates) the number's record again.
const recordCache = new PerCredentialCache<string, Found>(10 * 60_000, 5_000);
// Record → how it was matched (settings and number), so a note writer that finds the record gone can match
// the number again in the same execution.
const matchedBy = new BoundedTtlCache<string, { settings: MatchSettings; e164: string }>(
	3600_000,
	5_000,
);
const recordKey = (credentialId: string, module: string, recordId: string) =>
	`${credentialId}|${module}|${recordId}`;

async function createRecord(
	api: ZohoCrmApi,
	e164: string,
	settings: MatchSettings,
	create: CreateSettings,
): Promise<Found> {
	const { module, phoneField, credentialId } = settings;
	const fields = await moduleFields(api, credentialId, module);
	// A WhatsApp name longer than the field (First_Name 40, Last_Name 80 …) is shortened, not refused.
	const { data } = fitToFieldLengths(fields, buildRecordData(phoneField, e164, create));
	const missing = missingMandatoryFields(fields, data);
	if (missing.length > 0) throw new MissingMandatoryFieldsError(module, missing);
	// In one insert with the other new records of the module being created now (the number's lock is held).
	const created = await createRecordWithOthers(api, credentialId, module, data, {
		trigger: create.trigger,
	});
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
		async (lease) => {
			const cached = cache.get(cacheKey);
			if (cached) {
				remember(e164, settings, cached, lease);
				return success('matched', { ...cached, rule: 'cache' }, e164, settings);
			}
			const found =
				(await findRecord(api, e164, settings)) ??
				(await recentRecordFound(api, e164, settings, lease));
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
				remember(e164, settings, found, lease);
				return success('matched', found, e164, settings);
			}
			if (!settings.create)
				return { outcome: 'skipped', rule: 'not_found', reason: reasons.not_found, e164 };
			const created = await createRecord(api, e164, settings, settings.create);
			cache.set(cacheKey, created);
			remember(e164, settings, created, lease);
			return success(created.rule === 'created' ? 'created' : 'matched', created, e164, settings);
		},
	);
}

/** The number's record for the next search that misses it (recentRecords: Zoho's index lag). */
function remember(e164: string, settings: MatchSettings, found: Found, lease: LockLease): void {
	if (found.module !== settings.module) return;
	const { module, phoneField } = found;
	rememberRecentRecord(
		settings.credentialId,
		e164,
		{ module, phoneField, id: found.record.id },
		lease,
	);
}

/**
 * A search that missed: the record this or another process matched or created for the number lately, when
 * Zoho still has it with the number (its search index lags writes; a GET by id does not). Found as the
 * search would have found it.
 */
async function recentRecordFound(
	api: ZohoCrmApi,
	e164: string,
	settings: MatchSettings,
	lease: LockLease,
): Promise<Found | undefined> {
	const recent = recentRecordOf(settings.credentialId, settings.module, e164, lease);
	if (!recent) return undefined;
	const fields = [...new Set(['id', recent.phoneField, 'Owner', ...settings.nameFields])];
	const record = await api.getRecord(recent.module, recent.id, { fields });
	const phone = record?.[recent.phoneField];
	if (
		!record ||
		typeof phone !== 'string' ||
		!isSamePhoneNumber(phone, e164, settings.defaultCountry)
	)
		return undefined;
	return {
		module: recent.module,
		phoneField: recent.phoneField,
		record,
		rule: 'destination_field',
	};
}

function success(
	outcome: 'matched' | 'created',
	found: Found,
	e164: string,
	settings: MatchSettings,
): MatchResult {
	matchedBy.set(recordKey(settings.credentialId, found.module, found.record.id), {
		settings,
		e164,
	});
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

/** Drops a record Zoho no longer has from every cache of this process (number → record, fresh records). */
export function forgetRecord(credentialId: string, module: string, recordId: string): void {
	recordCache
		.for(credentialId)
		.deleteWhere((_, found) => found.module === module && found.record.id === recordId);
	forgetFreshRecord(credentialId, module, recordId);
	forgetRecentRecord(credentialId, module, recordId);
}

/**
 * Matches the number of a record Zoho no longer has once more (deleted: a new record is created if the node
 * creates; merged: the surviving record; converted: the record it became). Undefined when this process did
 * not match that record (nothing to match with) or the number now has no record to write to.
 */
export async function rematchRecord(
	api: ZohoCrmApi,
	credentialId: string,
	module: string,
	recordId: string,
): Promise<Extract<MatchResult, { outcome: 'matched' | 'created' }> | undefined> {
	const key = recordKey(credentialId, module, recordId);
	const how = matchedBy.get(key);
	forgetRecord(credentialId, module, recordId);
	matchedBy.delete(key);
	if (!how) return undefined;
	const result = await matchOrCreateRecord(api, { phone: how.e164, isGroup: false }, how.settings);
	if (result.outcome === 'skipped' || result.record.id === recordId) return undefined;
	return result;
}
