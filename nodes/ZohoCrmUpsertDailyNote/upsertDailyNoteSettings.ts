import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DailyNoteOptions } from '../shared/sync/upsertDailyNote';
import { queueModeLockFor } from '../shared/n8n/queueModeLock';

/** The node's Options collection for one item, as the note writer takes them. */
export async function dailyNoteOptionsFor(
	context: IExecuteFunctions,
	index: number,
): Promise<DailyNoteOptions & { timeZone: string }> {
	const options = context.getNodeParameter('options', index, {}) as IDataObject;
	return {
		timeZone: String(options.timeZone ?? '').trim(),
		writeMode: options.writeMode === 'conditionalWrite' ? 'conditionalWrite' : 'readBeforeWrite',
		maxNoteLength: Number(options.maxNoteLength ?? 32000),
		attachments: {
			upload: options.uploadAttachments !== false,
			maxBytes: Number(options.maxAttachmentMb ?? 20) * 1024 * 1024,
			maxPerMessage: Math.max(0, Math.floor(Number(options.maxAttachmentsPerMessage ?? 20))),
		},
		lock: await queueModeLockFor(context, index),
	};
}
