// The sync use cases in two n8n processes (two isolated copies of the modules) sharing one Zoho, with the
// queue-mode Redis lock against a real redis-server, and without it.
import type { DistributedLock } from '../../../nodes/shared/coordination/distributedLock';
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import { RedisLock } from '../../../nodes/shared/coordination/redisLock';
import { InMemoryZohoCrm } from '../sync/inMemoryZohoCrm';
import {
	describeWithRedis,
	fastLockTimings as fast,
	inAnotherProcess,
	useRedisServer,
} from './redisTestServer';

type UpsertModule = typeof import('../../../nodes/shared/sync/upsertDailyNote');
type MatchModule = typeof import('../../../nodes/shared/sync/matchOrCreateRecord');

describeWithRedis('two n8n processes sharing one Zoho (real redis-server)', () => {
	const { runner } = useRedisServer();

	describe('two n8n processes writing one daily note', () => {
		const target = {
			credentialId: 'cred',
			module: 'Leads',
			day: '2026-03-05',
			contactName: 'Ana Silva',
			chatUrl: '',
			timeZone: 'Europe/London',
		};
		const message = (uid: string, minute: number): NoteMessage => ({
			uid,
			timestamp: new Date(Date.UTC(2026, 2, 5, 10, minute)).toISOString(),
			direction: 'received',
			senderName: 'Ana Silva',
			text: `hello ${uid}`,
			attachments: [],
		});
		const noDownload = async (): Promise<Buffer> => Buffer.alloc(0);

		async function appendFromTwoProcesses(
			locks: Array<DistributedLock | undefined>,
			recordId: string,
		) {
			const processes: UpsertModule[] = [
				await inAnotherProcess(() => import('../../../nodes/shared/sync/upsertDailyNote')),
				await inAnotherProcess(() => import('../../../nodes/shared/sync/upsertDailyNote')),
			];
			const zoho = new InMemoryZohoCrm();
			const options = (lock: DistributedLock | undefined) => ({
				writeMode: 'readBeforeWrite' as const,
				maxNoteLength: 32000,
				attachments: { upload: false, maxBytes: 0 },
				lock,
			});
			// The day's note exists (an earlier message); then 40 messages, each to one of the processes, as
			// the queue hands executions to whichever worker is free.
			await processes[0].upsertDailyNote(
				zoho,
				noDownload,
				{ ...target, recordId },
				[message('m0', 0)],
				options(locks[0]),
			);
			const uids = Array.from({ length: 40 }, (_, i) => `m${i}`);
			await Promise.all(
				uids.map((uid, i) =>
					processes[i % 2].upsertDailyNote(
						zoho,
						noDownload,
						{ ...target, recordId },
						[message(uid, i)],
						options(locks[i % 2]),
					),
				),
			);
			const text = zoho.notes.map((n) => n.Note_Content ?? '').join('\n');
			const count = (uid: string) => text.split(`⟦m:${uid} `).length - 1;
			return {
				notes: zoho.notes.length,
				lost: uids.filter((u) => count(u) === 0).length,
				doubled: uids.filter((u) => count(u) > 1).length,
			};
		}

		it('lets the next worker write the note without listing the notes again', async () => {
			const processes: UpsertModule[] = [
				await inAnotherProcess(() => import('../../../nodes/shared/sync/upsertDailyNote')),
				await inAnotherProcess(() => import('../../../nodes/shared/sync/upsertDailyNote')),
			];
			const locks = [new RedisLock(runner(), fast, 'w1'), new RedisLock(runner(), fast, 'w2')];
			const zoho = new InMemoryZohoCrm();
			const lists = jest.spyOn(zoho, 'listRecordNotes');
			const options = (lock: DistributedLock) => ({
				writeMode: 'readBeforeWrite' as const,
				maxNoteLength: 32000,
				attachments: { upload: false, maxBytes: 0 },
				lock,
			});
			for (let i = 0; i < 4; i++)
				await processes[i % 2].upsertDailyNote(
					zoho,
					noDownload,
					{ ...target, recordId: 'L-handoff' },
					[message(`h${i}`, i)],
					options(locks[i % 2]),
				);
			// Only the very first write lists; the others take the part ids the previous writer left.
			expect(lists).toHaveBeenCalledTimes(1);
			expect(zoho.notes).toHaveLength(1);
			expect(zoho.notes[0].Note_Content).toContain('⟦m:h3 ');
		});

		it('keeps every line exactly once in one note with the Redis lock', async () => {
			const result = await appendFromTwoProcesses(
				[new RedisLock(runner(), fast, 'w1'), new RedisLock(runner(), fast, 'w2')],
				'L-redis',
			);
			expect(result).toEqual({ notes: 1, lost: 0, doubled: 0 });
		});
	});

	describe('two n8n processes matching a new number', () => {
		const settings = (lock: DistributedLock | undefined) => ({
			credentialId: 'cred',
			module: 'Leads',
			phoneField: 'Mobile',
			whenConverted: 'continue' as const,
			nameFields: ['First_Name', 'Last_Name'],
			create: {
				name: 'Ana Silva',
				nameMapping: {
					mode: 'firstLast' as const,
					firstNameField: 'First_Name',
					lastNameField: 'Last_Name',
				},
				additionalFields: {},
			},
			cacheTtlSeconds: 600,
			lock,
		});

		async function firstMessagesFromTwoProcesses(locks: Array<DistributedLock | undefined>) {
			const processes: MatchModule[] = [
				await inAnotherProcess(() => import('../../../nodes/shared/sync/matchOrCreateRecord')),
				await inAnotherProcess(() => import('../../../nodes/shared/sync/matchOrCreateRecord')),
			];
			// No unique phone field in this Zoho: only the lock stands between racing creates.
			const zoho = new InMemoryZohoCrm();
			await Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					processes[i % 2].matchOrCreateRecord(
						zoho,
						{ phone: '+447700900123', isGroup: false },
						settings(locks[i % 2]),
					),
				),
			);
			return (zoho.records.get('Leads') ?? []).length;
		}

		it('creates the lead twice with only the in-process lock', async () => {
			expect(await firstMessagesFromTwoProcesses([undefined, undefined])).toBeGreaterThan(1);
		});

		it("creates it once with the Redis lock while Zoho's search lags (the creator hands the record over with the lock)", async () => {
			const processes: MatchModule[] = [
				await inAnotherProcess(() => import('../../../nodes/shared/sync/matchOrCreateRecord')),
				await inAnotherProcess(() => import('../../../nodes/shared/sync/matchOrCreateRecord')),
			];
			const locks = [new RedisLock(runner(), fast, 'w1'), new RedisLock(runner(), fast, 'w2')];
			const zoho = new InMemoryZohoCrm();
			zoho.searchLags = true; // nothing created here is found by search during the test
			const phone = { phone: '+447700900321', isGroup: false };
			const first = await processes[0].matchOrCreateRecord(zoho, phone, settings(locks[0]));
			const results = await Promise.all(
				Array.from({ length: 6 }, (_, i) =>
					processes[(i + 1) % 2].matchOrCreateRecord(zoho, phone, settings(locks[(i + 1) % 2])),
				),
			);
			expect(first.outcome).toBe('created');
			expect(results.map((r) => r.record?.id)).toEqual(results.map(() => first.record?.id));
			expect(zoho.records.get('Leads')).toHaveLength(1);
		});

		it('creates it once with the Redis lock', async () => {
			expect(
				await firstMessagesFromTwoProcesses([
					new RedisLock(runner(), fast, 'w1'),
					new RedisLock(runner(), fast, 'w2'),
				]),
			).toBe(1);
		});
	});
});
