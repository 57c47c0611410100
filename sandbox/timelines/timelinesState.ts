import type {
	FaultSettings,
	MessageTemplate,
	StoredChat,
	StoredFile,
	StoredMessage,
	StoredWebhook,
	Teammate,
	WhatsappAccount,
} from './timelinesTypes';
import { SPEC_BEHAVIOUR } from './timelinesBehaviour';
import type { TimelinesBehaviour } from './timelinesBehaviour';

/** The persistent part of the TimelinesAI state (JSON; files as base64; the delivery log is not kept). */
export interface TimelinesSnapshot {
	version: 1;
	accounts: WhatsappAccount[];
	teammates: Teammate[];
	templates: MessageTemplate[];
	chats: StoredChat[];
	messages: StoredMessage[];
	files: Array<Omit<StoredFile, 'data'> & { data_base64: string }>;
	webhooks: StoredWebhook[];
	nextChatId: number;
	nextWebhookId: number;
	nextSeq: number;
	usage: { messages: number; apiCalls: number };
}

export const NO_FAULTS: FaultSettings = {
	rate500: 0,
	latencyMs: 0,
	rateLimitPerSecond: 0,
	dropDeliveryRate: 0,
};

/** In-memory workspace: one API token, its WhatsApp accounts, chats, messages, files and webhooks. */
export class TimelinesState {
	accounts: WhatsappAccount[] = [];
	teammates: Teammate[] = [];
	templates: MessageTemplate[] = [];
	readonly chats = new Map<number, StoredChat>();
	readonly messages = new Map<string, StoredMessage>();
	/** chat id → its messages in chronological order */
	readonly byChat = new Map<number, StoredMessage[]>();
	readonly files = new Map<string, StoredFile>();
	readonly webhooks = new Map<number, StoredWebhook>();
	nextChatId = 1;
	nextWebhookId = 1;
	nextSeq = 1;
	usage = { messages: 0, apiCalls: 0 };
	faults: FaultSettings = { ...NO_FAULTS };
	behaviour: TimelinesBehaviour = { ...SPEC_BEHAVIOUR };

	account(id: string): WhatsappAccount | undefined {
		return this.accounts.find((a) => a.id === id);
	}

	accountByPhone(phone: string): WhatsappAccount | undefined {
		return this.accounts.find((a) => a.phone === phone);
	}

	/** "else most recently connected account" (timelinesai.md, POST /messages) */
	defaultAccount(): WhatsappAccount | undefined {
		return [...this.accounts]
			.filter((a) => a.status === 'active')
			.sort((a, b) => b.connected - a.connected)[0];
	}

	teammate(email: string): Teammate | undefined {
		const wanted = email.trim().toLowerCase();
		return this.teammates.find((t) => t.email.toLowerCase() === wanted);
	}

	/** chronological; notes included */
	messagesOf(chatId: number): StoredMessage[] {
		return this.byChat.get(chatId) ?? [];
	}

	/** the newest WhatsApp message (notes are not chat activity) */
	lastMessage(chat: StoredChat): StoredMessage | undefined {
		const list = this.messagesOf(chat.id);
		for (let i = list.length - 1; i >= 0; i -= 1)
			if (list[i].message_type === 'whatsapp') return list[i];
		return undefined;
	}

	lastActivity(chat: StoredChat): number {
		return this.lastMessage(chat)?.time ?? chat.created;
	}

	/** webhooks that are not deleted, by id */
	liveWebhooks(): StoredWebhook[] {
		return [...this.webhooks.values()].filter((w) => !w.deleted).sort((a, b) => a.id - b.id);
	}

	addChat(chat: Omit<StoredChat, 'id'>): StoredChat {
		const stored: StoredChat = { ...chat, id: this.nextChatId++ };
		this.chats.set(stored.id, stored);
		this.byChat.set(stored.id, []);
		return stored;
	}

	addMessage(message: Omit<StoredMessage, 'seq'>): StoredMessage {
		const stored: StoredMessage = { ...message, seq: this.nextSeq++ };
		this.messages.set(stored.uid, stored);
		const list = this.byChat.get(stored.chat_id) ?? [];
		// Keep chronological order; a message with an older timestamp (simulated) is inserted in place.
		let index = list.length;
		while (index > 0 && list[index - 1].time > stored.time) index -= 1;
		list.splice(index, 0, stored);
		this.byChat.set(stored.chat_id, list);
		return stored;
	}

	clear(): void {
		this.accounts = [];
		this.teammates = [];
		this.templates = [];
		this.chats.clear();
		this.messages.clear();
		this.byChat.clear();
		this.files.clear();
		this.webhooks.clear();
		this.nextChatId = 1;
		this.nextWebhookId = 1;
		this.nextSeq = 1;
		this.usage = { messages: 0, apiCalls: 0 };
	}

	snapshot(): TimelinesSnapshot {
		return structuredClone({
			version: 1 as const,
			accounts: this.accounts,
			teammates: this.teammates,
			templates: this.templates,
			chats: [...this.chats.values()],
			messages: [...this.messages.values()].sort((a, b) => a.seq - b.seq),
			files: [...this.files.values()].map(({ data, ...file }) => ({
				...file,
				data_base64: data.toString('base64'),
			})),
			webhooks: [...this.webhooks.values()],
			nextChatId: this.nextChatId,
			nextWebhookId: this.nextWebhookId,
			nextSeq: this.nextSeq,
			usage: this.usage,
		});
	}

	load(snapshot: TimelinesSnapshot): void {
		const copy = structuredClone(snapshot);
		this.clear();
		this.accounts = copy.accounts;
		// Snapshots written before the spec's fields existed get the seed's defaults.
		this.teammates = copy.teammates.map((t, i) => ({
			...t,
			user_id: t.user_id ?? i + 1,
			team: t.team ?? 'Default',
			created: t.created ?? 0,
		}));
		this.templates = copy.templates.map((t) => ({
			...t,
			visibility: t.visibility ?? 'public',
			team_title: t.team_title ?? null,
			created_by_name: t.created_by_name ?? '',
			created: t.created ?? 0,
			updated_by_name: t.updated_by_name ?? '',
			updated: t.updated ?? 0,
		}));
		for (const chat of copy.chats) {
			this.chats.set(chat.id, {
				...chat,
				chatgpt_autoresponse_enabled: chat.chatgpt_autoresponse_enabled ?? false,
				unattended: chat.unattended ?? false,
			});
			this.byChat.set(chat.id, []);
		}
		for (const message of [...copy.messages].sort((a, b) => a.seq - b.seq)) {
			this.nextSeq = Math.max(this.nextSeq, message.seq + 1);
			const created_by = typeof message.created_by === 'string' ? message.created_by : '';
			this.addMessage({
				...message,
				received: message.received ?? message.time,
				message_type: message.message_type ?? 'whatsapp',
				created_by,
			}).seq = message.seq;
		}
		for (const { data_base64, ...file } of copy.files)
			this.files.set(file.uid, {
				...file,
				uploaded_by_email: file.uploaded_by_email ?? '',
				data: Buffer.from(data_base64, 'base64'),
			});
		for (const webhook of copy.webhooks) this.webhooks.set(webhook.id, webhook);
		this.nextChatId = Math.max(copy.nextChatId, ...copy.chats.map((c) => c.id + 1), 1);
		this.nextWebhookId = Math.max(copy.nextWebhookId, ...copy.webhooks.map((w) => w.id + 1), 1);
		this.nextSeq = Math.max(copy.nextSeq, this.nextSeq);
		this.usage = copy.usage ?? { messages: 0, apiCalls: 0 };
	}
}
