import { sleep } from 'n8n-workflow';

import { takeFreshRecord } from '../coordination/freshRecords';
import { PerCredentialCache } from '../coordination/boundedTtlCache';
import { dailyNoteTitle, parseDailyNoteTitle } from '../domain/dailyNote';
import { mergeIntoNoteParts, noteUids, type NoteMessage } from '../domain/noteContent';
import {
	inProcessLock,
	type DistributedLock,
	type LockLease,
} from '../coordination/distributedLock';
import { GroupCommitQueue } from '../coordination/groupCommitQueue';
import {
	leavePartsWithLock,
	partsLeftWithLock,
	type NotePart,
} from '../coordination/notePartsHandoff';
import {
	uploadMissingAttachments,
	type AttachmentOptions,
	type AttachmentOutcome,
} from './noteAttachments';
import type { ZohoCrmApi } from '../transport/zoho/zohoCrmApi';

export type NoteWriteMode = 'readBeforeWrite' | 'conditionalWrite';

export interface DailyNoteTarget {
	credentialId: string;
	module: string;
	recordId: string;
	day: string;
	contactName: string;
	chatUrl: string;
	timeZone: string;
}

export interface DailyNoteOptions {
	writeMode: NoteWriteMode;
	maxNoteLength: number;
	attachments: AttachmentOptions;
	/** Around each commit (queue mode: a RedisLock, as the group commit queue spans one process only). */
	lock?: DistributedLock;
}

export interface DailyNoteItemResult {
	noteId: string;
	title: string;
	day: string;
	part: number;
	added: string[];
	attachmentsUploaded: number;
	attachmentsSkipped: AttachmentOutcome['skipped'];
	creditsSpent: number;
}

interface PendingMessage {
	message: NoteMessage;
	target: DailyNoteTarget;
	options: DailyNoteOptions;
	api: ZohoCrmApi;
	download: (url: string) => Promise<Buffer>;
}

// (record, day) → the day's note parts, per credential. Saves the list call (and, in conditional
// write mode, the read) for every message after the first of the day.
const notePartsCache = new PerCredentialCache<string, NotePart[]>(6 * 3600_000, 5_000);
// Under a burst to one record (its previous commit served several executions), the next commit waits
// 400 ms to collect more of the burst: ~0.1–0.2 credits per message instead of ~0.3 (docs/benchmarks.md).
const queue = new GroupCommitQueue<PendingMessage, DailyNoteItemResult>(500, {
	lingerMs: 400,
	hotBatchSize: 2,
	hotWindowMs: 3000,
	wait: sleep,
});

export const dailyNoteQueueStats = queue.stats;

function partsKey(target: DailyNoteTarget): string {
	return `${target.module}|${target.recordId}|${target.day}`;
}

async function loadParts(api: ZohoCrmApi, target: DailyNoteTarget): Promise<NotePart[]> {
	const parts: NotePart[] = [];
	// Newest first; stop once the listed notes are older than the day (a note of the day can only be
	// created on that day or later, so two pages cover even very busy records).
	for (let page = 1; page <= 2; page++) {
		const { notes, more } = await api.listRecordNotes(target.module, target.recordId, page);
		for (const note of notes) {
			const parsed = parseDailyNoteTitle(note.Note_Title ?? '');
			if (parsed?.day === target.day && !parts.some((p) => p.part === parsed.part))
				parts.push({ part: parsed.part, id: note.id, fresh: false });
		}
		if (!more) break;
	}
	return parts.sort((a, b) => a.part - b.part);
}

async function refresh(api: ZohoCrmApi, part: NotePart): Promise<void> {
	if (!part.id) return;
	const note = await api.getNote(part.id);
	part.content = note?.Note_Content ?? '';
	part.modifiedTime = note?.Modified_Time;
	part.fresh = true;
}

