import type { IDataObject } from 'n8n-workflow';

import { TimelinesAiTrigger } from '../../../../nodes/TimelinesAiTrigger/TimelinesAiTrigger.node';
import { WEBHOOK_EVENT_TYPES } from '../../../../nodes/shared/transport/timelinesai/webhookEventTypes';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { nodeUnderTest, NODE_UNDER_TEST } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';

const SECRET = 'a'.repeat(64);
const account = {
	id: '447700900001@s.whatsapp.net',
	phone: '+447700900001',
	connected_on: '2026-11-01 10:00:00 +0000',
	status: 'active',
	account_name: 'Sales',
	owner_name: 'Sam',
	owner_email: 'sam@example.com',
};
const chatAssigned = {
	event_type: 'chat:responsible:assigned',
	chat: {
		id: 42,
		name: 'Ann',
		phone: '+447700900123',
		is_group: false,
		whatsapp_account_id: account.id,
		chat_url: 'https://app.timelines.ai/chat/42/',
		responsible_email: 'sam@example.com',
		previous_responsible_email: null,
		labels: ['vip'],
	},
	whatsapp_account: account,
};

/** One delivery to the trigger's webhook(), as n8n's webhook server hands it over. */
async function deliver(event: string, body: unknown) {
	const trigger = new TimelinesAiTrigger();
	const n8n = new TestN8n();
	const workflow = n8n.workflow({
		nodes: [nodeUnderTest({ type: packType(trigger), typeVersion: 1.1, parameters: { event } })],
		staticData: { [`node:${NODE_UNDER_TEST}`]: { webhookId: '1', secret: SECRET } },
	});
	let answer: { status: number; body: unknown } | undefined;
	let status = 200;
	const response = {
		status(code: number) {
			status = code;
			return response;
		},
		json(json: unknown) {
			answer = { status, body: json };
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
	return { emitted: result.workflowData, answer };
}

describe('TimelinesAI Trigger — chat and WhatsApp account events', () => {
	it("offers every chat and account event of TimelinesAI's current enum, and no other value", () => {
		const event = new TimelinesAiTrigger().description.properties.find((p) => p.name === 'event');
		const values = (event?.options ?? []).map((option) => (option as { value: string }).value);
		for (const value of values) expect(WEBHOOK_EVENT_TYPES).toContain(value);
		expect(values.sort()).toEqual(
			[
				'chat:new',
				'chat:incoming:new',
				'chat:outgoing:new',
				'chat:responsible:assigned',
				'chat:responsible:unassigned',
				'message:new',
				'message:received:new',
				'message:sent:new',
				'whatsapp:account:connected',
				'whatsapp:account:disconnected',
				'whatsapp:account:resumed',
				'whatsapp:account:suspended',
			].sort(),
		);
	});

	it('emits a chat event payload as TimelinesAI sent it, every field kept', async () => {
		const { emitted } = await deliver('chat:responsible:assigned', chatAssigned);
		expect(emitted).toEqual([[{ json: chatAssigned }]]);
	});

	it('emits an account event, which has no chat', async () => {
		const body = {
			event_type: 'whatsapp:account:disconnected',
			whatsapp_account: { ...account, status: 'disconnected', disconnected_on: '2026-11-30' },
		};
		const { emitted } = await deliver('whatsapp:account:disconnected', body);
		expect(emitted).toEqual([[{ json: body }]]);
	});

	it.each([
		['a chat event without chat.id', { ...chatAssigned, chat: { name: 'Ann' } }, /chat\.id/],
		[
			'a chat event with no account',
			{ ...chatAssigned, whatsapp_account: null },
			/whatsapp_account/,
		],
		['a stale event name', { ...chatAssigned, event_type: 'chat:assigned' }, /event_type/],
	])('refuses %s with a 400 naming the field, starting nothing', async (_case, body, field) => {
		const { emitted, answer } = await deliver('chat:responsible:assigned', body);
		expect(emitted).toBeUndefined();
		expect(answer?.status).toBe(400);
		expect((answer?.body as IDataObject).message).toMatch(field);
	});

	it('ignores a valid event of another type (a webhook registered elsewhere), starting nothing', async () => {
		const { emitted, answer } = await deliver('chat:new', chatAssigned);
		expect(emitted).toBeUndefined();
		expect(answer).toEqual({
			status: 200,
			body: { status: 'ignored', reason: 'not a chat:new event' },
		});
	});

	it('refuses a delivery without the secret before reading it', async () => {
		const trigger = new TimelinesAiTrigger();
		const n8n = new TestN8n();
		const workflow = n8n.workflow({
			nodes: [nodeUnderTest({ type: packType(trigger), parameters: { event: 'chat:new' } })],
			staticData: { [`node:${NODE_UNDER_TEST}`]: { webhookId: '1', secret: SECRET } },
		});
		let status = 0;
		const response = {
			status(code: number) {
				status = code;
				return response;
			},
			json: () => response,
		};
		const result = await trigger.webhook.call(
			n8n.webhookContext(
				workflow,
				NODE_UNDER_TEST,
				{ method: 'POST', query: { secret: 'wrong' }, body: chatAssigned, headers: {} },
				response,
			),
		);
		expect(result.workflowData).toBeUndefined();
		expect(status).toBe(401);
	});
});
