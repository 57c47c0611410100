import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { send } from '../server/http';
import type { SandboxPageSource } from '../server/sandboxPage';
import { chatFor, groupFor, resolveAccount } from './chatDirectory';
import { chatPage } from './chatPage';
import type { TimelinesSandboxOptions } from './timelinesSandboxOptions';
import { EventPublisher } from './eventPublisher';
import { FileDownloadSigner } from './fileDownloadSigner';
import { timelinesApi } from './api/timelinesApi';
import { SPEC_BEHAVIOUR } from './timelinesBehaviour';
import type { TimelinesBehaviour } from './timelinesBehaviour';
import { timelinesControl } from './timelinesControl';
import { timelinesSeed } from './timelinesSeed';
import { NO_FAULTS, TimelinesState } from './timelinesState';
import type { TimelinesSnapshot } from './timelinesState';
import type {
	DeliveryRecord,
	FaultSettings,
	StoredChat,
	StoredWebhook,
	WhatsappAccount,
} from './timelinesTypes';
import { chatView, messageView } from './timelinesViews';
import type { ChatObject, MessageObject, ViewContext } from './timelinesViews';
import { WebhookDispatcher } from './webhookDispatcher';
import { WhatsappSimulator } from './whatsappSimulator';
import { OutgoingMessages } from './outgoingMessages';
import type {
	BurstInput,
	BurstResult,
	SimulateMessageInput,
	SimulatedMessage,
} from './whatsappSimulator';

export type { TimelinesSnapshot } from './timelinesState';
export type { TimelinesBehaviour } from './timelinesBehaviour';
export type { DeliveryRecord, FaultSettings } from './timelinesTypes';
export type { ChatObject, MessageObject } from './timelinesViews';
export type {
	BurstInput,
	BurstResult,
	SimulateAttachment,
	SimulateMessageInput,
	SimulatedMessage,
} from './whatsappSimulator';
export { isE164 } from './whatsappSimulator';

export type { TimelinesSandboxOptions } from './timelinesSandboxOptions';

export const DEFAULT_TIMELINES_TOKEN = 'sandbox-timelines-token';

/** The TimelinesAI public API stand-in: HTTP handling plus typed accessors for tests. */
export class TimelinesSandbox implements ViewContext {
	readonly state = new TimelinesState();
	readonly deliveredAfterMs: number;
	readonly webhookLimit: number;
	readonly messageQuota: number;
	readonly apiCallsQuota: number;
	readonly events: EventPublisher;
	readonly simulator = new WhatsappSimulator(this);
	readonly outgoing = new OutgoingMessages(this);
	private readonly signer: FileDownloadSigner;
	private readonly dispatcher: WebhookDispatcher;

	constructor(
		private readonly options: TimelinesSandboxOptions,
		readonly baseUrl: () => string,
	) {
		this.deliveredAfterMs = options.deliveredAfterMs ?? 2000;
		this.webhookLimit = options.webhookLimit ?? 10;
		this.messageQuota = options.messageQuota ?? 10_000;
		this.apiCallsQuota = options.apiCallsQuota ?? 1_000_000;
		this.signer = new FileDownloadSigner(options.downloadUrlTtlSeconds ?? 900);
		this.dispatcher = new WebhookDispatcher(
			{
				retries: options.deliveryRetries ?? 2,
				retryDelaysMs: options.retryDelaysMs ?? [1000, 5000],
				timeoutMs: options.deliveryTimeoutMs ?? 5000,
				logLimit: 1000,
			},
			{ current: (id) => this.state.webhooks.get(id) },
		);
		this.events = new EventPublisher(this, this.dispatcher);
		this.reset();
	}

	get token(): string {
		return this.options.token ?? DEFAULT_TIMELINES_TOKEN;
	}

	/** http://127.0.0.1:<port>/integrations/api */
	get apiBase(): string {
		return `${this.baseUrl()}/integrations/api`;
	}

	/** Serves /integrations/api/*, /chat/{id}/messages/ (chat_url) and /__control/timelines/*; false otherwise. */
	async handle(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		body: Buffer,
	): Promise<boolean> {
		const path = url.pathname;
		if (path === '/integrations/api' || path.startsWith('/integrations/api/')) {
			send(res, await timelinesApi(this, req, url, body));
			return true;
		}
		if (path === '/__control/timelines' || path.startsWith('/__control/timelines/')) {
			const segments = path
				.split('/')
				.slice(3)
				.filter((s) => s !== '');
			send(
				res,
				(await timelinesControl(this, req.method ?? 'GET', segments, body)) ?? {
					status: 404,
					json: { error: 'unknown control route' },
				},
			);
			return true;
		}
		const chatLink = /^\/chat\/(\d+)\/messages\/$/.exec(path);
		if (chatLink && req.method === 'GET') {
			const chat = this.state.chats.get(Number(chatLink[1]));
			if (!chat) return false;
			send(res, {
				status: 200,
				raw: { body: Buffer.from(chatPage(this, chat)), contentType: 'text/html; charset=utf-8' },
			});
			return true;
		}
		return false;
	}

