import { normalizeToE164 } from '../domain/phone';
import type { ZohoCrmApi } from '../transport/zoho/zohoCrmApi';
import type { ZohoRecordsBulkApi } from '../transport/zoho/zohoRecordsBulk';
import { findRecord } from './findRecordByPhone';
import { resolveRecordOwner } from './ownerDirectory';

/*
 * Owner follows the chat (README): when a chat is reassigned in TimelinesAI (`chat:responsible:assigned`),
 * the chat's record in Zoho gets the new responsible's Zoho user as Owner. Only the responsible counts
 * here (no number-owner or fallback step: a chat handed to someone without a Zoho account leaves the
 * owner as it is). "Records the pack created" = the record's Lead Source equals the value Match or Create
 * writes (the sync workflow's `TimelinesAI`), read from the record itself, so it holds without a sync log.
 */

export interface OwnerFollowsChatSettings {
	credentialId: string;
	module: string;
	phoneField: string;
	convertedModule?: string;
	convertedPhoneField?: string;
	defaultCountry?: string;
	/** 'createdByPack': only records whose `leadSourceField` equals `leadSourceValue`. */
	records: 'createdByPack' | 'all';
	leadSourceField: string;
	leadSourceValue: string;
}

export type OwnerFollowsChatResult =
	| {
			outcome: 'updated';
			module: string;
			recordId: string;
			ownerId: string;
			previousOwnerId: string | null;
	  }
	| { outcome: 'skipped'; reason: string; module?: string; recordId?: string; ownerId?: string };

function ownerIdOf(value: unknown): string | null {
	if (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { id?: unknown }).id === 'string'
	)
		return (value as { id: string }).id;
	return null;
}

export async function followChatOwner(
	api: ZohoCrmApi,
	writer: Pick<ZohoRecordsBulkApi, 'updateRecords'>,
	chat: { phone: string; responsibleEmail: string },
	settings: OwnerFollowsChatSettings,
): Promise<OwnerFollowsChatResult> {
	if (!chat.phone.trim())
		return { outcome: 'skipped', reason: 'the chat has no phone (a group chat)' };
	if (!chat.responsibleEmail.trim())
		return { outcome: 'skipped', reason: 'the chat has no responsible (unassigned)' };
	const owner = await resolveRecordOwner(api, settings.credentialId, {
		responsibleEmail: chat.responsibleEmail,
	});
	if (owner.rule !== 'chat_responsible' || !owner.ownerId)
		return {
			outcome: 'skipped',
			reason: `${chat.responsibleEmail} is not an active Zoho user: the owner stays`,
		};
	const e164 = normalizeToE164(chat.phone, settings.defaultCountry);
	const found = await findRecord(api, e164, {
		credentialId: settings.credentialId,
		module: settings.module,
		phoneField: settings.phoneField,
		convertedModule: settings.convertedModule,
		convertedPhoneField: settings.convertedPhoneField,
		whenConverted: 'continue',
		defaultCountry: settings.defaultCountry,
		// read with the match: the Lead Source decides "created by the pack"
		nameFields: [settings.leadSourceField],
		cacheTtlSeconds: 0,
	});
	if (!found || 'stopped' in found)
		return { outcome: 'skipped', reason: `no record has ${e164}`, ownerId: owner.ownerId };
	const { module, record } = found;
	const skipped = (reason: string): OwnerFollowsChatResult => ({
		outcome: 'skipped',
		reason,
		module,
		recordId: record.id,
		ownerId: owner.ownerId,
	});
	if (
		settings.records === 'createdByPack' &&
		record[settings.leadSourceField] !== settings.leadSourceValue
	)
		return skipped(
			`not created by the pack (${settings.leadSourceField} is not "${settings.leadSourceValue}")`,
		);
	const previousOwnerId = ownerIdOf(record.Owner);
	if (previousOwnerId === owner.ownerId) return skipped('already the owner');
	const [result] = await writer.updateRecords(module, [
		{ id: record.id, fields: { Owner: { id: owner.ownerId } } },
	]);
	if (result?.outcome !== 'updated')
		throw new Error(
			`Zoho refused the new owner of ${module} ${record.id}: ${result ? `${result.code} ${result.message}` : 'no answer'}`,
		);
	return {
		outcome: 'updated',
		module,
		recordId: record.id,
		ownerId: owner.ownerId,
		previousOwnerId,
	};
}
