import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TimelinesMessage } from '../shared/domain/timelinesEvent';

/**
 * The trigger's outputs: Messages, and Dropped when the Output Dropped Deliveries option is on.
 * Self-contained: n8n evaluates this function's source as the node's `outputs` expression (as its own
 * Webhook node does).
 */
export const triggerOutputs = (parameters: {
	options?: { outputDropped?: boolean };
}): Array<{ type: 'main'; displayName: string }> =>
	(parameters.options?.outputDropped === true ? ['Messages', 'Dropped'] : ['Messages']).map(
		(displayName) => ({ type: 'main', displayName }),
	);

/**
 * A message the trigger drops (group chat, direction or account filtered out, too old) as an item of the
 * Dropped output: the message and a `sync` an item of the pack's nodes would carry, outcome "dropped" with
 * the reason, so the sync log writes it with the same mapping as a synced message. Repeated deliveries
 * are not output: the first delivery's row already says what became of the message.
 */
export function droppedItem(message: TimelinesMessage, reason: string): INodeExecutionData {
	return {
		json: {
			event: message.eventType,
			message: message as unknown as IDataObject,
			sync: { outcome: 'dropped', rule: 'dropped', reason, creditsSpent: 0 },
		},
	};
}

/** The option (in Options) that adds the Dropped output. */
export const OUTPUT_DROPPED_OPTION = {
	displayName: 'Output Dropped Deliveries',
	name: 'outputDropped',
	type: 'boolean' as const,
	default: false,
	description:
		'Whether messages the trigger drops (group chats, outgoing or other accounts when filtered out, deliveries over the max age) leave on a second output, Dropped, with the reason in sync.reason; each starts an execution. Repeated deliveries are never output.',
};
