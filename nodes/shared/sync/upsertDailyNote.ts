import { sleep } from 'n8n-workflow';

import { takeFreshRecord } from '../coordination/freshRecords';
import { PerCredentialCache } from '../coordination/boundedTtlCache';
import { noteUids, type NoteMessage } from '../domain/noteContent';
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
	foreignWritesLately,
	forgetNote,
	notePreconditionReading,
	noteWriteWindow,
	recentWriteWindowMs,
	rememberWritten,
	writtenButMissing,
} from '../coordination/noteWriteWatch';
import {
	dailyNoteKey,
	dailyNoteTitleOf,
	loadParts,
	planParts,
	RecordGoneError,
	refreshPart,
	writeParts,
	type DailyNoteTarget,
} from './dailyNoteParts';
import { BULK_WINDOW_MS, bulkWindowMs, withBulkNoteCalls } from './bulkNoteCalls';
import { rematchRecord } from './matchOrCreateRecord';
import {
	uploadMissingAttachments,
	type AttachmentOptions,
	type AttachmentOutcome,
} from './noteAttachments';
import type { ZohoCrmApi } from '../transport/zoho/zohoCrmApi';

export type { DailyNoteTarget } from './dailyNoteParts';
export type NoteWriteMode = 'readBeforeWrite' | 'conditionalWrite';

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
	/** Set when the item's record was gone in Zoho and the message went to the number's record found again. */
	record?: { module: string; id: string; name: string };
}

interface PendingMessage {
	message: NoteMessage;
	target: DailyNoteTarget;
	options: DailyNoteOptions;
	api: ZohoCrmApi;
	download: (url: string) => Promise<Buffer>;
}

/** Rounds of write → read back → merge again before the items fail (only without a cross-process lock). */
const MAX_WRITE_ROUNDS = 6;
/**
 * Without a cross-process lock, a write is read back this long after it landed: another process that read
 * the note before our write and writes after it (dropping our lines) has done so by then.
 */
export const noteWriteTimings = { readBackDelayMs: 1000 };
const readBackDelayMs = () =>
	Math.min(10_000, Math.max(noteWriteTimings.readBackDelayMs, 3 * recentWriteWindowMs()));

// (record, day) → the day's note parts, per credential. Saves the list call (and, in conditional
// write mode, the read) for every message after the first of the day.
const notePartsCache = new PerCredentialCache<string, NotePart[]>(6 * 3600_000, 5_000);
// Under a burst to one record (its previous commit served several executions), the next commit waits
// 400 ms to collect more of the burst: ~0.1–0.2 credits per message instead of ~0.3 (docs/benchmarks.md).
// While the credential's daily credit budget is tight, every note waits as long as its bulk calls do
// (bulkNoteCalls.bulkWindowMs: up to 2 s) to collect more messages per write.
const queue = new GroupCommitQueue<PendingMessage, DailyNoteItemResult | Error>(500, {
	lingerMs: 400,
	hotBatchSize: 2,
	hotWindowMs: 3000,
	wait: sleep,
	minimumMs: (key) => {
		const waitMs = bulkWindowMs(key.slice(0, key.indexOf('|')));
		return waitMs > BULK_WINDOW_MS ? waitMs : 0;
	},
});

export const dailyNoteQueueStats = queue.stats;

/**
 * Reads the parts just written back after a moment (longer when this process's own read→write rounds are
 * slow: another process's are likely as slow): a write based on an older read by another process shows up
 * as a version without our lines ('again': the next round merges them in). While other writers are seen
 * at it, one more look, later, catches a slower one.
 */
async function readBack(
	api: ZohoCrmApi,
	target: DailyNoteTarget,
	parts: NotePart[],
	state: { gone: Set<string>; written: NotePart[] },
	landed: string[],
): Promise<'landed' | 'again'> {
	for (let look = 1; look <= 2; look++) {
		await sleep(readBackDelayMs());
		let gone = false;
		let others = false;
		for (const part of state.written) {
			part.fresh = false;
			const seen = await refreshPart(api, target.credentialId, part);
			if (seen === 'gone') gone = true;
			if (seen === 'foreign') others = true;
		}
		if (gone) parts.splice(0, parts.length, ...(await loadParts(api, target, state.gone)));
		const after = new Set(parts.flatMap((p) => [...noteUids(p.content)]));
		if (gone || !landed.every((uid) => after.has(uid))) return 'again';
		if (!others) return 'landed';
	}
	return 'landed';
}

