// What the Zoho nodes' item loop tells the triggers about a failed item: the message failed (its
// redelivery is let through), and, for a failure that may pass on its own, its chat is read again by
// every catch-up pass until it lands.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ZohoCrmMatchOrCreate } from '../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import {
	chatsWithFailedMessages,
	messageOutcome,
	recordMessageOutcome,
} from '../../../nodes/shared/coordination/messageOutcomes';
import { runZohoItems } from '../../../nodes/shared/n8n/zohoItemLoop';
import { packType } from '../../nodeHarness/packNodeTypes';
import { executeContextOf } from '../../nodeHarness/runNode';

const item = (uid: string, chatId: number) => ({ json: { message: { uid, chatId } } });

it('records each failed item with its chat; only passing failures make the catch-up read the chat again', async () => {
	const started = Date.now();
	const context = executeContextOf({
		type: packType(new ZohoCrmMatchOrCreate()),
		parameters: {},
		continueOnFail: true,
		credentials: { zohoCrmOrgOAuth2Api: { id: 'loop-outcomes', name: 'Zoho', data: {} } },
		items: [
			item('loop-down', 701),
			item('loop-refused', 702),
			item('loop-fine', 703),
			item('loop-bad-input', 704),
		],
	});
	const node = context.getNode();
	const outputs = await runZohoItems(context, {
		outputCount: 2,
		errorOutput: 1,
		prepare: async (index) => {
			if (index === 3) throw new NodeOperationError(node, 'message.timestamp is missing');
			return index;
		},
		run: async (batch) =>
			batch.map(({ work }) =>
				work === 0
					? new NodeApiError(node, { message: 'Internal error' }, { httpCode: '500' })
					: work === 1
						? new NodeApiError(node, { message: 'invalid data' }, { httpCode: '400' })
						: { output: 0, set: {} },
			),
	});
	expect(outputs[0]).toHaveLength(1);
	expect(outputs[1]).toHaveLength(3);
	for (const uid of ['loop-down', 'loop-refused', 'loop-bad-input'])
		expect(messageOutcome(uid)).toBe('failed');
	expect(messageOutcome('loop-fine')).toBeUndefined();
	const retried = chatsWithFailedMessages(started);
	expect(retried.has('701')).toBe(true);
	// Zoho refused the value, or the item's input is wrong: trying every pass changes nothing.
	expect(retried.has('702')).toBe(false);
	expect(retried.has('704')).toBe(false);

	// Written later (a catch-up run once Zoho is back): the chat is no longer read for it.
	recordMessageOutcome('loop-down', 'written');
	expect(chatsWithFailedMessages(started).has('701')).toBe(false);
	// Only failures inside the look-back count.
	recordMessageOutcome('loop-old', 'failed', { chatId: 705, nowMs: started - 3_600_001 });
	expect(chatsWithFailedMessages(started - 3_600_000).has('705')).toBe(false);
});
