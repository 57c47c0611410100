// Traffic that "happens" on WhatsApp, for tests and demos (/__control/timelines/*): a contact writes, the
// agent writes from the phone app, a contact reacts, an account disconnects. Stored, then webhooks go out.
import { randomUUID } from 'node:crypto';

import { parseTimelinesTime } from './timelinesTime';
import { badRequest, notFound } from './timelinesApiError';
import type { TimelinesSandbox } from './timelinesSandbox';
import type { DeliveryRecord, StoredChat, StoredMessage, WhatsappAccount } from './timelinesTypes';
import type { AccountEvent } from './webhookEvents';
import { SYNCED_ORIGIN, attachmentFile, burstPhone, isE164 } from './simulatorInput';
import type {
	BurstInput,
	BurstResult,
	SimulateMessageInput,
	SimulatedMessage,
} from './simulatorInput';

export type {
	BurstInput,
	BurstResult,
	SimulateAttachment,
	SimulateMessageInput,
	SimulatedMessage,
} from './simulatorInput';
export { isE164 } from './simulatorInput';

/** Participants who joined a group (`group_members` of a simulated message), each phone once. */
function addGroupMembers(chat: StoredChat, members: unknown): void {
	if (!chat.is_group) throw badRequest('group_members is only for group chats (is_group: true)');
	if (!Array.isArray(members)) throw badRequest('group_members must be a list');
	for (const [index, entry] of members.entries()) {
		const member = (typeof entry === 'object' && entry !== null ? entry : {}) as {
			name?: unknown;
			phone?: unknown;
		};
		if (!isE164(member.phone)) throw badRequest(`group_members[${index}].phone must be E.164`);
		const phone = member.phone;
		if ((chat.members ?? []).some((m) => m.phone === phone)) continue;
		const name = typeof member.name === 'string' && member.name.trim() ? member.name.trim() : phone;
		chat.members = [...(chat.members ?? []), { name, phone, role: 'member' }];
	}
}

export class WhatsappSimulator {
	constructor(private readonly sb: TimelinesSandbox) {}

