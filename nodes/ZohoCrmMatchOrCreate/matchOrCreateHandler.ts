import type { IExecuteFunctions } from 'n8n-workflow';

import { readFlag } from '../shared/domain/syncItem';
import { AUTOMATIC_INPUTS, readInput, readTextInput } from '../shared/n8n/automaticInputs';
import { queueModeLockFor } from '../shared/n8n/queueModeLock';
import type { ZohoItemAnswer, ZohoItemHandler, ZohoItemResult } from '../shared/n8n/zohoItemLoop';
import {
	matchOrCreateRecord,
	type MatchResult,
	type MatchSettings,
} from '../shared/sync/matchOrCreateRecord';
import { CreationFieldHints } from './creationFieldHints';
import { groupChatAnswer, groupChatWork, type GroupChatWork } from './groupChatFanOut';
import { matchSettingsFor } from './matchOrCreateSettings';

/** Output indexes of version 1 (Matched, Created, Skipped). */
export const MATCH_OUTPUT = { matched: 0, created: 1, skipped: 2 } as const;
/** Version 2: Converted (a record of the converted-records module: a converted lead followed to the record
 * it became, or found by that module's phone field) between Created and Skipped. */
export const MATCH_OUTPUT_V2 = { matched: 0, created: 1, converted: 2, skipped: 3 } as const;

/** The node's outputs of a version: self-contained, since n8n evaluates its source as an expression. */
export const matchOutputs = (version: number): Array<{ type: 'main'; displayName: string }> =>
	(version >= 2
		? ['Matched', 'Created', 'Converted', 'Skipped']
		: ['Matched', 'Created', 'Skipped']
	).map((displayName) => ({ type: 'main', displayName }));

interface MatchWork {
	settings: MatchSettings;
	phone: string;
	isGroup: boolean;
	/** Set when Group Chats is "Log to Each Participant's Record" and the message is a group's. */
	group?: GroupChatWork;
}

/** Where a match result goes (an output of the node's version) and what it adds to the item. */
export type MatchRouting = (result: MatchResult, settings: MatchSettings) => ZohoItemResult;

function routingFor(withConverted: boolean): MatchRouting {
	const outputOf = withConverted ? MATCH_OUTPUT_V2 : MATCH_OUTPUT;
	return (result, settings) => {
		// Version 2: a match in the converted-records module leaves on Converted, logged as "converted".
		const converted =
			withConverted &&
			result.outcome === 'matched' &&
			result.module !== undefined &&
			result.module !== settings.module;
		const sync = {
			outcome: converted ? ('converted' as const) : result.outcome,
			rule: result.rule,
			reason: result.reason,
			module: result.module ?? null,
			recordId: result.record?.id ?? null,
		};
		if (result.outcome === 'skipped') return { output: outputOf.skipped, set: {}, sync };
		const zoho = {
			module: result.module,
			id: result.record.id,
			name: result.name,
			phoneField: result.phoneField,
			e164: result.e164,
			record: result.record,
		};
		const output = converted ? MATCH_OUTPUT_V2.converted : outputOf[result.outcome];
		return { output, set: { zoho }, sync };
	};
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Per item: find the record of the number (following conversion) or create it; route by outcome. */
export function matchOrCreateHandler(context: IExecuteFunctions): ZohoItemHandler<MatchWork> {
	const fieldChecks = new CreationFieldHints(context);
	const withConverted = context.getNode().typeVersion >= 2;
	const route = routingFor(withConverted);
	const skippedOutput = (withConverted ? MATCH_OUTPUT_V2 : MATCH_OUTPUT).skipped;
	return {
		outputCount: withConverted ? 4 : 3,
		errorOutput: skippedOutput,
		prepare: async (index, api, credentialId) => {
			const settings = matchSettingsFor(context, index, credentialId);
			if (settings.create)
				settings.create = await fieldChecks.apply(api, settings, settings.create);
			const isGroup = readFlag(readInput(context, index, AUTOMATIC_INPUTS.isGroupChat, false));
			return {
				settings: { ...settings, lock: await queueModeLockFor(context, index) },
				phone: readTextInput(context, index, AUTOMATIC_INPUTS.phone),
				isGroup,
				group: isGroup ? groupChatWork(context, index) : undefined,
			};
		},
		// Items run at once; the per-number lock inside matchOrCreateRecord keeps one number serial. A group
		// message may fan out: one result per participant's record.
		run: async (batch) =>
			await Promise.all(
				batch.map(async ({ work, api }): Promise<ZohoItemAnswer> => {
					try {
						if (work.group)
							return await groupChatAnswer(api, work.group, work.settings, route, skippedOutput);
						const result = await matchOrCreateRecord(
							api,
							{ phone: work.phone, isGroup: work.isGroup },
							work.settings,
						);
						return route(result, work.settings);
					} catch (error) {
						return asError(error);
					}
				}),
			),
	};
}
