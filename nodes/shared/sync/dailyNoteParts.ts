import { dailyNotePart, dailyNoteTitle, type DailyNoteKind } from '../domain/dailyNote';
import { mergeIntoNoteParts, noteUids, type NoteMessage } from '../domain/noteContent';
import type { NotePart } from '../coordination/notePartsHandoff';
import {
	forgetNote,
	learnNotePrecondition,
	notePreconditionReading,
	observeNoteVersion,
	rememberOwnVersion,
} from '../coordination/noteWriteWatch';
import type { ZohoCrmApi } from '../transport/zoho/zohoCrmApi';

/** The record and day a daily note belongs to, and what its header shows. */
export interface DailyNoteTarget {
	credentialId: string;
	module: string;
	recordId: string;
	day: string;
	/** The name in the title: the contact's, or for a group note the group's. */
	contactName: string;
	chatUrl: string;
	timeZone: string;
	/** 'group': a group chat's note on a participant's record (`WhatsApp Group <name> …`); default 'chat'. */
	kind?: DailyNoteKind;
}

/** The note a target writes to: (record, day), and for a group note the group, which has its own note. */
export function dailyNoteKey(target: DailyNoteTarget): string {
	const key = `${target.module}|${target.recordId}|${target.day}`;
	return target.kind === 'group' ? `${key}|group:${target.contactName}` : key;
}

/** The title of a part of the target's note. */
export function dailyNoteTitleOf(target: DailyNoteTarget, part: number): string {
	return dailyNoteTitle(target.contactName, target.day, part, undefined, target.kind);
}

/** Zoho no longer has the note's record (deleted, merged away or converted): the message needs a re-match. */
export class RecordGoneError extends Error {
	constructor(
		readonly module: string,
		readonly recordId: string,
		readonly code: string,
	) {
		super(
			`Zoho no longer has ${module} record ${recordId} (${code}: deleted, merged or converted in Zoho)`,
		);
		this.name = 'RecordGoneError';
	}
}

/** The day's parts of the record's daily note, listed from Zoho (notes in `skip` are known to be gone). */
export async function loadParts(
	api: ZohoCrmApi,
	target: DailyNoteTarget,
	skip: Set<string> = new Set(),
): Promise<NotePart[]> {
	const parts: NotePart[] = [];
	// Newest first; stop once the listed notes are older than the day (a note of the day can only be
	// created on that day or later, so two pages cover even very busy records).
	for (let page = 1; page <= 2; page++) {
		const { notes, more, recordGone } = await api.listRecordNotes(
			target.module,
			target.recordId,
			page,
		);
		if (recordGone) throw new RecordGoneError(target.module, target.recordId, 'INVALID_DATA');
		for (const note of notes) {
			const part = dailyNotePart(note.Note_Title ?? '', {
				kind: target.kind ?? 'chat',
				name: target.contactName,
				day: target.day,
			});
			if (part !== undefined && !skip.has(note.id))
				if (!parts.some((p) => p.part === part)) parts.push({ part, id: note.id, fresh: false });
		}
		if (!more) break;
	}
	return parts.sort((a, b) => a.part - b.part);
}

/**
 * Reads a part's content as Zoho has it now. 'gone' when Zoho no longer has the note (GET answers 204);
 * otherwise whose version it is (see noteWriteWatch).
 */
export async function refreshPart(
	api: ZohoCrmApi,
	credentialId: string,
	part: NotePart,
): Promise<'gone' | 'own' | 'foreign' | 'unknown'> {
	if (!part.id) return 'unknown';
	const note = await api.getNote(part.id);
	if (!note) return 'gone';
	part.content = note.Note_Content ?? '';
	part.modifiedTime = note.Modified_Time;
	part.fresh = true;
	return observeNoteVersion(credentialId, part.id, note.Modified_Time);
}

