// Shared by the RedisLock tests: a real redis-server on a free loopback port, and "another n8n process"
// modelled as an isolated copy of the pack's modules (its own group-commit queue, caches, in-process lock).
import {
	startRedisServer,
	redisServerBin,
	type RunningRedis,
} from '../../../scripts/lib/queueServices';
import {
	closeRedisConnections,
	redisScriptRunner,
	type RedisConnectionSettings,
	type RedisScriptRunner,
} from '../../../nodes/shared/transport/redis/redisConnection';

export const redisAvailable = redisServerBin() !== undefined;
if (!redisAvailable) {
	// CI installs it (.ci/run); a developer machine may not have it.
	console.warn(
		'redis-server is not installed: skipping the RedisLock tests (apt-get install redis-server)',
	);
}
export const describeWithRedis = redisAvailable ? describe : describe.skip;

/** Short timings so that expiry tests run in seconds. */
export const fastLockTimings = { ttlMs: 5_000, waitMs: 5_000, lastHolderTtlMs: 60_000 };

/** A fresh copy of a module and everything it imports: its own queue, caches and in-process lock, like another worker. */
export async function inAnotherProcess<T>(load: () => Promise<T>): Promise<T> {
	let loaded!: T;
	await jest.isolateModulesAsync(async () => {
		loaded = await load();
	});
	return loaded;
}

/** Starts redis-server before the suite's tests and stops it after; `runner()` is its script runner. */
export function useRedisServer(): { runner: () => RedisScriptRunner } {
	let redis: RunningRedis | undefined;
	let runner: RedisScriptRunner | undefined;
	beforeAll(async () => {
		redis = await startRedisServer();
		const settings: RedisConnectionSettings = {
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
	return {
		runner: () => {
			if (!runner) throw new Error('redis-server not started');
			return runner;
		},
	};
}
