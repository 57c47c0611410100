import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';

/** The one Redis call the queue-mode lock needs (coordination/redisLock.ts). */
export interface RedisScriptRunner {
	evalScript(script: string, keys: string[], args: string[]): Promise<unknown>;
}

/** The Queue Mode Redis API credential's fields. */
export interface RedisConnectionSettings {
	host: string;
	port: number;
	user: string;
	password: string;
	database: number;
	ssl: boolean;
}

// One connection per Redis (per credential settings) and process, opened on first use and kept: a lock
// round trip must not pay for a TCP + AUTH handshake.
const clients = new Map<string, Promise<Client>>();

type Client = ReturnType<typeof newClient>;

function describe(settings: RedisConnectionSettings): string {
	return `${settings.host}:${settings.port}/${settings.database}`;
}

function clientKey(settings: RedisConnectionSettings): string {
	return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

function newClient(settings: RedisConnectionSettings) {
	const client = createClient({
		socket: {
			host: settings.host,
			port: settings.port,
			...(settings.ssl ? { tls: true as const } : {}),
			connectTimeout: 5_000,
			// A few quick reconnects; then the client gives up and the next call opens a new one.
			reconnectStrategy: (retries: number, cause: Error) =>
				retries >= 3
					? new Error(`Redis at ${describe(settings)} is unreachable: ${cause.message}`)
					: 200 * (retries + 1),
		},
		username: settings.user || undefined,
		password: settings.password || undefined,
		database: settings.database,
		// Fail a lock call at once while disconnected rather than queueing it behind a reconnect.
		disableOfflineQueue: true,
	});
	// node-redis emits connection errors as events (an unhandled 'error' event would end the process);
	// the failing command rejects with the cause, which is what the execution reports.
	client.on('error', () => undefined);
	return client;
}

async function connectedClient(settings: RedisConnectionSettings): Promise<Client> {
	const key = clientKey(settings);
	const existing = clients.get(key);
	if (existing) {
		const client = await existing.catch(() => undefined);
		if (client?.isOpen) return client;
		clients.delete(key);
	}
	const client = newClient(settings);
	const connecting = client.connect().then(
		() => client,
		(error: unknown) => {
			clients.delete(key);
			throw new Error(
				`Cannot connect to Redis at ${describe(settings)} for the queue-mode lock: ${error instanceof Error ? error.message : String(error)}`,
			);
		},
	);
	clients.set(key, connecting);
	return await connecting;
}

/** Runs Lua scripts on the credential's Redis over this process's shared connection. */
export function redisScriptRunner(settings: RedisConnectionSettings): RedisScriptRunner {
	return {
		evalScript: async (script, keys, args) =>
			await (await connectedClient(settings)).eval(script, { keys, arguments: args }),
	};
}

/** Credential test: connect, PING, disconnect. */
export async function pingRedis(settings: RedisConnectionSettings): Promise<void> {
	const client = newClient({ ...settings });
	try {
		await client.connect();
		await client.ping();
	} finally {
		if (client.isOpen) client.destroy();
	}
}

/** Closes every shared connection (tests; n8n itself keeps them for the life of the process). */
export async function closeRedisConnections(): Promise<void> {
	const open = [...clients.values()];
	clients.clear();
	for (const connecting of open) {
		const client = await connecting.catch(() => undefined);
		if (client?.isOpen) client.destroy();
	}
}
