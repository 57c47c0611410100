/**
 * What became of recently delivered messages in this n8n process: written to their note, or failed.
 * - The TimelinesAI Trigger reads it so that a redelivery of a message whose item failed (or whose execution
 *   failed) starts a new execution instead of being answered "repeated delivery" (the note merge by uid
 *   keeps a message that did land from being written twice).
 * - The TimelinesAI Catch-up Trigger reads the chats of messages whose last outcome is a failure, and reads
 *   them again on every pass until their messages land (a Zoho outage longer than its re-reads).
 * Per process: in queue mode the triggers (main) do not see what the workers recorded; repeats past the
 * trigger's in-flight window run again, and the catch-up falls back to its fixed re-reads.
 */
export type MessageOutcome = 'written' | 'failed';

interface Entry {
	outcome: MessageOutcome;
	chatId: string;
	/** A failure that may pass on its own (Zoho down, rate limits, timeouts), worth trying again. */
	transient: boolean;
	atMs: number;
}

export interface OutcomeDetails {
	chatId?: string | number;
	/** For a failure: whether trying again later may succeed (default true). */
	transient?: boolean;
	nowMs?: number;
}

const MAX_ENTRIES = 20_000;
const outcomes = new Map<string, Entry>();

export function recordMessageOutcome(
	uid: string,
	outcome: MessageOutcome,
	details: OutcomeDetails = {},
): void {
	if (!uid) return;
	const known = outcomes.get(uid);
	outcomes.delete(uid);
	// A node that does not know the chat keeps what an earlier node of the same message said.
	const { chatId } = details;
	const chat = chatId === undefined || chatId === '' ? (known?.chatId ?? '') : String(chatId);
	outcomes.set(uid, {
		outcome,
		chatId: chat,
		transient: outcome === 'failed' && details.transient !== false,
		atMs: details.nowMs ?? Date.now(),
	});
	while (outcomes.size > MAX_ENTRIES) outcomes.delete(outcomes.keys().next().value as string);
}

export function messageOutcome(uid: string): MessageOutcome | undefined {
	return outcomes.get(uid)?.outcome;
}

/**
 * The chats with a message whose last outcome, at or after `sinceMs`, is a transient failure (a failure
 * that lasts, e.g. a value Zoho refuses, is not tried again every pass: a redelivery or a new message is).
 */
export function chatsWithFailedMessages(sinceMs: number): Set<string> {
	const chats = new Set<string>();
	for (const { outcome, transient, chatId, atMs } of outcomes.values())
		if (outcome === 'failed' && transient && chatId && atMs >= sinceMs) chats.add(chatId);
	return chats;
}