/** New messages go into the last part; continuation parts are split off by the domain merge when it would exceed the limit. */
export function planParts(
	parts: NotePart[],
	messages: NoteMessage[],
	target: DailyNoteTarget,
	maxLength: number,
): Array<{ part: NotePart; content: string }> {
	const header = {
		contactName: target.contactName,
		chatUrl: target.chatUrl,
		day: target.day,
		timeZone: target.timeZone,
		kind: target.kind,
	};
	const last = parts[parts.length - 1] ?? { part: 1, fresh: true };
	const { parts: contents } = mergeIntoNoteParts(
		parts.map((p) => p.content),
		messages,
		header,
		maxLength,
	);
	return contents
		.map((content, index) => ({
			part: index === 0 ? last : { part: last.part + index, fresh: true },
			content,
		}))
		.filter(({ part, content }) => content !== part.content);
}

/**
 * Whether PUT /Notes honours If-Unmodified-Since is undocumented (docs/api-facts.md, Zoho §5.1). The first
 * conditional update of a credential in this process, of a note just read, is a probe: it claims the note
 * unmodified since one second before the Modified_Time read. 412 = honoured (the write is made again with the
 * real time); a success = ignored (the write stands: it was based on a read made just before). Until the
 * answer is 'honoured', the note is read before every write (upsertDailyNote), so an edit made in Zoho
 * since an earlier read is merged, never overwritten. Undefined when no probe is due.
 */
function preconditionProbe(credentialId: string, part: NotePart): string | undefined {
	if (!part.id || !part.fresh || !part.modifiedTime) return undefined;
	if (notePreconditionReading(credentialId) !== undefined) return undefined;
	const modified = Date.parse(part.modifiedTime);
	if (Number.isNaN(modified)) return undefined;
	return new Date(modified - 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Writes the planned contents; 'retry' when Zoho's answer means the plan must be made again. */
export async function writeParts(
	api: ZohoCrmApi,
	target: DailyNoteTarget,
	writeMode: 'readBeforeWrite' | 'conditionalWrite',
	parts: NotePart[],
	plan: Array<{ part: NotePart; content: string }>,
	state: { maxLength: number; added: Set<string>; gone: Set<string>; written: NotePart[] },
): Promise<'done' | 'retry'> {
	for (const { part, content } of plan) {
		const probe =
			writeMode === 'conditionalWrite' ? preconditionProbe(target.credentialId, part) : undefined;
		const result = part.id
			? await api.updateNote(part.id, content, {
					ifUnmodifiedSince:
						writeMode === 'conditionalWrite' ? (probe ?? part.modifiedTime) : undefined,
				})
			: await api.createNote(target.module, target.recordId, {
					title: dailyNoteTitleOf(target, part.part),
					content,
				});
		if (probe !== undefined && result.outcome === 'written')
			learnNotePrecondition(target.credentialId, 'ignored');
		if (probe !== undefined && result.outcome === 'precondition_failed')
			learnNotePrecondition(target.credentialId, 'honoured');
		// The probe's own 412: nothing changed since the read, write again with the real precondition.
		if (probe !== undefined && result.outcome === 'precondition_failed') return 'retry';
		if (result.outcome === 'precondition_failed') {
			Object.assign(part, { fresh: false, content: undefined });
			return 'retry';
		}
		if (result.outcome === 'too_long') {
			// Zoho told us its real limit (INVALID_DATA details.maximum_length): roll over below it.
			state.maxLength = Math.min(state.maxLength, result.maximumLength) - 1;
			return 'retry';
		}
		if (result.outcome === 'gone') {
			if (result.what === 'record' || !part.id)
				throw new RecordGoneError(target.module, target.recordId, result.code);
			// Today's note was deleted in Zoho: list the day's notes again (a new part 1 if none is left).
			state.gone.add(part.id);
			forgetNote(part.id);
			parts.splice(0, parts.length, ...(await loadParts(api, target, state.gone)));
			return 'retry';
		}
		for (const uid of noteUids(content)) if (!noteUids(part.content).has(uid)) state.added.add(uid);
		Object.assign(part, { id: result.id, content, modifiedTime: result.modifiedTime, fresh: true });
		rememberOwnVersion(result.id, result.modifiedTime);
		if (!parts.includes(part)) parts.push(part);
		state.written.push(part);
	}
	return 'done';
}
