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

export const NO_FAULTS: FaultSettings = { rate500: 0, latencyMs: 0 };

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

	account(id: string): WhatsappAccount | undefined {
		return this.accounts.find((a) => a.id === id);
	}

	accountByPhone(phone: string): WhatsappAccount | undefined {
		return this.accounts.find((a) => a.phone === phone);
	}

	/** "else most recently connected account" (timelinesai.md, POST /messages) */
	defaultAccount(): WhatsappAccount | undefined {
		return [...this.accounts].filter((a) => a.status === 'active').sort((a, b) => b.connected - a.connected)[0];
	}

	teammate(email: string): Teammate | undefined {
		const wanted = email.trim().toLowerCase();
		return this.teammates.find((t) => t.email.toLowerCase() === wanted);
	}

	messagesOf(chatId: number): StoredMessage[] {
		return this.byChat.get(chatId) ?? [];
	}

	lastActivity(chat: StoredChat): number {
		const list = this.messagesOf(chat.id);
		return list.length > 0 ? list[list.length - 1].time : chat.created;
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
			files: [...this.files.values()].map(({ data, ...file }) => ({ ...file, data_base64: data.toString('base64') })),
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
		this.teammates = copy.teammates;
		this.templates = copy.templates;
		for (const chat of copy.chats) {
			this.chats.set(chat.id, chat);
			this.byChat.set(chat.id, []);
		}
		for (const message of [...copy.messages].sort((a, b) => a.seq - b.seq)) {
			this.nextSeq = Math.max(this.nextSeq, message.seq + 1);
			this.addMessage({ ...message }).seq = message.seq;
		}
		for (const { data_base64, ...file } of copy.files) this.files.set(file.uid, { ...file, data: Buffer.from(data_base64, 'base64') });
		for (const webhook of copy.webhooks) this.webhooks.set(webhook.id, webhook);
		this.nextChatId = Math.max(copy.nextChatId, ...copy.chats.map((c) => c.id + 1), 1);
		this.nextWebhookId = Math.max(copy.nextWebhookId, ...copy.webhooks.map((w) => w.id + 1), 1);
		this.nextSeq = Math.max(copy.nextSeq, this.nextSeq);
		this.usage = copy.usage ?? { messages: 0, apiCalls: 0 };
	}
}
