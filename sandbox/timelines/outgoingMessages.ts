// What the API's caller writes into chats: messages (with the messaging quota), notes, reactions.
import { randomUUID } from 'node:crypto';

import { TimelinesApiError, badRequest } from './timelinesApiError';
import type { TimelinesSandbox } from './timelinesSandbox';
import type { DeliveryRecord, StoredChat, StoredMessage } from './timelinesTypes';

export class OutgoingMessages {
	constructor(private readonly sb: TimelinesSandbox) {}

	/** Takes `credits` message credits or refuses with quota_exceeded (403 or 429, behaviour switch). */
	charge(credits: number): void {
		if (this.sb.state.usage.messages + credits > this.sb.messageQuota)
			throw new TimelinesApiError(
				this.sb.state.behaviour.quotaExceededStatus,
				'Message sending quota exceeded',
				'quota_exceeded',
			);
		this.sb.state.usage.messages += credits;
	}

	/**
	 * An outgoing message sent through the public API (origin "Public API", status Sent). Webhooks go out in
	 * the background; the API answers at once, like the real service (which sends asynchronously).
	 */
	send(
		chat: StoredChat,
		created: boolean,
		input: { text: string; fileUid?: string; replyTo?: string },
	): StoredMessage {
		const account = this.sb.state.account(chat.whatsapp_account_id);
		if (!account || account.status !== 'active')
			throw badRequest('The chat’s WhatsApp account is not connected');
		const file = input.fileUid ? this.sb.state.files.get(input.fileUid) : undefined;
		if (input.fileUid && !file) throw badRequest(`File ${input.fileUid} not found`);
		// "Sending a message with non-empty text and attachment consumes 2 credits" (spec info).
		this.charge(input.text && file ? 2 : 1);
		const now = Date.now();
		chat.read = true;
		const message = this.sb.state.addMessage({
			uid: randomUUID(),
			chat_id: chat.id,
			time: now,
			received: now,
			message_type: 'whatsapp',
			from_me: true,
			sender_phone: account.phone,
			sender_name: account.owner_name,
			recipient_phone: chat.phone,
			recipient_name: chat.name,
			status: 'Sent',
			status_history: [{ status: 'Sent', time: now }],
			origin: 'Public API',
			text: input.text,
			file_uids: file ? [file.uid] : [],
			reply_to_uid: input.replyTo,
			created_by: this.sb.tokenOwner().full_name,
		});
		void this.sb.events.message(chat, message, created);
		return message;
	}

	/** POST /chats/{id}/notes: a note in the chat (message_type "note"); no WhatsApp message, no webhook. */
	note(chat: StoredChat, text: string): StoredMessage {
		const now = Date.now();
		const owner = this.sb.tokenOwner();
		return this.sb.state.addMessage({
			uid: randomUUID(),
			chat_id: chat.id,
			time: now,
			received: now,
			message_type: 'note',
			from_me: true,
			sender_phone: '',
			sender_name: owner.full_name,
			recipient_phone: '',
			recipient_name: '',
			status: 'Sent',
			status_history: [{ status: 'Sent', time: now }],
			origin: 'Public API',
			text,
			file_uids: [],
			created_by: owner.full_name,
		});
	}

	/** Sets (or with "" clears) one reactor's reaction; fires message:reaction. */
	react(
		chat: StoredChat,
		message: StoredMessage,
		reaction: { emoji: string; name: string; phone: string; current: boolean },
	): Promise<DeliveryRecord[]> {
		const others = (message.reactions ?? []).filter(
			(r) => r.phone !== reaction.phone || r.current !== reaction.current,
		);
		const previous = (message.reactions ?? []).find((r) => !others.includes(r));
		message.reactions = reaction.emoji ? [...others, reaction] : others;
		const emoji = reaction.emoji || previous?.emoji || '';
		return this.sb.events.reaction(chat, message, {
			action: reaction.emoji ? 'set' : 'clear',
			emoji,
			name: reaction.name,
			phone: reaction.phone,
			time: Date.now(),
		});
	}
}