	/** Stores a simulated WhatsApp message (no webhooks). */
	ingest(input: SimulateMessageInput): {
		chat: StoredChat;
		message: StoredMessage;
		created: boolean;
	} {
		const { state } = this.sb;
		const direction = input.direction ?? 'received';
		if (direction !== 'received' && direction !== 'sent')
			throw badRequest('direction must be "received" or "sent"');
		const text = input.text ?? '';
		if (typeof text !== 'string') throw badRequest('text must be a string');
		const attachments = input.attachments ?? [];
		if (!Array.isArray(attachments)) throw badRequest('attachments must be a list');
		if (text === '' && attachments.length === 0) throw badRequest('text or attachments required');
		const name =
			typeof input.name === 'string' && input.name.trim() ? input.name.trim() : undefined;

		let chat: StoredChat;
		let created = false;
		let account: WhatsappAccount;
		if (input.chat_id !== undefined) {
			const found = state.chats.get(Number(input.chat_id));
			if (!found) throw notFound(`Chat ${String(input.chat_id)} not found`);
			chat = found;
			const owner = state.account(chat.whatsapp_account_id);
			if (!owner) throw badRequest('The chat’s WhatsApp account no longer exists');
			account = owner;
		} else {
			account = this.sb.resolveAccount(input.whatsapp_account_phone);
			if (input.is_group === true) {
				({ chat, created } = this.sb.groupFor(
					account,
					typeof input.group_name === 'string' && input.group_name.trim()
						? input.group_name.trim()
						: 'Sandbox group',
				));
			} else {
				if (!isE164(input.phone)) throw badRequest('phone must be E.164, e.g. +447700900123');
				({ chat, created } = this.sb.chatFor(account, input.phone, name));
			}
		}
		if (input.group_members !== undefined) addGroupMembers(chat, input.group_members);
		// A participant of a group, or the 1:1 contact.
		const contactPhone = chat.is_group ? input.phone : chat.phone;
		if (chat.is_group && direction === 'received' && !isE164(contactPhone))
			throw badRequest('phone (the participant who writes) must be E.164');
		const contact = {
			name: chat.is_group ? (name ?? contactPhone ?? '') : chat.name,
			phone: contactPhone ?? '',
		};
		if (
			chat.is_group &&
			contactPhone &&
			!(chat.members ?? []).some((m) => m.phone === contactPhone)
		)
			chat.members = [
				...(chat.members ?? []),
				{ name: contact.name, phone: contactPhone, role: 'member' },
			];
		if (!chat.is_group && name && chat.name === chat.phone) chat.name = name;
		// UNVERIFIED whether group members' phones are sent (behaviour switch groupSenderPhone).
		if (chat.is_group && !state.behaviour.groupSenderPhone) contact.phone = '';

		if (
			input.responsible_email !== undefined &&
			input.responsible_email !== null &&
			input.responsible_email !== ''
		) {
			const teammate =
				typeof input.responsible_email === 'string'
					? state.teammate(input.responsible_email)
					: undefined;
			if (!teammate)
				throw badRequest(`responsible_email ${String(input.responsible_email)} is not a teammate`);
			this.sb.assign(chat, teammate.email, !created);
		}
		let time = Date.now();
		if (input.timestamp !== undefined) {
			time = typeof input.timestamp === 'string' ? parseTimelinesTime(input.timestamp) : NaN;
			if (Number.isNaN(time))
				throw badRequest('timestamp must be ISO 8601 or "YYYY-MM-DD HH:MM:SS +0000"');
		}
		if (
			input.reply_to_uid !== undefined &&
			state.messages.get(input.reply_to_uid)?.chat_id !== chat.id
		) {
			throw badRequest(`reply_to_uid ${String(input.reply_to_uid)} is not a message of this chat`);
		}
		const files = attachments.map((a, index) => attachmentFile(a, index, time));

		const fromMe = direction === 'sent';
		const groupParty = { name: chat.name, phone: '' };
		const agent = { name: account.owner_name, phone: account.phone };
		const sender = fromMe ? agent : contact;
		const recipient = fromMe
			? chat.is_group
				? groupParty
				: contact
			: chat.is_group
				? groupParty
				: agent;
		chat.read = fromMe;
		for (const file of files) state.files.set(file.uid, file);
		const message = state.addMessage({
			uid: randomUUID(),
			chat_id: chat.id,
			time,
			received: Math.max(time, Date.now()),
			message_type: 'whatsapp',
			from_me: fromMe,
			sender_phone: sender.phone,
			sender_name: sender.name,
			recipient_phone: recipient.phone,
			recipient_name: recipient.name,
			// Incoming messages: "Delivered" (UNVERIFIED what the API reports for them).
			status: fromMe ? 'Sent' : 'Delivered',
			status_history: [{ status: fromMe ? 'Sent' : 'Delivered', time }],
			origin: typeof input.origin === 'string' && input.origin ? input.origin : SYNCED_ORIGIN,
			text,
			file_uids: files.map((f) => f.uid),
			reply_to_uid: input.reply_to_uid,
			// Not created by a member: typed on the phone, or inbound (spec: "").
			created_by: '',
		});
		return { chat, message, created };
	}

	/** Simulates one WhatsApp message; resolves after the first delivery attempts. */
	async simulateMessage(input: SimulateMessageInput): Promise<SimulatedMessage> {
		const { chat, message, created } = this.ingest(input);
		const deliveries =
			input.deliver === false ? [] : await this.sb.events.message(chat, message, created);
		return { message_uid: message.uid, chat_id: chat.id, chat_created: created, deliveries };
	}

	/** Delivers a message's events again, as a TimelinesAI retry would (same message_uid). */
	async redeliver(messageUid: string): Promise<DeliveryRecord[]> {
		const message = this.sb.state.messages.get(messageUid);
		const chat = message ? this.sb.state.chats.get(message.chat_id) : undefined;
		if (!message || !chat) throw notFound(`Message ${messageUid} not found`);
		return await this.sb.events.message(chat, message, false, true);
	}

