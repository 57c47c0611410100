import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { send } from '../server/http';
import type { SandboxPageSource } from '../server/sandboxPage';
import { chatPage } from './chatPage';
import { EventPublisher } from './eventPublisher';
import { FileDownloadSigner } from './fileDownloadSigner';
import { timelinesApi } from './api/timelinesApi';
import { SPEC_BEHAVIOUR } from './timelinesBehaviour';
import type { TimelinesBehaviour } from './timelinesBehaviour';
import { TimelinesApiError, badRequest } from './timelinesApiError';
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

export interface TimelinesSandboxOptions {
	/** the workspace API token (default sandbox-timelines-token); it belongs to the first teammate */
	token?: string;
	/** further attempts after a failed delivery (default 2: "retries the delivery 2 additional times") */
	deliveryRetries?: number;
	/** waits before retries 1, 2… (default [1000, 5000]; the last repeats; the real spacing is UNVERIFIED) */
	retryDelaysMs?: number[];
	/** receiver answer deadline (default 5000: "respond with 2xx within 5 seconds") */
	deliveryTimeoutMs?: number;
	/** webhooks per workspace (default 10, webhook spec) */
	webhookLimit?: number;
	/** outgoing messages turn Delivered this long after sending (default 2000) */
	deliveredAfterMs?: number;
	/** lifetime of temporary download URLs (default 900 s: "valid 15 minutes") */
	downloadUrlTtlSeconds?: number;
	/** message credits of the workspace (default 10000) */
	messageQuota?: number;
	/** API calls per month of the workspace (default 1,000,000) */
	apiCallsQuota?: number;
	/** false = an empty workspace (no accounts, chats or templates) */
	seed?: boolean;
	faults?: Partial<FaultSettings>;
	behaviour?: Partial<TimelinesBehaviour>;
}

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
		if (phone !== undefined && phone !== null && phone !== '') {
			if (typeof phone !== 'string') throw badRequest('whatsapp_account_phone must be a string');
			const account = this.state.accountByPhone(phone);
			if (!account)
				throw new TimelinesApiError(404, `WhatsApp account ${phone} not found`, 'not_found');
			if (account.status !== 'active')
				throw badRequest(`WhatsApp account ${phone} is not connected`);
			return account;
		}
		const account = this.state.defaultAccount();
		if (!account) throw badRequest('No connected WhatsApp account');
		return account;
	}

	private newChat(
		fields: Pick<StoredChat, 'name' | 'phone' | 'jid' | 'is_group' | 'whatsapp_account_id'>,
	): StoredChat {
		return this.state.addChat({
			...fields,
			responsible: null,
			closed: false,
			read: true,
			labels: [],
			created: Date.now(),
			chatgpt_autoresponse_enabled: false,
			unattended: false,
		});
	}

	/** The 1:1 chat of (account, phone), created when missing. */
	chatFor(
		account: WhatsappAccount,
		phone: string,
		name: string | undefined,
	): { chat: StoredChat; created: boolean } {
		const existing = [...this.state.chats.values()].find(
			(c) => !c.is_group && c.whatsapp_account_id === account.id && c.phone === phone,
		);
		if (existing) return { chat: existing, created: false };
		const chat = this.newChat({
			name: name?.trim() || phone,
			phone,
			jid: `${phone.slice(1)}@s.whatsapp.net`,
			is_group: false,
			whatsapp_account_id: account.id,
		});
		return { chat, created: true };
	}

	groupFor(account: WhatsappAccount, name: string): { chat: StoredChat; created: boolean } {
		const existing = [...this.state.chats.values()].find(
			(c) => c.is_group && c.whatsapp_account_id === account.id && c.name === name,
		);
		if (existing) return { chat: existing, created: false };
		const chat = this.newChat({
			name,
			phone: '',
			jid: '',
			is_group: true,
			whatsapp_account_id: account.id,
		});
		chat.jid = `120363${String(chat.id).padStart(12, '0')}@g.us`;
		chat.members = [{ name: account.owner_name, phone: account.phone, role: 'admin' }];
		return { chat, created: true };
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
