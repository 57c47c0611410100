import { createClient } from '@redis/client';

import type { RedisConnectionSettings } from './redisConnection';

// Redis pub/sub for the live chat's push (n8n/queueModePush.ts): a subscribed connection can run no other
// command, so each process keeps one dedicated subscriber connection per Redis and channel, opened on first
// use; publishing goes over the shared command connection (redisConnection.ts, PUBLISH in a script).

type MessageHandler = (message: string) => void;

interface Subscriber {
	ready: Promise<void>;
	handlers: Set<MessageHandler>;
	close(): void;
}

const subscribers = new Map<string, Subscriber>();

function subscriberKey(settings: RedisConnectionSettings, channel: string): string {
	return JSON.stringify([settings, channel]);
}

function open(settings: RedisConnectionSettings, channel: string, key: string): Subscriber {
	const handlers = new Set<MessageHandler>();
	const client = createClient({
		socket: {
			host: settings.host,
			port: settings.port,
			...(settings.ssl ? { tls: true as const } : {}),
			connectTimeout: 5_000,
			// Unlike the lock's connection this one keeps trying: pages still refresh by the reconciliation
			// fetch meanwhile, and a Redis restart must not end live updates for good.
			reconnectStrategy: (retries: number) => Math.min(5_000, 200 * (retries + 1)),
		},
		username: settings.user || undefined,
		password: settings.password || undefined,
		database: settings.database,
	});
	client.on('error', () => undefined);
	const ready = client
		.connect()
		.then(async () => {
			await client.subscribe(channel, (message: string) => {
				for (const handler of [...handlers]) handler(message);
			});
		})
		.catch((error: unknown) => {
			subscribers.delete(key);
			if (client.isOpen) client.destroy();
			throw new Error(
				`Cannot subscribe to Redis at ${settings.host}:${settings.port}/${settings.database}: ${error instanceof Error ? error.message : String(error)}`,
			);
		});
	return {
		ready,
		handlers,
		close: () => {
			if (client.isOpen) client.destroy();
		},
	};
}

/**
 * Calls `handler` with every message published on `channel` from now on (this process's subscriber
 * connection, shared by every handler). Resolves once subscribed; the returned function removes the handler.
 */
export async function subscribeRedisChannel(
	settings: RedisConnectionSettings,
	channel: string,
	handler: MessageHandler,
): Promise<() => void> {
	const key = subscriberKey(settings, channel);
	let subscriber = subscribers.get(key);
	if (!subscriber) {
		subscriber = open(settings, channel, key);
		subscribers.set(key, subscriber);
	}
	subscriber.handlers.add(handler);
	const known = subscriber;
	// A failed subscription forgets the handler; the caller gets the rejection.
	known.ready.catch(() => known.handlers.delete(handler));
	await known.ready;
	return () => known.handlers.delete(handler);
}

/** Closes every subscriber connection (tests; n8n keeps them for the life of the process). */
export function closeRedisSubscribers(): void {
	for (const subscriber of subscribers.values()) subscriber.close();
	subscribers.clear();
}
