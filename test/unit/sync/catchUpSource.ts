/** An in-memory TimelinesAI history (the source catch-up reads), counting requests like the API would. */
import type {
	HistoryAccount,
	HistoryChat,
	HistoryMessage,
	TimelinesHistorySource,
} from '../../../nodes/shared/transport/timelinesai/history';

export const PAGE = 50;

export class InMemoryHistory implements TimelinesHistorySource {
	readonly calls: string[] = [];
	readonly chats: HistoryChat[] = [];
	readonly messages = new Map<number, HistoryMessage[]>();
	accountList: HistoryAccount[] = [
		{
			id: 'acc-1',
			phone: '+447700900001',
			ownerName: 'Olivia Owner',
			ownerEmail: 'olivia@example.com',
		},
	];

	/** Adds a message (timestamp in ms) to a chat, creating the chat; updates its last message. */
	add(
		chatId: number,
		uid: string,
		at: number,
		extra: Partial<HistoryMessage> = {},
		chat: Partial<HistoryChat> = {},
	): void {
		let stored = this.chats.find((candidate) => candidate.id === chatId);
		if (!stored) {
			stored = {
				id: chatId,
				name: `Contact ${chatId}`,
				phone: `+44770090${String(1000 + chatId)}`,
				isGroup: false,
				chatUrl: `https://app.example/chat/${chatId}`,
				whatsappAccountId: 'acc-1',
				...chat,
			};
			this.chats.push(stored);
		}
		const message: HistoryMessage = {
			uid,
			chatId,
			timestamp: new Date(at).toISOString(),
			fromMe: false,
			senderName: stored.name,
			senderPhone: stored.phone,
			text: `text of ${uid}`,
			attachments: [],
			messageType: 'whatsapp',
			recipientName: 'Olivia Owner',
			recipientPhone: '+447700900001',
			raw: { uid },
			...extra,
		};
		const list = this.messages.get(chatId) ?? [];
		list.push(message);
		list.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
		this.messages.set(chatId, list);
		const last = list[list.length - 1];
		stored.lastMessageUid = last.uid;
		stored.lastMessageTimestamp = last.timestamp;
	}

	async chatsPage(page: number) {
		this.calls.push(`chats ${page}`);
		const ordered = [...this.chats].sort(
			(a, b) =>
				Date.parse(b.lastMessageTimestamp ?? '1970-01-01') -
				Date.parse(a.lastMessageTimestamp ?? '1970-01-01'),
		);
		return {
			items: ordered.slice((page - 1) * PAGE, page * PAGE),
			hasMore: ordered.length > page * PAGE,
		};
	}

	async messagesPage(chatId: number, after: string, beforeUid?: string) {
		this.calls.push(`messages ${chatId}${beforeUid ? ` before ${beforeUid}` : ''}`);
		let list = [...(this.messages.get(chatId) ?? [])]
			.filter((message) => Date.parse(message.timestamp) >= Date.parse(after))
			.reverse();
		if (beforeUid) list = list.slice(list.findIndex((message) => message.uid === beforeUid) + 1);
		return { items: list.slice(0, PAGE), hasMore: list.length > PAGE };
	}

	async accounts() {
		this.calls.push('accounts');
		return this.accountList;
	}
}
