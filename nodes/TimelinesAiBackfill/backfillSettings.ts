import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { messageFilterOf } from '../shared/domain/deliveryPolicy';
import type { BackfillSettings } from '../shared/sync/backfillBatch';
import type { MatchSettings } from '../shared/sync/matchOrCreateRecord';

export interface BackfillNodeSettings extends BackfillSettings {
	lookUpNumbers: boolean;
}

function dateParameter(context: IExecuteFunctions, name: string, fallback: number): number {
	const value = context.getNodeParameter(name, 0, '') as unknown;
	if (value === '' || value === null || value === undefined) return fallback;
	const ms = typeof value === 'number' ? value : Date.parse(String(value));
	if (Number.isNaN(ms))
		throw new NodeOperationError(context.getNode(), `${name} "${String(value)}" is not a date`);
	return ms;
}

function chatIdsOf(context: IExecuteFunctions, value: unknown): number[] {
	const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
	return text
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean)
		.map((id) => {
			const chatId = Number(id);
			if (!Number.isSafeInteger(chatId) || chatId <= 0)
				throw new NodeOperationError(context.getNode(), `Chats: "${id}" is not a chat ID`);
			return chatId;
		});
}

/** The node's parameters as plain settings (read once: a backfill is one job, not one per item). */
export function backfillSettings(context: IExecuteFunctions, now: number): BackfillNodeSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const mode = context.getNodeParameter('mode', 0, 'dryRun') === 'run' ? 'run' : 'dryRun';
	const startMs = dateParameter(context, 'startDate', Number.NaN);
	if (Number.isNaN(startMs))
		throw new NodeOperationError(context.getNode(), 'Start Date is required', {
			description: 'Set the moment from which past messages are replayed',
		});
	const endMs = Math.min(dateParameter(context, 'endDate', now), now);
	if (endMs < startMs)
		throw new NodeOperationError(context.getNode(), 'End Date is before Start Date');
	const resumeAfter = Number(options.resumeAfterChatId ?? 0);
	const perBatch = Number(options.chatsPerBatch ?? 25);
	return {
		mode,
		window: {
			startMs,
			endMs,
			chatIds: chatIdsOf(context, options.chatIds),
			resumeAfterChatId: resumeAfter > 0 ? resumeAfter : undefined,
			filter: messageFilterOf(options),
		},
		chatsPerBatch: Number.isFinite(perBatch) ? Math.min(500, Math.max(1, perBatch)) : 25,
		creditBudget: Math.max(0, Number(context.getNodeParameter('creditBudget', 0, 0)) || 0),
		lookUpNumbers: mode === 'dryRun' && context.getNodeParameter('lookUpNumbers', 0, true) === true,
	};
}

/** The search a dry run makes per number: Match or Create Record's, with the module and fields given. */
export function lookUpSettings(context: IExecuteFunctions, credentialId: string): MatchSettings {
	const text = (name: string, fallback: string) =>
		String(context.getNodeParameter(name, 0, fallback) ?? '').trim();
	const convertedModule = text('convertedModule', 'Contacts');
	return {
		credentialId,
		module: text('module', 'Leads') || 'Leads',
		phoneField: text('phoneField', 'Mobile') || 'Mobile',
		convertedModule: convertedModule || undefined,
		convertedPhoneField: convertedModule ? text('convertedPhoneField', 'Phone') : undefined,
		whenConverted: 'continue',
		nameFields: [],
		cacheTtlSeconds: 0,
	};
}
