import { randomUUID } from 'node:crypto';

import type { IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import {
	chatEventBus,
	localPushChannel,
	timelinesWorkspaceKey,
	type ChatPush,
	type ChatPushChannel,
	type PushedMessage,
	type PushSource,
} from '../coordination/chatEventBus';
import type { TimelinesMessage } from '../domain/timelinesEvent';
import { connectionSettings } from './queueModeLock';
import {
	redisScriptRunner,
	type RedisConnectionSettings,
} from '../transport/redis/redisConnection';
import { subscribeRedisChannel } from '../transport/redis/redisPubSub';
import { refusedDownloadUrl } from '../transport/timelinesai/attachmentDownload';
import {
	TIMELINES_CREDENTIAL,
	timelinesBaseUrl,
} from '../transport/timelinesai/timelinesAiRequest';

export const QUEUE_MODE_PUSH_REDIS_CREDENTIAL = 'queueModeRedisApi';
const CHANNEL = 'n8n-nodes-timelinesai-zoho:chat-push';
const TRIGGER_KEY_PREFIX = 'n8n-nodes-timelinesai-zoho:trigger-active:';
/** A delivery proves the trigger works for this long (activation: until deactivation, 6 h in Redis). */
export const TRIGGER_DELIVERY_PROOF_MS = 30 * 60_000;
const TRIGGER_ACTIVATION_PROOF_MS = 6 * 3600_000;
/** How long a process trusts what Redis said about a workspace's trigger. */
const TRIGGER_LOOKUP_CACHE_MS = 30_000;
const PROCESS_ID = randomUUID();

/** "Queue Mode Push" of the TimelinesAI Trigger and the Live Chat (the credential shows for Redis only). */
export const queueModePushProperty: INodeProperties = {
	displayName: 'Queue Mode Push',
	name: 'queueModePush',
	type: 'options',
	options: [
		{
			name: 'None (Single N8n Process)',
			value: 'none',
			description: 'The trigger hands new messages to open chat pages in memory',
		},
		{
			name: 'Redis',
			value: 'redis',
			description:
				'New messages travel over Redis to chat pages served by other n8n processes (queue mode with webhook processes)',
		},
	],
	default: 'none',
	description:
		'How new WhatsApp messages reach open live chat pages when several n8n processes serve webhooks',
	hint: 'In queue mode choose Redis on both the TimelinesAI Trigger and the TimelinesAI Live Chat',
};

/** The TimelinesAI workspace of the node's credential (base URL + hash of the token). */
export async function timelinesWorkspaceOf(
	context: IWebhookFunctions | IHookFunctions,
): Promise<string> {
	const credentials = await context.getCredentials(TIMELINES_CREDENTIAL);
	return timelinesWorkspaceKey(await timelinesBaseUrl(context), String(credentials.apiToken ?? ''));
}

/** A trigger's message in the live chat page's view shape: pushing it costs no TimelinesAI call. */
export function pushedMessageOf(message: TimelinesMessage, baseUrl: string): PushedMessage {
	return {
		uid: message.uid,
		chatId: message.chatId,
		timestamp: message.timestamp,
		fromMe: message.direction === 'sent',
		senderName: message.sender.name,
		senderPhone: message.sender.phone,
		text: message.text,
		// Message events carry no status (webhook_spec.yaml MessageDataInfo): "Sent" for ours, none for theirs;
		// the page keeps a newer status it already shows (a pushed copy never replaces an existing one).
		status: message.direction === 'sent' ? 'Sent' : undefined,
		// A link the pack would not fetch is dropped (the file stays named); the page downloads through the
		// checked download anyway.
		attachments: message.attachments.map((file) => ({
			url: refusedDownloadUrl(file.url, baseUrl) === undefined ? file.url : '',
			filename: file.filename,
			mimetype: file.mimetype,
		})),
		replyToUid: message.replyToUid,
		messageType: 'whatsapp',
	};
}

function isPushedMessage(value: unknown): value is PushedMessage {
	const m = value as Record<string, unknown>;
	return (
		typeof m === 'object' &&
		m !== null &&
		typeof m.uid === 'string' &&
		typeof m.chatId === 'number' &&
		typeof m.timestamp === 'string' &&
		typeof m.fromMe === 'boolean' &&
		typeof m.senderName === 'string' &&
		typeof m.text === 'string' &&
		(m.status === undefined || typeof m.status === 'string') &&
		Array.isArray(m.attachments) &&
		m.attachments.every(
			(a: unknown) =>
				typeof a === 'object' &&
				a !== null &&
				typeof (a as Record<string, unknown>).url === 'string' &&
				typeof (a as Record<string, unknown>).filename === 'string',
		)
	);
}

const SOURCES: readonly PushSource[] = ['webhook', 'page', 'reconcile'];

/** A relayed push read back from Redis; undefined for anything else (or this process's own). */
export function parseRelayedPush(raw: string): ChatPush | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return undefined;
	}
	const relay = parsed as { origin?: unknown; push?: Record<string, unknown> };
	const push = relay?.push;
	if (relay?.origin === PROCESS_ID || typeof push !== 'object' || push === null) return undefined;
	if (
		typeof push.workspace !== 'string' ||
		!Number.isSafeInteger(push.chatId) ||
		!SOURCES.includes(push.source as PushSource) ||
		!Array.isArray(push.messages) ||
		!push.messages.every(isPushedMessage)
	)
		return undefined;
	return push as unknown as ChatPush;
}

