import type { IExecuteFunctions } from 'n8n-workflow';

import { readFlag } from '../shared/domain/syncItem';
import { AUTOMATIC_INPUTS, readInput, readTextInput } from '../shared/n8n/automaticInputs';
import { queueModeLockFor } from '../shared/n8n/queueModeLock';
import { eachItem, type ZohoItemHandler } from '../shared/n8n/zohoItemLoop';
import { matchOrCreateRecord, type MatchSettings } from '../shared/sync/matchOrCreateRecord';
import { CreationFieldHints } from './creationFieldHints';
import { matchSettingsFor } from './matchOrCreateSettings';

export const MATCH_OUTPUT = { matched: 0, created: 1, skipped: 2 } as const;

interface MatchWork {
	settings: MatchSettings;
	phone: string;
	isGroup: boolean;
}

/** Per item: find the record of the number (following conversion) or create it; route by outcome. */
export function matchOrCreateHandler(context: IExecuteFunctions): ZohoItemHandler<MatchWork> {
	const fieldChecks = new CreationFieldHints(context);
	return {
		outputCount: 3,
		errorOutput: MATCH_OUTPUT.skipped,
		prepare: async (index, api, credentialId) => {
			const settings = matchSettingsFor(context, index, credentialId);
			if (settings.create)
				settings.create = await fieldChecks.apply(api, settings, settings.create);
			return {
				settings: { ...settings, lock: await queueModeLockFor(context, index) },
				phone: readTextInput(context, index, AUTOMATIC_INPUTS.phone),
				isGroup: readFlag(readInput(context, index, AUTOMATIC_INPUTS.isGroupChat, false)),
			};
		},
		// Items run at once; the per-number lock inside matchOrCreateRecord keeps one number serial.
		run: async (batch) =>
			await eachItem(batch, async ({ work, api }) => {
				const result = await matchOrCreateRecord(
					api,
					{ phone: work.phone, isGroup: work.isGroup },
					work.settings,
				);
				const sync = {
					outcome: result.outcome,
					rule: result.rule,
					reason: result.reason,
					module: result.module ?? null,
					recordId: result.record?.id ?? null,
				};
				if (result.outcome === 'skipped') return { output: MATCH_OUTPUT.skipped, set: {}, sync };
				const zoho = {
					module: result.module,
					id: result.record.id,
					name: result.name,
					phoneField: result.phoneField,
					e164: result.e164,
					record: result.record,
				};
				return { output: MATCH_OUTPUT[result.outcome], set: { zoho }, sync };
			}),
	};
}
