import type { IDataObject } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { TimelinesAiTrigger } from '../../../../nodes/TimelinesAiTrigger/TimelinesAiTrigger.node';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { nodeUnderTest, NODE_UNDER_TEST } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';

const SECRET = 'd'.repeat(64);
const BASE_URL = 'https://app.timelines.ai/integrations/api';

function payload(overrides: { isGroup?: boolean; uid?: string; minutesAgo?: number } = {}) {
	return {
		event_type: 'message:new',
		chat: {
			full_name: 'Team chat',
			chat_url: 'https://app.timelines.ai/chat/77/messages/',
			chat_id: 77,
			is_group: overrides.isGroup ?? false,
			phone: '+447700900123',
		},
		whatsapp_account: { full_name: 'Sales', email: 'sales@example.com', phone: '+15559876543' },
		message: {
			text: 'hello',
			direction: 'received',
			timestamp: new Date(Date.now() - (overrides.minutesAgo ?? 0) * 60_000).toISOString(),
			message_uid: overrides.uid ?? 'uid-1',
			sender: { full_name: 'Ana Silva', phone: '+447700900123' },
			recipient: { full_name: 'Sales', phone: '+15559876543' },
		},
	};
}

function triggerNode(options: IDataObject) {
	return nodeUnderTest({
		type: packType(new TimelinesAiTrigger()),
		typeVersion: 1.1,
		parameters: { event: 'message:new', options: { batchWindowMs: 0, ...options } },
		credentials: { timelinesAiApi: { id: 'tl', data: { apiToken: 't', baseUrl: BASE_URL } } },
	});
}

async function deliver(body: unknown, options: IDataObject) {
	const trigger = new TimelinesAiTrigger();
	const n8n = new TestN8n();
	n8n.credentials.set('tl', { apiToken: 'dropped-output-token', baseUrl: BASE_URL });
	const workflow = n8n.workflow({
		nodes: [triggerNode(options)],
		staticData: { [`node:${NODE_UNDER_TEST}`]: { webhookId: '1', secret: SECRET } },
	});
	let answered: unknown;
	let status = 0;
	const response = {
		status: (code: number) => {
			status = code;
			return response;
		},
		json: (json: unknown) => {
			answered = json;
			return response;
		},
	};
	const context = n8n.webhookContext(
		workflow,
		NODE_UNDER_TEST,
		{ method: 'POST', query: { secret: SECRET }, body, headers: {} },
		response,
	);
	const result = await trigger.webhook.call(context);
	return { result, answered, status };
}

describe('TimelinesAI Trigger — Output Dropped Deliveries', () => {
	it('n8n reads one output by default and Messages + Dropped with the option on', () => {
		const n8n = new TestN8n();
		const namesWith = (options: IDataObject) => {
			const node = triggerNode(options);
			return NodeHelpers.getNodeOutputs(
				n8n.workflow({ nodes: [node] }),
				node,
				new TimelinesAiTrigger().description,
			).map((output) => (typeof output === 'string' ? output : output.displayName));
		};
		expect(namesWith({})).toEqual(['Messages']);
		expect(namesWith({ outputDropped: true })).toEqual(['Messages', 'Dropped']);
	});

	it('a dropped group chat starts an execution on Dropped with the reason; the sender still gets "ignored"', async () => {
		const { result, answered, status } = await deliver(payload({ isGroup: true, uid: 'g-1' }), {
			outputDropped: true,
		});
		expect(status).toBe(200);
		expect(answered).toEqual({ status: 'ignored', reason: 'group chat' });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData?.[0]).toEqual([]);
		expect(result.workflowData?.[1]).toHaveLength(1);
		expect(result.workflowData?.[1][0].json).toMatchObject({
			message: { uid: 'g-1', chatId: 77, isGroup: true },
			sync: { outcome: 'dropped', reason: 'group chat', creditsSpent: 0 },
		});
	});

	it('a delivery over the max age is dropped with its reason (401 to the sender)', async () => {
		const { result, status } = await deliver(payload({ uid: 'old-1', minutesAgo: 120 }), {
			outputDropped: true,
			maxAgeMinutes: 60,
		});
		expect(status).toBe(401);
		expect(result.workflowData?.[1][0].json).toMatchObject({
			message: { uid: 'old-1' },
			sync: { outcome: 'dropped', reason: 'Delivery too old (replay)' },
		});
	});

	it('off (the default): a dropped delivery starts no execution', async () => {
		const { result, answered } = await deliver(payload({ isGroup: true, uid: 'g-2' }), {});
		expect(answered).toEqual({ status: 'ignored', reason: 'group chat' });
		expect(result.workflowData).toBeUndefined();
	});

	it('an accepted message still leaves on the first output only', async () => {
		const { result } = await deliver(payload({ uid: 'ok-1' }), { outputDropped: true });
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData?.[0][0].json).toMatchObject({ message: { uid: 'ok-1' } });
	});
});
