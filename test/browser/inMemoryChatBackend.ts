import { randomUUID } from 'node:crypto';

import type {
	ChatBackend,
	ChatMessageView,
	ChatRecordView,
	ChatSummaryView,
	MessageTemplateView,
	WhatsappAccountView,
} from '../../nodes/TimelinesAiLiveChat/chat/chatBackend';

/** TimelinesAI's history page size is not documented; 20 keeps paging visible in tests. */
export const MEMORY_PAGE_SIZE = 20;

interface MemoryChat extends ChatSummaryView {
	messages: ChatMessageView[];
}

interface MemoryFile {
	filename: string;
	mimetype: string;
	data: Uint8Array;
}

/**
 * A ChatBackend over in-memory Zoho records and TimelinesAI chats, for tests of the chat page when no
 * sandbox is wired: sent messages are recorded in `sent`, delivery advances Sent → Delivered on the next
 * read, and `simulateIncoming` plays a customer writing in.
 */
export class InMemoryChatBackend implements ChatBackend {
	readonly records = new Map<string, ChatRecordView>();
	readonly chats: MemoryChat[] = [];
	readonly files = new Map<string, MemoryFile>();
	readonly sent: { chatId: number; text: string; fileUid?: string }[] = [];
	accounts: WhatsappAccountView[] = [
		{ phone: '+15550001111', name: 'Sales line' },
		{ phone: '+15550002222', name: 'Support line' },
	];
	templates: MessageTemplateView[] = [
		{ id: 't1', name: 'Greeting', text: 'Hello! Thanks for your message 🙂' },
	];
	private nextChatId = 100;
	private clockMs = Date.parse('2026-03-01T09:00:00Z');

	addRecord(module: string, id: string, record: ChatRecordView): void {
		this.records.set(`${module}:${id}`, record);
	}

	addChat(chat: Omit<ChatSummaryView, 'id'> & { id?: number }): MemoryChat {
		const created: MemoryChat = { ...chat, id: chat.id ?? this.nextChatId++, messages: [] };
		this.chats.push(created);
		return created;
	}

	addMessage(
		chatId: number,
		message: Partial<ChatMessageView> & { text: string },
	): ChatMessageView {
		const chat = this.chat(chatId);
		this.clockMs += 60_000;
		const full: ChatMessageView = {
			uid: randomUUID(),
			chatId,
			timestamp: new Date(this.clockMs).toISOString(),
			fromMe: false,
			senderName: chat.name,
			senderPhone: chat.phone,
			attachments: [],
			...message,
		};
		chat.messages.push(full);
		return full;
	}

	simulateIncoming(chatId: number, text: string): ChatMessageView {
		return this.addMessage(chatId, { text, timestamp: new Date().toISOString() });
	}

	async getRecord(module: string, recordId: string) {
		return this.records.get(`${module}:${recordId}`);
	}

	async findChatsByPhone(e164: string) {
		return this.chats
			.filter((chat) => chat.phone === e164)
			.map(({ messages: _messages, ...summary }) => summary);
	}

	/** Like TimelinesAI: newest first, MEMORY_PAGE_SIZE at a time, older than the `before` uid; notes left out. */
	async listMessages(chatId: number, options: { before?: string } = {}) {
		const chat = this.chat(chatId);
		for (const message of chat.messages)
			if (message.status === 'Sent') message.status = 'Delivered';
		const newestFirst = [...chat.messages].reverse();
		const start = options.before
			? newestFirst.findIndex((message) => message.uid === options.before) + 1
			: 0;
		const slice =
			start === 0 && options.before ? [] : newestFirst.slice(start, start + MEMORY_PAGE_SIZE);
		const hasMore = newestFirst.length > start + MEMORY_PAGE_SIZE;
		return {
			messages: slice.filter((message) => (message.messageType ?? 'whatsapp') === 'whatsapp'),
			olderCursor: hasMore ? slice.at(-1)?.uid : undefined,
		};
	}

	async sendToChat(chatId: number, message: { text: string; fileUid?: string }) {
		this.sent.push({ chatId, ...message });
		const file = message.fileUid ? this.files.get(message.fileUid) : undefined;
		const created = this.addMessage(chatId, {
			text: message.text,
			fromMe: true,
			senderName: 'Sales line',
			senderPhone: this.accounts[0].phone,
			status: 'Sent',
			timestamp: new Date().toISOString(),
			attachments:
				file && message.fileUid
					? [
							{
								url: `memory://${message.fileUid}`,
								filename: file.filename,
								mimetype: file.mimetype,
							},
						]
					: [],
		});
		return { messageUid: created.uid };
	}

	async sendToPhone(message: {
		phone: string;
		whatsappAccountPhone?: string;
		text: string;
		fileUid?: string;
	}) {
		const chat =
			this.chats.find((known) => known.phone === message.phone) ??
			this.addChat({ name: message.phone, phone: message.phone, isGroup: false });
		return this.sendToChat(chat.id, message);
	}

	async uploadFile(file: MemoryFile) {
		const uid = randomUUID();
		this.files.set(uid, file);
		return { fileUid: uid };
	}

	async listWhatsappAccounts() {
		return this.accounts;
	}

	async listTemplates() {
		return this.templates;
	}

	async downloadFile(url: string, maxBytes: number) {
		const file = this.files.get(url.replace('memory://', ''));
		if (!file) throw new Error('unknown file');
		if (file.data.length > maxBytes) throw new Error('too large');
		return { data: file.data, mimetype: file.mimetype };
	}

	private chat(chatId: number): MemoryChat {
		const chat = this.chats.find((known) => known.id === chatId);
		if (!chat) throw new Error(`no chat ${chatId}`);
		return chat;
	}
}