const PUBLISH = `return redis.call('PUBLISH', KEYS[1], ARGV[1])`;
// Extends the proof only: a delivery never shortens the activation's longer one.
const PROVE = `if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1`;
const FORGET = `return redis.call('DEL', KEYS[1])`;
const LOOKUP = `return redis.call('EXISTS', KEYS[1])`;

function triggerKey(workspace: string): string {
	return TRIGGER_KEY_PREFIX + workspace;
}

const subscribed = new Set<string>();
const triggerLookups = new Map<string, { active: boolean; atMs: number }>();

/** The process's channel over Redis: local bus plus PUBLISH, pushes from other processes handed to the bus. */
export async function redisPushChannel(
	settings: RedisConnectionSettings,
): Promise<ChatPushChannel> {
	const redis = redisScriptRunner(settings);
	const key = JSON.stringify(settings);
	if (!subscribed.has(key)) {
		await subscribeRedisChannel(settings, CHANNEL, (raw) => {
			const push = parseRelayedPush(raw);
			if (!push) return;
			if (push.source === 'webhook')
				chatEventBus.markTriggerActive(push.workspace, Date.now() + TRIGGER_DELIVERY_PROOF_MS);
			chatEventBus.publish(push);
		});
		subscribed.add(key);
	}
	return {
		bus: chatEventBus,
		publish: async (push) => {
			chatEventBus.publish(push);
			await redis.evalScript(PUBLISH, [CHANNEL], [JSON.stringify({ origin: PROCESS_ID, push })]);
		},
		isTriggerActive: async (workspace) => {
			if (chatEventBus.isTriggerActive(workspace)) return true;
			const known = triggerLookups.get(workspace);
			if (known && Date.now() - known.atMs < TRIGGER_LOOKUP_CACHE_MS) return known.active;
			// Redis unreachable: refresh at the rate without trigger rather than not at all.
			const active =
				(await redis.evalScript(LOOKUP, [triggerKey(workspace)], []).catch(() => 0)) === 1;
			triggerLookups.set(workspace, { active, atMs: Date.now() });
			return active;
		},
	};
}

async function redisSettingsOf(
	context: IWebhookFunctions | IHookFunctions,
): Promise<RedisConnectionSettings | undefined> {
	if (context.getNodeParameter('queueModePush', 'none') !== 'redis') return undefined;
	return connectionSettings(await context.getCredentials(QUEUE_MODE_PUSH_REDIS_CREDENTIAL));
}

