import type { NoteMessage } from '../domain/noteContent';
import type { ZohoAttachment, ZohoCrmApi } from '../transport/zoho/zohoCrmApi';

export interface AttachmentOptions {
	upload: boolean;
	maxBytes: number;
	/** Files uploaded per message at most (default 20): the rest stay named in the note, never fetched. */
	maxPerMessage?: number;
}

export const DEFAULT_MAX_ATTACHMENTS_PER_MESSAGE = 20;

export interface AttachmentOutcome {
	uploaded: number;
	skipped: Array<{ filename: string; reason: string }>;
}

function sameFile(existing: ZohoAttachment, filename: string, size: number): boolean {
	return (
		existing.File_Name === filename &&
		(existing.Size === undefined || Number(existing.Size) === size)
	);
}

/**
 * Uploads each message's attachments to the note that holds its line, unless the note already has a
 * file with the same name and size. Checked for every message of the batch (not only the newly added
 * ones), so a run that died between the note write and the upload completes on redelivery; a
 * redelivered message whose files are there costs one list call per note and uploads nothing.
 */
export async function uploadMissingAttachments(
	api: ZohoCrmApi,
	items: Array<{ message: NoteMessage; download: (url: string) => Promise<Buffer> }>,
	partOf: (uid: string) => { id?: string },
	options: AttachmentOptions,
): Promise<Array<AttachmentOutcome | Error>> {
	const listed = new Map<string, ZohoAttachment[]>();
	const outcomes: Array<AttachmentOutcome | Error> = [];
	// One message's failed download or upload fails that message only (its line is in the note already;
	// a redelivery uploads what is missing), never the other messages of the batch.
	for (const { message, download } of items)
		outcomes.push(
			await uploadFor(api, message, download, partOf(message.uid).id, options, listed).catch(
				(error: unknown) =>
					new Error(
						`The message is in the note, but an attachment could not be uploaded: ${error instanceof Error ? error.message : String(error)}`,
					),
			),
		);
	return outcomes;
}

async function uploadFor(
	api: ZohoCrmApi,
	message: NoteMessage,
	download: (url: string) => Promise<Buffer>,
	noteId: string | undefined,
	options: AttachmentOptions,
	listed: Map<string, ZohoAttachment[]>,
): Promise<AttachmentOutcome> {
	const outcome: AttachmentOutcome = { uploaded: 0, skipped: [] };
	if (!options.upload || !noteId || message.attachments.length === 0) return outcome;
	const maxPerMessage = options.maxPerMessage ?? DEFAULT_MAX_ATTACHMENTS_PER_MESSAGE;
	for (const [index, file] of message.attachments.entries()) {
		if (index >= maxPerMessage) {
			outcome.skipped.push({
				filename: file.filename,
				reason: `over the limit of ${maxPerMessage} attachments per message; it is named in the note`,
			});
			continue;
		}
		if (!file.url) {
			outcome.skipped.push({
				filename: file.filename,
				reason: 'its link was refused (not a TimelinesAI file link); it is named in the note',
			});
			continue;
		}
		if (file.size !== undefined && file.size > options.maxBytes) {
			outcome.skipped.push({
				filename: file.filename,
				reason: `${file.size} bytes is over the ${options.maxBytes}-byte limit; the link is in the note`,
			});
			continue;
		}
		let existing = listed.get(noteId);
		if (!existing) {
			existing = await api.listNoteAttachments(noteId);
			listed.set(noteId, existing);
		}
		if (file.size !== undefined && existing.some((a) => sameFile(a, file.filename, file.size ?? 0)))
			continue;
		const data = await download(file.url);
		if (data.length > options.maxBytes) {
			outcome.skipped.push({
				filename: file.filename,
				reason: `${data.length} bytes is over the ${options.maxBytes}-byte limit; the link is in the note`,
			});
			continue;
		}
		if (existing.some((a) => sameFile(a, file.filename, data.length))) continue;
		await api.uploadNoteAttachment(noteId, {
			filename: file.filename,
			data,
			mimetype: file.mimetype,
		});
		existing.push({ id: '', File_Name: file.filename, Size: data.length });
		outcome.uploaded += 1;
	}
	return outcome;
}
