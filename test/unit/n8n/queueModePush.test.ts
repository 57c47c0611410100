// Queue Mode Push: two n8n processes (isolated copies of the pack's modules, each with its own bus and Redis
// connections) and a real redis-server. A push published in one reaches the pages of the other, once.
import type { ChatPush } from '../../../nodes/shared/coordination/chatEventBus';
import type { RedisConnectionSettings } from '../../../nodes/shared/transport/redis/redisConnection';
import { parseRelayedPush } from '../../../nodes/shared/n8n/queueModePush';
import {
	redisServerBin,
	startRedisServer,
	type RunningRedis,
} from '../../../scripts/lib/queueServices';
import { inAnotherProcess } from '../coordination/redisTestServer';

// CI installs redis-server (.ci/run): there a missing one fails the suite instead of skipping it.
const describeWithRedis =
	redisServerBin() !== undefined || process.env.CI === 'true' ? describe : describe.skip;

async function n8nProcess() {
	return await inAnotherProcess(async () => ({
		push: await import('../../../nodes/shared/n8n/queueModePush'),
		bus: (await import('../../../nodes/shared/coordination/chatEventBus')).chatEventBus,
		redis: await import('../../../nodes/shared/transport/redis/redisConnection'),
		pubsub: await import('../../../nodes/shared/transport/redis/redisPubSub'),
	}));
}

async function until(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

function pushOf(workspace: string, chatId: number, uid: string): ChatPush {
	return {
		workspace,
		chatId,
		source: 'webhook',
		messages: [
			{
				uid,
				chatId,
				timestamp: '2026-03-01T12:00:00.000Z',
				fromMe: false,
				senderName: 'Ana',
				text: `text ${uid}`,
				attachments: [],
			},
		],
	};
}

describe('relayed pushes read back from Redis', () => {
	it('refuses anything that is not a well-formed push', () => {
		const good = { origin: 'another process', push: pushOf('ws', 7, 'm1') };
		expect(parseRelayedPush(JSON.stringify(good))).toEqual(good.push);
		for (const bad of [
			'not json',
			'{}',
			JSON.stringify({ origin: 'x', push: { ...good.push, chatId: '7' } }),
			JSON.stringify({ origin: 'x', push: { ...good.push, source: 'elsewhere' } }),
			JSON.stringify({
				origin: 'x',
				push: { ...good.push, messages: [{ ...good.push.messages[0], text: 42 }] },
			}),
			JSON.stringify({
				origin: 'x',
				push: { ...good.push, messages: [{ ...good.push.messages[0], attachments: [{}] }] },
			}),
		])
			expect(parseRelayedPush(bad)).toBeUndefined();
	});
});

describeWithRedis('Queue Mode Push over Redis between two n8n processes', () => {
	let redis: RunningRedis;
	let settings: RedisConnectionSettings;
	let webhookProcess: Awaited<ReturnType<typeof n8nProcess>>;
	let mainProcess: Awaited<ReturnType<typeof n8nProcess>>;

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
		mainProcess = await n8nProcess();
		webhookProcess = await n8nProcess();
	});

	afterAll(async () => {
		for (const process of [mainProcess, webhookProcess]) {
			process?.pubsub.closeRedisSubscribers();
			await process?.redis.closeRedisConnections();
		}
		await redis?.stop();
	});

	it("hands a message received by one process to the other's pages of that chat, once each, never across workspaces", async () => {
		const onMain = await mainProcess.push.redisPushChannel(settings);
		await webhookProcess.push.redisPushChannel(settings);
		const remote: string[] = [];
		const otherWorkspace: string[] = [];
		const local: string[] = [];
		webhookProcess.bus.subscribe('ws-a', 7, (p) => remote.push(p.messages[0].uid));
		webhookProcess.bus.subscribe('ws-b', 7, (p) => otherWorkspace.push(p.messages[0].uid));
		mainProcess.bus.subscribe('ws-a', 7, (p) => local.push(p.messages[0].uid));
		await onMain.publish(pushOf('ws-a', 7, 'm1'));
		await until('the push in the webhook process', () => remote.length === 1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(remote).toEqual(['m1']);
		// The publishing process's own pages get it once (in memory), not again from Redis.
		expect(local).toEqual(['m1']);
		expect(otherWorkspace).toEqual([]);
		// A delivery relayed from a trigger tells the other process that the workspace's trigger is active.
		expect(webhookProcess.bus.isTriggerActive('ws-a')).toBe(true);
	});

	it("lets a process serving pages know that another process's trigger is active, and when it is gone", async () => {
		const onWebhook = await webhookProcess.push.redisPushChannel(settings);
		expect(await onWebhook.isTriggerActive('ws-never')).toBe(false);
		await mainProcess.push.announceTriggerInRedis(settings, 'ws-active', Number.POSITIVE_INFINITY);
		expect(await onWebhook.isTriggerActive('ws-active')).toBe(true);
		await mainProcess.push.announceTriggerInRedis(settings, 'ws-gone', Number.POSITIVE_INFINITY);
		await mainProcess.push.announceTriggerInRedis(settings, 'ws-gone', undefined);
		expect(await onWebhook.isTriggerActive('ws-gone')).toBe(false);
	});
});
