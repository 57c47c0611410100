// Which webhook events a change fires, with which body (webhook spec 2.0.0), to which registered webhooks.
import type { StoredChat, StoredMessage, WhatsappAccount } from './timelinesTypes';
import type { ViewContext } from './timelinesViews';
import { accountPayload, chatPayload, messagePayload, reactionPayload } from './webhookPayloads';
import type { PreviousResponsible } from './webhookPayloads';
import type { DeliveryRecord } from './timelinesTypes';
import type { DeliveryTarget, WebhookDispatcher } from './webhookDispatcher';
import type { AccountEvent } from './webhookEvents';

/** A message whose webhook deliveries the dropDeliveryRate fault swallowed. */
export interface DroppedDelivery {
	message_uid: string;
	chat_id: number;
	events: string[];
	time: string;
}

const DROPPED_LOG_LIMIT = 1000;

export class EventPublisher {
	private readonly droppedLog: DroppedDelivery[] = [];

	constructor(
		private readonly ctx: ViewContext,
		private readonly dispatcher: WebhookDispatcher,
	) {}

	private targets(
		event: string,
		payload: unknown,
		ids: { messageUid?: string; chatId?: number },
	): DeliveryTarget[] {
		return this.ctx.state
			.liveWebhooks()
			.filter((w) => w.enabled && w.event_type === event)
			.map((webhook) => ({
				webhook,
				event,
				payload,
				messageUid: ids.messageUid,
				chatId: ids.chatId,
			}));
	}

	/**
	 * A new chat fires chat:new (groups too) and, for direct chats, chat:incoming:new or chat:outgoing:new
	 * ("direct chats only", webhook reference); then the message fires message:{received,sent}:new and
	 * message:new. Resolves with the first attempts' records.
	 */
	message(
		chat: StoredChat,
		message: StoredMessage,
		chatCreated: boolean,
		messageEventsOnly = false,
	): Promise<DeliveryRecord[]> {
		const events: DeliveryTarget[] = [];
		if (chatCreated && !messageEventsOnly) {
			const chatEvents = chat.is_group
				? ['chat:new']
				: ['chat:new', message.from_me ? 'chat:outgoing:new' : 'chat:incoming:new'];
			for (const event of chatEvents)
				events.push(
					...this.targets(event, chatPayload(this.ctx, event, chat), { chatId: chat.id }),
				);
		}
		const messageEvents = [`message:${message.from_me ? 'sent' : 'received'}:new`, 'message:new'];
		if (Math.random() < this.ctx.state.faults.dropDeliveryRate) {
			// Stored and listed by the API, but its deliveries never go out (chat events still do).
			this.droppedLog.push({
				message_uid: message.uid,
				chat_id: chat.id,
				events: messageEvents,
				time: new Date().toISOString(),
			});
			if (this.droppedLog.length > DROPPED_LOG_LIMIT) this.droppedLog.shift();
			return this.dispatcher.deliver(events);
		}
		for (const event of messageEvents) {
			events.push(
				...this.targets(event, messagePayload(this.ctx, event, chat, message), {
					messageUid: message.uid,
					chatId: chat.id,
				}),
			);
		}
		return this.dispatcher.deliver(events);
	}

	/** The messages whose deliveries were dropped (dropDeliveryRate), oldest first. */
	dropped(): DroppedDelivery[] {
		return [...this.droppedLog];
	}

	/** Forgets the dropped-deliveries log (reset). */
	clearDropped(): void {
		this.droppedLog.length = 0;
	}

	/** chat:responsible:assigned (also on a change of responsible) / chat:responsible:unassigned */
	responsibleChanged(chat: StoredChat, previous: string | null): Promise<DeliveryRecord[]> {
		const event = chat.responsible ? 'chat:responsible:assigned' : 'chat:responsible:unassigned';
		const before: PreviousResponsible | undefined = previous
			? { email: previous, name: this.ctx.state.teammate(previous)?.full_name ?? '' }
			: undefined;
		return this.dispatcher.deliver(
			this.targets(event, chatPayload(this.ctx, event, chat, before), { chatId: chat.id }),
		);
	}

	account(event: AccountEvent, account: WhatsappAccount): Promise<DeliveryRecord[]> {
		return this.dispatcher.deliver(this.targets(event, accountPayload(event, account), {}));
	}

	reaction(
		chat: StoredChat,
		message: StoredMessage,
		reaction: Parameters<typeof reactionPayload>[3],
	): Promise<DeliveryRecord[]> {
		return this.dispatcher.deliver(
			this.targets('message:reaction', reactionPayload(this.ctx, chat, message, reaction), {
				messageUid: message.uid,
				chatId: chat.id,
			}),
		);
	}
}
