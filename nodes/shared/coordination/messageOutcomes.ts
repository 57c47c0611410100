/**
 * What became of recently delivered messages in this n8n process: written to their note, or failed. The
 * TimelinesAI Trigger reads it so that a redelivery of a message whose item failed (or whose execution
 * failed) starts a new execution instead of being answered "repeated delivery" (the note merge by uid
 * keeps a message that did land from being written twice). Per process: in queue mode the trigger (main)
 * does not see what the workers recorded, and repeats past the trigger's in-flight window run again.
 */
export type MessageOutcome = 'written' | 'failed';

const MAX_ENTRIES = 20_000;
const outcomes = new Map<string, MessageOutcome>();

export function recordMessageOutcome(uid: string, outcome: MessageOutcome): void {
	if (!uid) return;
	outcomes.delete(uid);
	outcomes.set(uid, outcome);
	while (outcomes.size > MAX_ENTRIES) outcomes.delete(outcomes.keys().next().value as string);
}

export function messageOutcome(uid: string): MessageOutcome | undefined {
	return outcomes.get(uid);
}