/** New messages go into the last part; continuation parts are split off by the domain merge when it would exceed the limit. */
function planParts(
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

async function commitDay(
	items: PendingMessage[],
	lease: LockLease,
): Promise<DailyNoteItemResult[]> {
	const { api, target, options } = items[0];
	const callsBefore = api.callCount;
	const cache = notePartsCache.for(target.credentialId);
	// Another process wrote under the lock since we last did: our parts may be stale (use the ones it left
	// with the lock, else list) and the note of a record we created may exist already.
	const cached =
		lease.lastHolder === 'this' ? cache.get(partsKey(target)) : partsLeftWithLock(lease);
	const parts =
		cached ??
		(takeFreshRecord(target.credentialId, target.module, target.recordId) &&
		lease.lastHolder !== 'other'
			? []
			: await loadParts(api, target));
	parts.forEach((p) => (p.fresh = false));
	let maxLength = options.maxNoteLength;
	const added = new Set<string>();
	for (let attempt = 1; ; attempt++) {
		// Earlier parts are needed for their uids only; the last part is where we write.
		for (const [index, part] of parts.entries()) {
			const isLast = index === parts.length - 1;
			const stale =
				part.content === undefined ||
				(isLast && (options.writeMode === 'readBeforeWrite' || !part.modifiedTime));
			if (stale && !part.fresh) await refresh(api, part);
		}
		const present = new Set(parts.flatMap((p) => [...noteUids(p.content)]));
		const fresh = new Map(
			items.filter((i) => !present.has(i.message.uid)).map((i) => [i.message.uid, i.message]),
		);
		if (fresh.size === 0) break;
		if (attempt > 5)
			throw new Error(
				`Could not write the daily note of ${target.module} ${target.recordId} after ${attempt - 1} attempts (concurrent edits)`,
			);
		let conflict = false;
		for (const { part, content } of planParts(parts, [...fresh.values()], target, maxLength)) {
			const result = part.id
				? await api.updateNote(part.id, content, {
						ifUnmodifiedSince:
							options.writeMode === 'conditionalWrite' ? part.modifiedTime : undefined,
					})
				: await api.createNote(target.module, target.recordId, {
						title: dailyNoteTitle(target.contactName, target.day, part.part),
						content,
					});
			if (result.outcome === 'precondition_failed') {
				part.fresh = false;
				part.content = undefined;
				conflict = true;
				break;
			}
			if (result.outcome === 'too_long') {
				// Zoho told us its real limit (INVALID_DATA details.maximum_length): roll over below it.
				maxLength = Math.min(maxLength, result.maximumLength) - 1;
				conflict = true;
				break;
			}
			for (const uid of noteUids(content)) if (!noteUids(part.content).has(uid)) added.add(uid);
			Object.assign(part, {
				id: result.id,
				content,
				modifiedTime: result.modifiedTime,
				fresh: true,
			});
			if (!parts.includes(part)) parts.push(part);
		}
		if (!conflict) break;
	}
	cache.set(partsKey(target), parts);
	leavePartsWithLock(lease, parts);
	const partOf = (uid: string) =>
		parts.find((p) => noteUids(p.content).has(uid)) ?? parts[parts.length - 1];
	const attachmentOutcomes = await uploadMissingAttachments(
		api,
		items,
		partOf,
		options.attachments,
	);
	const creditsEach = (api.callCount - callsBefore) / items.length;
	return items.map((item, index) => {
		const part = partOf(item.message.uid);
		return {
			noteId: part.id ?? '',
			title: dailyNoteTitle(target.contactName, target.day, part.part),
			day: target.day,
			part: part.part,
			added: added.has(item.message.uid) ? [item.message.uid] : [],
			attachmentsUploaded: attachmentOutcomes[index].uploaded,
			attachmentsSkipped: attachmentOutcomes[index].skipped,
			creditsSpent: Math.round(creditsEach * 1000) / 1000,
		};
	});
}

/**
 * Appends messages to the record's note of the day, exactly once each. Messages for the same
 * (credential, record, day) — from this execution or from concurrent ones in this process — are
 * group-committed: one read/write round for the whole batch (see GroupCommitQueue).
 */
export async function upsertDailyNote(
	api: ZohoCrmApi,
	download: (url: string) => Promise<Buffer>,
	target: DailyNoteTarget,
	messages: NoteMessage[],
	options: DailyNoteOptions,
): Promise<DailyNoteItemResult[]> {
	const key = `${target.credentialId}|${partsKey(target)}`;
	return await queue.submit(
		key,
		messages.map((message) => ({ message, target, options, api, download })),
		async (batch) =>
			await (batch[0].options.lock ?? inProcessLock).withLock(
				`note:${key}`,
				async (lease) => await commitDay(batch, lease),
			),
	);
}
