// The queue-mode lock against a real redis-server (started here on a free loopback port). Two n8n
// processes are modelled by two RedisLock instances with different process ids and, for the Zoho
// writes, by two isolated copies of the modules (each with its own group-commit queue and caches).
import { sleep } from 'n8n-workflow';

import {
	startRedisServer,
	redisServerBin,
	type RunningRedis,
} from '../../../scripts/lib/queueServices';
import {
	closeRedisConnections,
	redisScriptRunner,
	type RedisConnectionSettings,
} from '../../../nodes/shared/transport/redis/redisConnection';
import {
	LockLostError,
	LockTimeoutError,
	type DistributedLock,
} from '../../../nodes/shared/coordination/distributedLock';
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import { LOCK_KEY_PREFIX, RedisLock } from '../../../nodes/shared/coordination/redisLock';
import type { RedisScriptRunner } from '../../../nodes/shared/transport/redis/redisConnection';
import { InMemoryZohoCrm } from '../sync/inMemoryZohoCrm';

const available = redisServerBin() !== undefined;
if (!available) {
	// CI installs it (.ci/run); a developer machine may not have it.
	console.warn(
		'redis-server is not installed: skipping the RedisLock tests (apt-get install redis-server)',
	);
}
const describeWithRedis = available ? describe : describe.skip;

type UpsertModule = typeof import('../../../nodes/shared/sync/upsertDailyNote');
type MatchModule = typeof import('../../../nodes/shared/sync/matchOrCreateRecord');

/** A fresh copy of a module and everything it imports: its own queue, caches and in-process lock, like another worker. */
async function inAnotherProcess<T>(load: () => Promise<T>): Promise<T> {
	let loaded!: T;
	await jest.isolateModulesAsync(async () => {
		loaded = await load();
	});
	return loaded;
}

describeWithRedis('RedisLock (real redis-server)', () => {
	let redis: RunningRedis;
	let runner: RedisScriptRunner;
	let settings: RedisConnectionSettings;
	const fast = { ttlMs: 5_000, waitMs: 5_000, lastHolderTtlMs: 60_000 };

	beforeAll(async () => {
		redis = await startRedisServer();
		settings = {
			host: redis.host,
			port: redis.port,
			user: '',
			password: '',
			database: 0,
			ssl: false,
		};
		runner = redisScriptRunner(settings);
	});
	afterAll(async () => {
		await closeRedisConnections();
		await redis?.stop();
	});

	it('lets only one of two processes hold a key at a time', async () => {
		const workers = [
			new RedisLock(runner, fast, 'worker-1'),
			new RedisLock(runner, fast, 'worker-2'),
		];
		let inFlight = 0;
		let maxInFlight = 0;
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				workers[i % 2].withLock('exclusive', async () => {
					inFlight += 1;
					maxInFlight = Math.max(maxInFlight, inFlight);
					await sleep(5);
					inFlight -= 1;
				}),
			),
		);
		expect(maxInFlight).toBe(1);
	});

	it('tells the holder whether another process held the key since this one did', async () => {
		const a = new RedisLock(runner, fast, 'process-a');
		const b = new RedisLock(runner, fast, 'process-b');
		const lastHolder = async (lock: RedisLock) =>
			await lock.withLock('holders', async (lease) => lease.lastHolder);
		expect(await lastHolder(a)).toBe('none');
		expect(await lastHolder(a)).toBe('this');
		expect(await lastHolder(b)).toBe('other');
		expect(await lastHolder(a)).toBe('other');
	});

	it('hands what a holder left to the next holder in another process, unless its task failed', async () => {
		const a = new RedisLock(runner, fast, 'process-a');
		const b = new RedisLock(runner, fast, 'process-b');
		await a.withLock('handoff', async (lease) => lease.leave('1:111,2:222'));
		expect(await b.withLock('handoff', async (lease) => lease.left)).toBe('1:111,2:222');
		await expect(
			b.withLock('handoff', async (lease) => {
				lease.leave('1:999');
				throw new Error('the Zoho write failed');
			}),
		).rejects.toThrow('the Zoho write failed');
		expect(await a.withLock('handoff', async (lease) => [lease.lastHolder, lease.left])).toEqual([
			'other',
			undefined,
		]);
	});

	it('gives up with an error naming the lock key when another process keeps it', async () => {
		const holder = new RedisLock(runner, fast, 'holder');
		const waiter = new RedisLock(runner, { ...fast, waitMs: 300 }, 'waiter');
		let release!: () => void;
		const held = holder.withLock('busy', () => new Promise<void>((resolve) => (release = resolve)));
		await sleep(50);
		const error = await waiter.withLock('busy', async () => 'never').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LockTimeoutError);
		expect((error as Error).message).toContain(`"${LOCK_KEY_PREFIX}busy"`);
		release();
		await held;
	});

	it('is taken over once the key of a crashed holder expires', async () => {
		// A holder that died: its key is there with a TTL, nobody will release it.
		await runner.evalScript(
			"return redis.call('SET', KEYS[1], 'dead-token', 'PX', '300')",
			[`${LOCK_KEY_PREFIX}crashed`],
			[],
		);
		const started = Date.now();
		await new RedisLock(runner, fast, 'survivor').withLock('crashed', async () => undefined);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
	});

	it('fails a task that outlived its TTL instead of reporting it done, and leaves the new holder its key', async () => {
		const slow = new RedisLock(runner, { ...fast, ttlMs: 100 }, 'slow');
		const next = new RedisLock(runner, fast, 'next');
		let nextHolds = false;
		const slowTask = slow.withLock('expiring', async () => {
			await sleep(400);
			return 'written';
		});
		await sleep(150);
		const nextTask = next.withLock('expiring', async () => {
			nextHolds = true;
			await sleep(400);
			// Still ours: the slow holder's release did not delete the key it no longer owned.
			return await runner.evalScript(
				"return redis.call('PTTL', KEYS[1])",
				[`${LOCK_KEY_PREFIX}expiring`],
				[],
			);
		});
		await expect(slowTask).rejects.toBeInstanceOf(LockLostError);
		expect(nextHolds).toBe(true);
		expect(await nextTask).toBeGreaterThan(0);
	});

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

		// No lock option = each process's own in-process lock.
		it('loses lines with only the in-process lock (the problem queue mode has)', async () => {
			const result = await appendFromTwoProcesses([undefined, undefined], 'L-none');
			expect(result.lost).toBeGreaterThan(0);
		});

		it('lets the next worker write the note without listing the notes again', async () => {
			const processes: UpsertModule[] = [
				await inAnotherProcess(() => import('../../../nodes/shared/sync/upsertDailyNote')),
				await inAnotherProcess(() => import('../../../nodes/shared/sync/upsertDailyNote')),
			];
			const locks = [new RedisLock(runner, fast, 'w1'), new RedisLock(runner, fast, 'w2')];
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
				[new RedisLock(runner, fast, 'w1'), new RedisLock(runner, fast, 'w2')],
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

		it('creates it once with the Redis lock', async () => {
			expect(
				await firstMessagesFromTwoProcesses([
					new RedisLock(runner, fast, 'w1'),
					new RedisLock(runner, fast, 'w2'),
				]),
			).toBe(1);
		});
	});
});