	/** The contact (or a group member) reacts to a message: message:reaction. Empty emoji = clear. */
	async react(input: {
		message_uid?: unknown;
		emoji?: unknown;
		phone?: unknown;
		name?: unknown;
	}): Promise<DeliveryRecord[]> {
		const message =
			typeof input.message_uid === 'string'
				? this.sb.state.messages.get(input.message_uid)
				: undefined;
		const chat = message ? this.sb.state.chats.get(message.chat_id) : undefined;
		if (!message || !chat) throw notFound('Message not found');
		const phone = typeof input.phone === 'string' ? input.phone : chat.phone;
		const name = typeof input.name === 'string' ? input.name : chat.name;
		const emoji = typeof input.emoji === 'string' ? input.emoji : '';
		return await this.sb.outgoing.react(chat, message, { emoji, name, phone, current: false });
	}

	/** connected | disconnected | suspended | resumed: the account's status changes, whatsapp:account:* fires. */
	async accountEvent(phone: unknown, event: AccountEvent): Promise<DeliveryRecord[]> {
		const account = typeof phone === 'string' ? this.sb.state.accountByPhone(phone) : undefined;
		if (!account) throw notFound(`WhatsApp account ${String(phone)} not found`);
		const now = Date.now();
		if (event === 'whatsapp:account:connected' || event === 'whatsapp:account:resumed') {
			account.status = 'active';
			if (event === 'whatsapp:account:connected') account.connected = now;
		} else {
			// "suspended, banned or paused are all reported as disconnected" (WhatsappAccountItem.status)
			account.status = 'disconnected';
			account.disconnected = now;
		}
		return await this.sb.events.account(event, account);
	}

	/** Many simulated incoming messages at once (load and de-duplication tests). */
	async burst(input: BurstInput): Promise<BurstResult> {
		const started = Date.now();
		const count = Number(input.count);
		if (!Number.isSafeInteger(count) || count < 1 || count > 10_000)
			throw badRequest('count must be 1..10000');
		const phones =
			input.phones ??
			Array.from(
				{ length: Math.max(1, Math.min(Number(input.contacts ?? count) || count, 10_000)) },
				(_, i) => burstPhone(i),
			);
		if (!Array.isArray(phones) || phones.length === 0 || !phones.every(isE164))
			throw badRequest('phones must be E.164 numbers');
		const concurrency = Math.max(1, Math.min(Number(input.concurrency ?? 10) || 10, 100));
		const duplicate = Math.max(1, Math.min(Number(input.duplicate ?? 1) || 1, 20));
		const uids: string[] = [];
		const chatIds = new Set<number>();
		const summary = { attempts: 0, ok: 0, failed: 0 };
		// Ingest synchronously in order (chat creation is not raced), deliver with bounded concurrency.
		const jobs = Array.from({ length: count }, (_, i) => {
			const phone = phones[i % phones.length];
			const { chat, message, created } = this.ingest({
				phone,
				name: input.phones ? undefined : `Burst Contact ${(i % phones.length) + 1}`,
				text: input.text ?? `Burst message ${i + 1}`,
				direction: input.direction,
				whatsapp_account_phone: input.whatsapp_account_phone,
			});
			uids.push(message.uid);
			chatIds.add(chat.id);
			return () =>
				Promise.all(
					Array.from({ length: duplicate }, () => this.sb.events.message(chat, message, created)),
				);
		});
		let next = 0;
		const worker = async (): Promise<void> => {
			while (next < jobs.length) {
				const job = jobs[next++];
				for (const records of await job()) {
					for (const record of records) {
						summary.attempts += 1;
						if (record.ok) summary.ok += 1;
						else summary.failed += 1;
					}
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
		return {
			message_uids: uids,
			chat_ids: [...chatIds],
			deliveries: summary,
			duration_ms: Date.now() - started,
		};
	}
}