async function commitDay(
	items: PendingMessage[],
	lease: LockLease,
): Promise<Array<DailyNoteItemResult | Error>> {
	const { target, options } = items[0];
	// Reads and writes of this note join those of other notes waiting at the same moment (one bulk call each).
	const api = withBulkNoteCalls(items[0].api, target.credentialId);
	const callsBefore = api.callCount;
	const cache = notePartsCache.for(target.credentialId);
	// Another process wrote under the lock since we last did: our parts may be stale (use the ones it left
	// with the lock, else list) and the note of a record we created may exist already.
	const cached =
		lease.lastHolder === 'this' ? cache.get(dailyNoteKey(target)) : partsLeftWithLock(lease);
	const parts =
		cached ??
		(takeFreshRecord(target.credentialId, target.module, target.recordId) &&
		lease.lastHolder !== 'other'
			? []
			: await loadParts(api, target));
	parts.forEach((p) => (p.fresh = false));
	// Without a cross-process lock another n8n process may write the same note: once this process has seen
	// such a write (or writes on a base it did not write itself), it reads its writes back (noteWriteWatch).
	const unlocked = lease.crossProcess !== true;
	let verify = unlocked && foreignWritesLately(target.credentialId);
	const state = {
		maxLength: options.maxNoteLength,
		added: new Set<string>(),
		gone: new Set<string>(),
		written: [] as NotePart[],
	};
	const missing = new Map<string, NoteMessage>();
	for (let attempt = 1; ; attempt++) {
		const roundStarted = Date.now();
		// Earlier parts are needed for their uids only; the last part is where we write.
		let reloaded = false;
		for (const [index, part] of parts.entries()) {
			const isLast = index === parts.length - 1;
			// Conditional Write trusts its cached copy only once Zoho is known to honour the precondition.
			const stale =
				part.content === undefined ||
				(isLast &&
					(options.writeMode === 'readBeforeWrite' ||
						!part.modifiedTime ||
						notePreconditionReading(target.credentialId) !== 'honoured'));
			if (!stale || part.fresh) continue;
			const seen = await refreshPart(api, target.credentialId, part);
			if (seen === 'gone') {
				// Deleted in Zoho: list the day's notes again, without it.
				state.gone.add(part.id ?? '');
				forgetNote(part.id ?? '');
				parts.splice(0, parts.length, ...(await loadParts(api, target, state.gone)));
				reloaded = true;
				break;
			}
			if (unlocked && isLast && seen !== 'own') verify = true;
			// Lines this process wrote that another writer's version dropped go in again.
			if (seen === 'foreign' && part.id)
				for (const lost of writtenButMissing<NoteMessage>(part.id, noteUids(part.content)))
					missing.set(lost.uid, lost);
		}
		if (reloaded && attempt <= MAX_WRITE_ROUNDS) continue;
		const present = new Set(parts.flatMap((p) => [...noteUids(p.content)]));
		const pending = new Map([...missing, ...items.map((i) => [i.message.uid, i.message] as const)]);
		for (const uid of present) pending.delete(uid);
		if (pending.size === 0) break;
		if (attempt > MAX_WRITE_ROUNDS)
			throw new Error(
				`Could not write the daily note of ${target.module} ${target.recordId} after ${attempt - 1} rounds: ` +
					'another writer kept replacing it (with Queue Mode Lock "None" in queue mode, set it to Redis)',
			);
		state.written = [];
		const plan = planParts(parts, [...pending.values()], target, state.maxLength);
		if ((await writeParts(api, target, options.writeMode, parts, plan, state)) === 'retry')
			continue;
		if (!verify) break;
		noteWriteWindow(Date.now() - roundStarted);
		if ((await readBack(api, target, parts, state, [...pending.keys()])) === 'landed') break;
	}
	if (unlocked)
		for (const part of parts)
			if (part.id)
				rememberWritten(
					part.id,
					items.map((i) => i.message).filter((m) => noteUids(part.content).has(m.uid)),
				);
	cache.set(dailyNoteKey(target), parts);
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
		const attachments = attachmentOutcomes[index];
		if (attachments instanceof Error) return attachments;
		return {
			noteId: part.id ?? '',
			title: dailyNoteTitleOf(target, part.part),
			day: target.day,
			part: part.part,
			added: state.added.has(item.message.uid) ? [item.message.uid] : [],
			attachmentsUploaded: attachments.uploaded,
			attachmentsSkipped: attachments.skipped,
			creditsSpent: Math.round(creditsEach * 1000) / 1000,
		};
	});
}

async function submit(
	api: ZohoCrmApi,
	download: (url: string) => Promise<Buffer>,
	target: DailyNoteTarget,
	messages: NoteMessage[],
	options: DailyNoteOptions,
): Promise<Array<DailyNoteItemResult | Error>> {
	const key = `${target.credentialId}|${dailyNoteKey(target)}`;
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

/**
 * Appends messages to the record's note of the day, exactly once each. Messages for the same
 * (credential, record, day) — from this execution or from concurrent ones in this process — are
 * group-committed: one read/write round for the whole batch (see GroupCommitQueue). A note deleted in
 * Zoho is replaced by a new one; a record Zoho no longer has is dropped from every cache and the number is
 * matched again (rematchRecord), in the same call.
 */
export async function upsertDailyNote(
	api: ZohoCrmApi,
	download: (url: string) => Promise<Buffer>,
	target: DailyNoteTarget,
	messages: NoteMessage[],
	options: DailyNoteOptions,
): Promise<Array<DailyNoteItemResult | Error>> {
	const first = await submit(api, download, target, messages, options).then(
		(results) => ({ results }),
		(error: unknown) => ({ error }),
	);
	if ('results' in first) return first.results;
	if (!(first.error instanceof RecordGoneError)) throw first.error;
	const { credentialId, module, recordId } = target;
	notePartsCache.for(credentialId).deleteWhere((key) => key.startsWith(`${module}|${recordId}|`));
	const found = await rematchRecord(api, credentialId, module, recordId);
	if (!found)
		throw new RecordGoneError(
			module,
			recordId,
			`${first.error.code}; the number could not be matched again here (run the message through Zoho CRM Match or Create)`,
		);
	const name = found.name || target.contactName;
	const moved: DailyNoteTarget = {
		...target,
		module: found.module,
		recordId: found.record.id,
		// A group note keeps the group's name; a chat note takes the name of the record found.
		contactName: target.kind === 'group' ? target.contactName : name,
	};
	const results = await submit(api, download, moved, messages, options);
	const record = { module: found.module, id: found.record.id, name };
	return results.map((result) => ({ ...result, record }));
}