/** The push channel the node is set up with (its Queue Mode Push parameter). */
export async function chatPushChannelOf(
	context: IWebhookFunctions | IHookFunctions,
): Promise<ChatPushChannel> {
	const settings = await redisSettingsOf(context);
	return settings ? await redisPushChannel(settings) : localPushChannel(chatEventBus);
}

/**
 * The TimelinesAI Trigger's part: the workspace's trigger is active (`untilMs`: a delivery's proof, or
 * Infinity from activation) or gone (`undefined`: deactivated), here and, in queue mode, in Redis.
 */
export async function announceTrigger(
	context: IWebhookFunctions | IHookFunctions,
	workspace: string,
	untilMs: number | undefined,
): Promise<void> {
	if (untilMs === undefined) chatEventBus.clearTriggerActive(workspace);
	else chatEventBus.markTriggerActive(workspace, untilMs);
	const settings = await redisSettingsOf(context);
	if (settings) await announceTriggerInRedis(settings, workspace, untilMs);
}

/** The trigger-active key other processes read (isTriggerActive of redisPushChannel). */
export async function announceTriggerInRedis(
	settings: RedisConnectionSettings,
	workspace: string,
	untilMs: number | undefined,
): Promise<void> {
	const redis = redisScriptRunner(settings);
	if (untilMs === undefined) await redis.evalScript(FORGET, [triggerKey(workspace)], []);
	else {
		const ttl = Number.isFinite(untilMs) ? TRIGGER_DELIVERY_PROOF_MS : TRIGGER_ACTIVATION_PROOF_MS;
		await redis.evalScript(PROVE, [triggerKey(workspace)], [String(ttl)]);
	}
}

// Per workspace: when this process last proved the trigger in Redis (one round trip per few minutes, not per message).
const lastProofMs = new Map<string, number>();
const PROOF_REFRESH_MS = 5 * 60_000;

/**
 * The TimelinesAI Trigger's push: the message, parsed and in the page's view shape, to every open page of
 * its chat (this process, and over Redis the others), before any filter or batching of the trigger.
 */
/** How long a trigger reuses its credential's base URL and workspace (n8n reads a credential from its database). */
const TRIGGER_IDENTITY_TTL_MS = 60_000;
const triggerIdentities = new Map<
	string,
	{ baseUrl: string; workspace: string; untilMs: number }
>();

/**
 * The base URL and workspace of a trigger's credential, read at most once a minute per node: every
 * getCredentials is a database read in n8n, and a delivery must not wait for two of them under load.
 */
async function triggerIdentityOf(
	context: IWebhookFunctions,
): Promise<{ baseUrl: string; workspace: string }> {
	// A credential edited to another token (another workspace) is picked up within the minute.
	const credential = context.getNode().credentials?.[TIMELINES_CREDENTIAL];
	const key = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${credential?.id ?? credential?.name ?? ''}`;
	const now = Date.now();
	const known = triggerIdentities.get(key);
	if (known && known.untilMs > now) return known;
	const identity = {
		baseUrl: await timelinesBaseUrl(context),
		workspace: await timelinesWorkspaceOf(context),
		untilMs: now + TRIGGER_IDENTITY_TTL_MS,
	};
	if (triggerIdentities.size >= 1000) triggerIdentities.clear();
	triggerIdentities.set(key, identity);
	return identity;
}

export async function pushTriggerMessage(
	context: IWebhookFunctions,
	message: TimelinesMessage,
): Promise<void> {
	const { baseUrl, workspace } = await triggerIdentityOf(context);
	const channel = await chatPushChannelOf(context);
	await channel.publish({
		workspace,
		chatId: message.chatId,
		messages: [pushedMessageOf(message, baseUrl)],
		source: 'webhook',
	});
	const now = Date.now();
	if (now - (lastProofMs.get(workspace) ?? 0) < PROOF_REFRESH_MS) {
		chatEventBus.markTriggerActive(workspace, now + TRIGGER_DELIVERY_PROOF_MS);
		return;
	}
	lastProofMs.set(workspace, now);
	await announceTrigger(context, workspace, now + TRIGGER_DELIVERY_PROOF_MS);
}
