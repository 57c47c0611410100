import type { IExecuteFunctions } from 'n8n-workflow';

import { AUTOMATIC_INPUTS, readTextInput } from '../shared/n8n/automaticInputs';
import { eachItem, type ZohoItemHandler } from '../shared/n8n/zohoItemLoop';
import { resolveRecordOwner } from '../shared/sync/ownerDirectory';

interface OwnerWork {
	credentialId: string;
	responsibleEmail: string;
	accountOwnerEmail: string;
	fallbackUserId: string;
}

/** Fallback User of either version: v1's dropdown value or v2's resource locator value ('' = none). */
function fallbackUserIdOf(context: IExecuteFunctions, index: number): string {
	const value = context.getNodeParameter('fallbackUserId', index, '', { extractValue: true });
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

/** Settings and input of one item, then the owner rule: chat responsible → number owner → fallback → connecting user. */
export function resolveOwnerHandler(context: IExecuteFunctions): ZohoItemHandler<OwnerWork> {
	return {
		outputCount: 1,
		errorOutput: 0,
		prepare: async (index, _api, credentialId) => ({
			credentialId,
			responsibleEmail: readTextInput(context, index, AUTOMATIC_INPUTS.responsibleEmail),
			accountOwnerEmail: readTextInput(context, index, AUTOMATIC_INPUTS.accountOwnerEmail),
			fallbackUserId: fallbackUserIdOf(context, index),
		}),
		run: async (batch) =>
			await eachItem(
				batch,
				async ({ work, api }) => {
					const owner = await resolveRecordOwner(api, work.credentialId, work);
					return {
						output: 0,
						set: {
							owner: {
								id: owner.ownerId ?? null,
								rule: owner.rule,
								email: owner.matchedEmail ?? null,
							},
						},
					};
				},
				'inTurn',
			),
	};
}
