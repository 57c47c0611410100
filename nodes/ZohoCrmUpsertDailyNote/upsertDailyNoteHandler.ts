import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordMessageOutcome } from '../shared/coordination/messageOutcomes';
import { dailyNoteDay } from '../shared/domain/dailyNote';
import type { NoteMessage } from '../shared/domain/noteContent';
import { readGroupChatMessage, readNoteMessage } from '../shared/domain/syncItem';
import {
	AUTOMATIC_INPUTS,
	automaticValue,
	readInput,
	readTextInput,
} from '../shared/n8n/automaticInputs';
import type { PreparedItem, ZohoItemHandler, ZohoItemResult } from '../shared/n8n/zohoItemLoop';
import { dailyNoteKey } from '../shared/sync/dailyNoteParts';
import { orgTimeZone } from '../shared/sync/orgTimeZone';
import {
	upsertDailyNote,
	type DailyNoteOptions,
	type DailyNoteTarget,
} from '../shared/sync/upsertDailyNote';
import { downloadTemporaryFile } from '../shared/transport/timelinesai/files';
import { creditReport, type CreditReport } from '../shared/transport/zoho/zohoCredits';
import { dailyNoteOptionsFor } from './upsertDailyNoteSettings';

interface NoteWork {
	target: DailyNoteTarget;
	options: DailyNoteOptions;
	message: NoteMessage;
}

/** Groups the execution's items by (record, day): one batch per note instead of one write per item. */
function byNote(
	batch: Array<PreparedItem<NoteWork>>,
): Array<Array<{ item: PreparedItem<NoteWork>; position: number }>> {
	const groups = new Map<string, Array<{ item: PreparedItem<NoteWork>; position: number }>>();
	batch.forEach((item, position) => {
		const key = dailyNoteKey(item.work.target);
		groups.set(key, [...(groups.get(key) ?? []), { item, position }]);
	});
	return [...groups.values()];
}

export function upsertDailyNoteHandler(context: IExecuteFunctions): ZohoItemHandler<NoteWork> {
	// TimelinesAI's temporary_download_url is pre-signed: no credential is sent with it.
	const download = async (url: string) => (await downloadTemporaryFile(context, url)).data;
	return {
		outputCount: 1,
		errorOutput: 0,
		async prepare(index, api, credentialId) {
			// Read once: in Define Below mode every read evaluates the field's expression again.
			const rawMessage = readInput(context, index, AUTOMATIC_INPUTS.message, {});
			const message = readNoteMessage(rawMessage);
			const module = readTextInput(context, index, AUTOMATIC_INPUTS.module);
			const recordId = readTextInput(context, index, AUTOMATIC_INPUTS.recordId);
			if (!module || !recordId) {
				throw new NodeOperationError(
					context.getNode(),
					'Module and Record ID are required (connect the Matched and Created outputs of Zoho CRM Match or Create)',
					{
						itemIndex: index,
					},
				);
			}
			const { timeZone: chosenZone, ...options } = await dailyNoteOptionsFor(context, index);
			const timeZone = chosenZone || (await orgTimeZone(api, credentialId));
			const chatUrl = automaticValue(
				{ message: rawMessage } as IDataObject,
				AUTOMATIC_INPUTS.chatUrl,
			);
			// A group chat's message (logged to a participant's record) goes to the group's note of the day.
			const group = readGroupChatMessage(rawMessage);
			const target: DailyNoteTarget = {
				credentialId,
				module,
				recordId,
				day: dailyNoteDay(message.timestamp, timeZone),
				contactName: group
					? group.chatName
					: readTextInput(context, index, AUTOMATIC_INPUTS.recordName),
				chatUrl: typeof chatUrl === 'string' ? chatUrl : '',
				timeZone,
				kind: group ? 'group' : 'chat',
			};
			return { target, options, message };
		},
		async run(batch) {
			const answers: Array<ZohoItemResult | Error> = batch.map(() => new Error('not written'));
			// One credential per node: its figures are read once per run, when the first note is written.
			let shown: { zohoCredits?: IDataObject } | undefined;
			const credits = (credentialId: string) =>
				(shown ??= creditsWorthShowing(context, credentialId));
			await Promise.all(
				byNote(batch).map(async (group) => {
					const first = group[0].item;
					try {
						const results = await upsertDailyNote(
							first.api.counted(),
							download,
							first.work.target,
							group.map(({ item }) => item.work.message),
							first.work.options,
						);
						group.forEach(({ item, position }, n) => {
							const result = results[n];
							// Only this item failed (e.g. its attachment): the others of the note are written.
							if (result instanceof Error) return void (answers[position] = result);
							const { creditsSpent, record, ...note } = result;
							recordMessageOutcome(item.work.message.uid, 'written');
							answers[position] = {
								output: 0,
								set: {
									note: note as unknown as IDataObject,
									...credits(first.work.target.credentialId),
								},
								// The record was gone in Zoho and the number was matched again: say where it went.
								sync: record
									? {
											noteId: note.noteId,
											module: record.module,
											recordId: record.id,
											reason: `The record was no longer in Zoho; written to ${record.module} ${record.id} instead`,
										}
									: { noteId: note.noteId },
								credits: creditsSpent,
							};
						});
					} catch (error) {
						for (const { position } of group)
							answers[position] = error instanceof Error ? error : new Error(String(error));
					}
				}),
			);
			return answers;
		},
	};
}

const warnedAt = new Map<string, number>();

/**
 * The connection's credit figures (`zohoCredits` on each item), when it has a Daily Credit Budget or Zoho has
 * reported the org's remaining credits; a warning in n8n's log (at most every 10 minutes per connection) when
 * the projected 24-hour use passes the budget.
 */
function creditsWorthShowing(
	context: IExecuteFunctions,
	credentialId: string,
): { zohoCredits?: IDataObject } {
	const report: CreditReport = creditReport(credentialId);
	if (report.budget === 0 && report.zohoRemaining === undefined) return {};
	if (report.budget > 0 && report.projected24h > report.budget) {
		const last = warnedAt.get(credentialId) ?? 0;
		if (Date.now() - last > 600_000) {
			if (warnedAt.size > 1000) warnedAt.clear();
			warnedAt.set(credentialId, Date.now());
			context.logger.warn(
				`Zoho CRM Upsert Daily Note: at the last hour's rate this connection would spend ${report.projected24h} credits in 24 hours, above its Daily Credit Budget of ${report.budget}; note writes now wait longer to batch more messages per call`,
			);
		}
	}
	return { zohoCredits: { ...report } };
}
