import { createHash } from 'node:crypto';

import type { TimelinesHistoryMessage } from '../transport/timelinesai/timelinesChatParsers';

/**
 * Push for the live chat page: messages of a TimelinesAI chat reach every open page of that chat in this
 * n8n process, without a TimelinesAI call per viewer.
 * - The TimelinesAI Trigger publishes every message event it receives (the parsed message in the page's view
 *   shape), the page's own sends are published too, and the live chat's shared reconciliation fetch (one
 *   per open chat, not per viewer) publishes what changed.
 * - Keys: a TimelinesAI workspace (the credential's base URL and a hash of its token, never the token) and
 *   a chat id. A page subscribes to one chat of its session, so it never hears other chats or workspaces.
 * - Module state: `dist/nodes/shared/**` is one instance per n8n process (scripts/bundle.mjs keeps the
 *   pack's own modules unbundled), so the trigger's webhook() and the live chat's share this bus when both
 *   requests reach the same process. Across processes (queue mode) the pushes travel over Redis
 *   (n8n/queueModePush.ts) and are handed to this bus by each process's subscriber.
 */

export type PushedMessage = TimelinesHistoryMessage;

/** Where a push comes from: a trigger delivery, a send from a page, or the shared reconciliation fetch. */
export type PushSource = 'webhook' | 'page' | 'reconcile';

export interface ChatPush {
	workspace: string;
	chatId: number;
	messages: PushedMessage[];
	source: PushSource;
}

export type ChatPushListener = (push: ChatPush) => void;

export interface ChatSubscription {
	readonly workspace: string;
	readonly chatId: number;
	/** Stops the listener; calling it again does nothing. */
	close(): void;
}

export interface ChatEventBusOptions {
	/** Open pages of one chat (tabs of the whole team); more are refused. */
	maxListenersPerChat?: number;
	/** Open pages in this process. */
	maxListeners?: number;
	/** Pushes kept per chat for pages that subscribe a moment later (between page load and stream). */
	replayWindowMs?: number;
	replayPushes?: number;
	now?: () => number;
}

/** Every slot is taken: the page polls instead (its stream is refused with 503). */
export class ChatPushFullError extends Error {
	constructor() {
		super('Too many open chat pages for live updates; the page refreshes by polling.');
		this.name = 'ChatPushFullError';
	}
}

/** The workspace a TimelinesAI credential reaches: base URL + a short hash of the token (never the token). */
export function timelinesWorkspaceKey(baseUrl: string, apiToken: string): string {
	const tokenHash = createHash('sha256').update(apiToken, 'utf8').digest('hex').slice(0, 24);
	return `${baseUrl.replace(/\/+$/, '')}#${tokenHash}`;
}

function chatKey(workspace: string, chatId: number): string {
	return `${workspace}\n${chatId}`;
}

export class ChatEventBus {
	private readonly listeners = new Map<string, Set<ChatPushListener>>();
	private readonly recent = new Map<string, Array<{ atMs: number; push: ChatPush }>>();
	private readonly triggerActiveUntil = new Map<string, number>();
	private total = 0;
	private readonly now: () => number;

	constructor(private readonly options: ChatEventBusOptions = {}) {
		this.now = options.now ?? Date.now;
	}

	/**
	 * Listens to one chat of one workspace. Pushes of the last moments (`replayWindowMs`) are handed to the
	 * listener at once: a message that arrived while the page was loading is not lost.
	 */
	subscribe(workspace: string, chatId: number, listener: ChatPushListener): ChatSubscription {
		const key = chatKey(workspace, chatId);
		const set = this.listeners.get(key) ?? new Set<ChatPushListener>();
		if (
			set.size >= (this.options.maxListenersPerChat ?? 500) ||
			this.total >= (this.options.maxListeners ?? 5000)
		)
			throw new ChatPushFullError();
		set.add(listener);
		this.listeners.set(key, set);
		this.total++;
		for (const entry of this.replayable(key)) deliver(listener, entry.push);
		let open = true;
		return {
			workspace,
			chatId,
			close: () => {
				if (!open) return;
				open = false;
				this.total--;
				set.delete(listener);
				if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
			},
		};
	}

	/** Hands the push to every listener of its chat (a failing listener never stops the others); their count. */
	publish(push: ChatPush): number {
		if (push.messages.length === 0) return 0;
		const key = chatKey(push.workspace, push.chatId);
		if (push.source !== 'reconcile') this.remember(key, push);
		const set = this.listeners.get(key);
		if (!set) return 0;
		for (const listener of [...set]) deliver(listener, push);
		return set.size;
	}

	listenerCount(workspace?: string, chatId?: number): number {
		if (workspace === undefined) return this.total;
		if (chatId !== undefined) return this.listeners.get(chatKey(workspace, chatId))?.size ?? 0;
		let count = 0;
		for (const [key, set] of this.listeners)
			if (key.startsWith(`${workspace}\n`)) count += set.size;
		return count;
	}

	/** A TimelinesAI Trigger of this workspace is active (activation: until deactivation; a delivery: for a while). */
	markTriggerActive(workspace: string, untilMs = Number.POSITIVE_INFINITY): void {
		this.triggerActiveUntil.set(
			workspace,
			Math.max(untilMs, this.triggerActiveUntil.get(workspace) ?? 0),
		);
	}

	clearTriggerActive(workspace: string): void {
		this.triggerActiveUntil.delete(workspace);
	}

	isTriggerActive(workspace: string): boolean {
		return (this.triggerActiveUntil.get(workspace) ?? 0) > this.now();
	}

	private remember(key: string, push: ChatPush): void {
		const now = this.now();
		const kept = this.replayable(key);
		kept.push({ atMs: now, push });
		while (kept.length > (this.options.replayPushes ?? 20)) kept.shift();
		this.recent.set(key, kept);
		// Bounded: chats nobody pushed to lately are forgotten whenever the map grows.
		if (this.recent.size > 1000) {
			for (const [other] of this.recent)
				if (this.replayable(other).length === 0) this.recent.delete(other);
		}
	}

	private replayable(key: string): Array<{ atMs: number; push: ChatPush }> {
		const since = this.now() - (this.options.replayWindowMs ?? 60_000);
		const kept = (this.recent.get(key) ?? []).filter((entry) => entry.atMs >= since);
		if (kept.length === 0) this.recent.delete(key);
		return kept;
	}
}

function deliver(listener: ChatPushListener, push: ChatPush): void {
	try {
		listener(push);
	} catch {
		// A page whose connection broke mid-write is closed by its own stream; the others still get the push.
	}
}

/** This process's bus: shared by the TimelinesAI Trigger and every live chat node. */
export const chatEventBus = new ChatEventBus();

/** How a live chat or trigger reaches the pages: this process's bus, and in queue mode the other processes. */
export interface ChatPushChannel {
	readonly bus: ChatEventBus;
	/** Hands the push to this process's pages and, in queue mode, to every other process's. */
	publish(push: ChatPush): Promise<void>;
	/** Whether a TimelinesAI Trigger of the workspace delivers messages (here, or in queue mode anywhere). */
	isTriggerActive(workspace: string): Promise<boolean>;
}

/** The channel of a single n8n process (no queue mode). */
export function localPushChannel(bus: ChatEventBus = chatEventBus): ChatPushChannel {
	return {
		bus,
		publish: async (push) => {
			bus.publish(push);
		},
		isTriggerActive: async (workspace) => bus.isTriggerActive(workspace),
	};
}
