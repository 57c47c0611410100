import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { tryNormalizeToE164 } from './phone';
import type { TimelinesMessage } from './timelinesEvent';

/** A fresh per-webhook secret, sent back by TimelinesAI in the registered URL's query string. */
export function newWebhookSecret(): string {
	return randomBytes(32).toString('hex');
}

/**
 * Constant-time comparison of the delivered secret with the stored one. Both sides are hashed first so
 * the comparison runs over equal-length buffers whatever the caller sent. A missing stored secret never
 * accepts (no "no secret configured → accept" path).
 */
export function isValidWebhookSecret(stored: unknown, provided: unknown): boolean {
	if (typeof stored !== 'string' || stored.length === 0) return false;
	if (typeof provided !== 'string' || provided.length === 0) return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(stored), digest(provided));
}

/** TimelinesAI retries deliveries for minutes, not days: an older message is a replay. */
export function isStaleDelivery(
	messageTimestamp: string,
	nowMs: number,
	maxAgeMinutes: number,
): boolean {
	const sent = Date.parse(messageTimestamp);
	if (Number.isNaN(sent)) return true;
	return nowMs - sent > maxAgeMinutes * 60_000;
}

/**
 * Remembers message uids accepted recently, per webhook, bounded. TimelinesAI delivers at least once
 * (retry policy UNVERIFIED, docs/api-facts.md, TimelinesAI), so a repeated uid is acknowledged without a new
 * execution — but only while that can lose nothing: the message was written, or its execution is still
 * likely running (within `inFlightMs` of its first acceptance). A repeat of a message whose item failed,
 * or one that arrives later without a known outcome (its execution may have failed), runs again; the note
 * merge by uid keeps a message that did land from being written twice.
 */
export class RecentDeliveries {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly maxEntries = 10_000,
		private readonly ttlMs = 24 * 60 * 60_000,
		private readonly inFlightMs = 2 * 60_000,
	) {}

	/**
	 * True when the delivery should start an execution: the first time a uid is seen, or a repeat that
	 * may not have been written (`outcome` is what this process knows of the earlier one).
	 */
	accept(uid: string, nowMs: number, outcome?: 'written' | 'failed'): boolean {
		const previous = this.seen.get(uid);
		if (previous !== undefined && nowMs - previous < this.ttlMs) {
			if (outcome === 'written') return false;
			if (outcome === undefined && nowMs - previous < this.inFlightMs) return false;
		}
		this.seen.delete(uid);
		this.seen.set(uid, nowMs);
		while (this.seen.size > this.maxEntries) {
			const oldest = this.seen.keys().next().value as string;
			this.seen.delete(oldest);
		}
		return true;
	}
}

/** The trigger's filters, as plain settings. */
export interface DeliveryFilter {
	maxAgeMinutes: number;
	includeGroupChats: boolean;
	includeOutgoing: boolean;
	/** E.164 numbers of the WhatsApp accounts to keep; empty: all. */
	whatsappAccounts: string[];
}

/**
 * The message filters both triggers offer (options Include Group Chats, Include Outgoing Messages, Restrict
 * to WhatsApp Accounts), read from the node's options as n8n hands them over.
 */
export function messageFilterOf(options: {
	includeGroupChats?: unknown;
	includeOutgoing?: unknown;
	whatsappAccounts?: unknown;
}): Omit<DeliveryFilter, 'maxAgeMinutes'> {
	return {
		includeGroupChats: options.includeGroupChats === true,
		includeOutgoing: options.includeOutgoing !== false,
		whatsappAccounts: (typeof options.whatsappAccounts === 'string' ? options.whatsappAccounts : '')
			.split(',')
			.map((phone) => phone.trim())
			.filter(Boolean)
			// A number that is not one still restricts (to nothing), as the user asked for a restriction.
			.map((phone) => tryNormalizeToE164(phone) ?? `not a number: ${phone}`),
	};
}

/** What the trigger answers a delivery: start (or join) an execution, or why not. */
export type DeliveryDecision =
	| { accept: true }
	/** 401: refused as a replay (TimelinesAI may retry; nothing is lost that is not already stale). 200: acknowledged and dropped. */
	| { accept: false; status: 200 | 401; reason: string };

/** The trigger's delivery policy for one parsed message (repeated uids are checked apart, with state). */
export function deliveryDecision(
	message: Pick<TimelinesMessage, 'timestamp' | 'isGroup' | 'direction'> & {
		accountPhoneE164?: string;
	},
	filter: DeliveryFilter,
	nowMs: number,
): DeliveryDecision {
	if (isStaleDelivery(message.timestamp, nowMs, filter.maxAgeMinutes))
		return { accept: false, status: 401, reason: 'Delivery too old (replay)' };
	if (message.isGroup && !filter.includeGroupChats)
		return { accept: false, status: 200, reason: 'group chat' };
	if (message.direction === 'sent' && !filter.includeOutgoing)
		return { accept: false, status: 200, reason: 'outgoing message' };
	if (
		filter.whatsappAccounts.length > 0 &&
		(!message.accountPhoneE164 || !filter.whatsappAccounts.includes(message.accountPhoneE164))
	) {
		return { accept: false, status: 200, reason: 'WhatsApp account not selected' };
	}
	return { accept: true };
}