	isToken(given: string): boolean {
		const a = Buffer.from(given);
		const b = Buffer.from(this.token);
		return a.length === b.length && timingSafeEqual(a, b);
	}

	downloadUrl(uid: string): string {
		return this.signer.url(this.apiBase, uid);
	}

	isSignedDownload(uid: string, query: URLSearchParams): boolean {
		return this.signer.verify(uid, query);
	}

	// ---- typed accessors (tests, the sandbox page) ----

	chats(): ChatObject[] {
		return [...this.state.chats.values()].map((chat) => chatView(this, chat));
	}

	chat(id: number): ChatObject | undefined {
		const chat = this.state.chats.get(id);
		return chat ? chatView(this, chat) : undefined;
	}

	/** chronological, notes included */
	messagesOf(chatId: number): MessageObject[] {
		return this.state.messagesOf(chatId).map((message) => messageView(this, message));
	}

	message(uid: string): MessageObject | undefined {
		const message = this.state.messages.get(uid);
		return message ? messageView(this, message) : undefined;
	}

	/** What the sandbox page (sandbox/server/sandboxPage.ts) shows: groups without a phone, notes as text. */
	pageSource(): SandboxPageSource['timelines'] {
		return {
			chats: () => this.chats().map((c) => ({ ...c, phone: c.phone ?? '' })),
			messagesOf: (chatId) => this.messagesOf(chatId).map((m) => ({ ...m, text: m.text ?? '' })),
			deliveries: () => this.deliveries(),
			webhooks: () => this.webhooks(),
		};
	}

	deliveries(): DeliveryRecord[] {
		return this.dispatcher.log();
	}

	/** registered (not deleted) webhooks */
	webhooks(): StoredWebhook[] {
		return this.state.liveWebhooks().map((w) => ({ ...w }));
	}

	accounts(): WhatsappAccount[] {
		return this.state.accounts.map((a) => ({ ...a }));
	}

	faults(): FaultSettings {
		return { ...this.state.faults };
	}

	setFaults(patch: Partial<FaultSettings>): FaultSettings {
		this.state.faults = { ...this.state.faults, ...patch };
		return this.faults();
	}

	behaviour(): TimelinesBehaviour {
		return { ...this.state.behaviour };
	}

	setBehaviour(patch: Partial<TimelinesBehaviour>): TimelinesBehaviour {
		this.state.behaviour = { ...this.state.behaviour, ...patch };
		return this.behaviour();
	}

	/** The teammate the API token belongs to (created_by of API sends, uploaded_by_email of uploads). */
	tokenOwner(): { email: string; full_name: string } {
		return this.state.teammates[0] ?? { email: '', full_name: '' };
	}

	// ---- chats and messages ----

	/** The account a send uses: the given phone's, else the most recently connected one. */
	resolveAccount(phone: unknown): WhatsappAccount {
		return resolveAccount(this.state, phone);
	}

	/** The 1:1 chat of (account, phone), created when missing. */
	chatFor(
		account: WhatsappAccount,
		phone: string,
		name: string | undefined,
	): { chat: StoredChat; created: boolean } {
		return chatFor(this.state, account, phone, name);
	}

	groupFor(account: WhatsappAccount, name: string): { chat: StoredChat; created: boolean } {
		return groupFor(this.state, account, name);
	}

	/** Sets or clears the responsible; fires chat:responsible:* when it changed (and `notify`). */
	assign(chat: StoredChat, email: string | null, notify = true): void {
		const previous = chat.responsible;
		if (previous === email) return;
		chat.responsible = email;
		if (notify) void this.events.responsibleChanged(chat, previous);
	}

	// ---- simulation (control API, tests) ----

	simulateMessage(input: SimulateMessageInput): Promise<SimulatedMessage> {
		return this.simulator.simulateMessage(input);
	}

	redeliver(messageUid: string): Promise<DeliveryRecord[]> {
		return this.simulator.redeliver(messageUid);
	}

	burst(input: BurstInput): Promise<BurstResult> {
		return this.simulator.burst(input);
	}

	snapshot(): TimelinesSnapshot {
		return this.state.snapshot();
	}

	load(snapshot: TimelinesSnapshot): void {
		this.state.load(snapshot);
	}

	/** Back to the seed workspace and the spec's behaviour; forgets webhooks, files, the delivery log and pending retries. */
	reset(): void {
		this.dispatcher.clear();
		this.events.clearDropped();
		if (this.options.seed === false) this.state.clear();
		else this.state.load(timelinesSeed());
		this.state.faults = { ...NO_FAULTS, ...(this.options.faults ?? {}) };
		this.state.behaviour = { ...SPEC_BEHAVIOUR, ...(this.options.behaviour ?? {}) };
	}

	/** Cancels pending retries and waits (≤ ~2 s) for deliveries in flight. */
	async stop(): Promise<void> {
		await this.dispatcher.stop();
	}
}
