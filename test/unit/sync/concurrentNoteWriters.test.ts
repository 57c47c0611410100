// Two n8n processes (two isolated copies of the pack's modules: each its own group-commit queue, caches and
// in-process lock) append to one daily note in one Zoho with NO cross-process lock — queue mode with
// "Queue Mode Lock: None". Zoho has no atomic append: without the read-back, lines were overwritten silently.
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

type UpsertModule = typeof import('../../../nodes/shared/sync/upsertDailyNote');

async function anotherProcess(): Promise<UpsertModule> {
	let loaded!: UpsertModule;
	await jest.isolateModulesAsync(async () => {
		loaded = await import('../../../nodes/shared/sync/upsertDailyNote');
	});
	// The read-back waits for the other writer's read→write window; the in-memory Zoho answers in ticks.
	loaded.noteWriteTimings.readBackDelayMs = 20;
	return loaded;
}

const target = (recordId: string) => ({
	credentialId: 'cred',
	module: 'Leads',
	recordId,
	day: '2026-03-05',
	contactName: 'Ana Silva',
	chatUrl: '',
	timeZone: 'Europe/London',
});
const message = (uid: string, minute: number): NoteMessage => ({
	uid,
	timestamp: new Date(Date.UTC(2026, 2, 5, 10, minute % 60)).toISOString(),
	direction: 'received',
	senderName: 'Ana Silva',
	text: `hello ${uid}`,
	attachments: [],
});
const options = {
	writeMode: 'readBeforeWrite' as const,
	maxNoteLength: 32000,
	attachments: { upload: false, maxBytes: 0 },
};
const noDownload = async (): Promise<Buffer> => Buffer.alloc(0);

/** The day's note exists; then `count` messages, alternately to each process, all at once. */
async function appendFromTwoProcesses(
	recordId: string,
	count: number,
	zoho = new InMemoryZohoCrm(),
) {
	const processes = [await anotherProcess(), await anotherProcess()];
	await processes[0].upsertDailyNote(
		zoho,
		noDownload,
		target(recordId),
		[message('m0', 0)],
		options,
	);
	const uids = Array.from({ length: count }, (_, i) => `m${i + 1}`);
	const outcomes = await Promise.allSettled(
		uids.map((uid, i) =>
			processes[i % 2].upsertDailyNote(
				zoho,
				noDownload,
				target(recordId),
				[message(uid, i + 1)],
				options,
			),
		),
	);
	const text = zoho.notes.map((note) => note.Note_Content ?? '').join('\n');
	const lines = (uid: string) => text.split(`⟦m:${uid} `).length - 1;
	const failed = uids.filter((_, i) => outcomes[i].status === 'rejected');
	return {
		lost: uids.filter((uid) => lines(uid) === 0 && !failed.includes(uid)),
		doubled: uids.filter((uid) => lines(uid) > 1),
		failed,
	};
}

describe('two n8n processes writing one daily note without a cross-process lock', () => {
	it('loses no line silently: each write is read back and merged again until its lines are there', async () => {
		for (const round of [1, 2, 3]) {
			const result = await appendFromTwoProcesses(`L-nolock-${round}`, 40);
			expect(result).toEqual({ lost: [], doubled: [], failed: [] });
		}
	}, 30_000);

	it('fails the items, with a reason, when another writer keeps replacing the note', async () => {
		const zoho = new InMemoryZohoCrm();
		const [writer] = [await anotherProcess()];
		await writer.upsertDailyNote(
			zoho,
			noDownload,
			target('L-hostile'),
			[message('h0', 0)],
			options,
		);
		// Another process that overwrites the note with its own version after every write of ours.
		const update = zoho.updateNote.bind(zoho);
		jest.spyOn(zoho, 'updateNote').mockImplementation(async (id, content, opts) => {
			const answer = await update(id, content, opts);
			await update(id, 'a version without our lines', {});
			return answer;
		});
		// Our first write after it is dropped unseen; the next read shows a version that is not ours: from
		// then on every write is read back, and after the bounded rounds the items fail with the reason.
		await writer.upsertDailyNote(
			zoho,
			noDownload,
			target('L-hostile'),
			[message('h1', 1)],
			options,
		);
		await expect(
			writer.upsertDailyNote(zoho, noDownload, target('L-hostile'), [message('h2', 2)], options),
		).rejects.toThrow(/another writer kept replacing it.*Queue Mode Lock/);
	}, 20_000);
});
