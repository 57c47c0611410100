/**
 * TimelinesAI Catch-up Trigger in n8n-core's PollContext (what n8n gives poll()), in one workflow with the
 * TimelinesAI Trigger as n8n activates it: the trigger leaves its registration, the catch-up re-registers
 * it when TimelinesAI has it disabled, emits the trigger's items and remembers what it read (not in a
 * manual run). HTTP through n8n's helpers, answered by nock.
 */
import nock from 'nock';
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, WorkflowExecuteMode } from 'n8n-workflow';

import { TimelinesAiCatchUpTrigger } from '../../../../nodes/TimelinesAiCatchUpTrigger/TimelinesAiCatchUpTrigger.node';
import { TimelinesAiTrigger } from '../../../../nodes/TimelinesAiTrigger/TimelinesAiTrigger.node';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { TestN8n } from '../../../nodeHarness/testN8n';

const API = 'https://timelines.test/integrations/api';
const credentials = { timelinesAiApi: { id: 'tl', name: 'TimelinesAI' } };
const minutesAgo = (minutes: number) =>
	new Date(Date.now() - minutes * 60_000)
		.toISOString()
		.replace('T', ' ')
		.replace(/\..*$/, ' +0000');

function setup() {
	const n8n = new TestN8n({ webhookBaseUrl: 'https://n8n.test/webhook' });
	n8n.credentials.set('tl', { apiToken: 'token', baseUrl: API });
	const nodes: INode[] = [
		{
			id: '1',
			name: 'TimelinesAI Trigger',
			type: packType(new TimelinesAiTrigger()),
			typeVersion: 1.1,
			position: [0, 0],
			parameters: { event: 'message:new' },
			webhookId: 'hook-id',
			credentials,
		},
		{
			id: '2',
			name: 'Catch-up',
			type: packType(new TimelinesAiCatchUpTrigger()),
			typeVersion: 1,
			position: [0, 200],
			parameters: { lookBackMinutes: 60, minAgeSeconds: 60 },
			credentials,
		},
	];
	const workflow = n8n.workflow({ nodes, staticData: {} });
	const poll = async (mode: WorkflowExecuteMode = 'trigger') => {
		const node = workflow.getNode('Catch-up') as INode;
		const context = new PollContext(
			workflow,
			node,
			n8n.additionalData(workflow, mode),
			mode,
			'activate',
		);
		return await new TimelinesAiCatchUpTrigger().poll.call(context);
	};
	return { n8n, workflow, poll };
}

const chat = {
	id: 7,
	name: 'Ann Lee',
	phone: '+447700900123',
	is_group: false,
	chat_url: 'https://app.timelines.ai/chat/7/messages/',
	whatsapp_account_id: 'acc@s.whatsapp.net',
	responsible_email: 'sam@example.com',
	last_message_uid: 'm-2',
	last_message_timestamp: minutesAgo(5),
};
const messages = [
	{
		uid: 'm-2',
		timestamp: minutesAgo(5),
		from_me: false,
		text: 'second',
		message_type: 'whatsapp',
		sender_phone: '+447700900123',
		sender_name: 'Ann Lee',
	},
	{ uid: 'n-1', timestamp: minutesAgo(6), from_me: true, text: 'a note', message_type: 'note' },
	{ uid: 'm-1', timestamp: minutesAgo(7), from_me: true, text: 'first', message_type: 'whatsapp' },
];

afterEach(() => nock.cleanAll());

describe('TimelinesAI Catch-up Trigger', () => {
	it('re-registers the disabled trigger webhook, emits the missed messages as the trigger does, and remembers the chat', async () => {
		const { n8n, workflow, poll } = setup();
		// Activation: the trigger registers its webhook (and leaves the registration for the catch-up).
		let registeredUrl = '';
		nock(API)
			.post('/webhooks', (body: { url: string }) => ((registeredUrl = body.url), true))
			.reply(200, { status: 'ok', data: { id: 11, event_type: 'message:new', enabled: true } });
		await new TimelinesAiTrigger().webhookMethods.default.create.call(
			n8n.hookContext(workflow, 'TimelinesAI Trigger'),
		);
		expect(registeredUrl).toMatch(
			/^https:\/\/n8n\.test\/webhook\/hook-id\/webhook\?secret=[0-9a-f]{64}$/,
		);

		const api = nock(API)
			.get('/webhooks')
			.reply(200, {
				status: 'ok',
				data: [{ id: 11, event_type: 'message:new', url: registeredUrl, enabled: false }],
			})
			.post('/webhooks', { event_type: 'message:new', url: registeredUrl, enabled: true })
			.reply(200, { status: 'ok', data: { id: 11, enabled: true } })
			.get('/chats')
			.query({ page: 1 })
			.reply(200, { status: 'ok', data: { has_more_pages: false, chats: [chat] } })
			.get('/chats/7/messages')
			.query((query) => typeof query.after === 'string' && query.before_message === undefined)
			.reply(200, { status: 'ok', data: { has_more_pages: false, messages } })
			.get('/whatsapp_accounts')
			.reply(200, {
				status: 'ok',
				data: {
					whatsapp_accounts: [
						{
							id: 'acc@s.whatsapp.net',
							phone: '+447700900001',
							owner_email: 'olivia@example.com',
							owner_name: 'Olivia',
						},
					],
				},
			});

		const emitted = await poll();

		expect(api.isDone()).toBe(true);
		const items = (emitted?.[0] ?? []).map((item) => item.json);
		expect(items.map((json) => (json.message as IDataObject).uid)).toEqual(['m-1', 'm-2']);
		expect(items[1]).toMatchObject({
			event: 'message:new',
			message: {
				chatId: 7,
				direction: 'received',
				contactPhone: '+447700900123',
				responsible: { email: 'sam@example.com' },
				whatsappAccount: { email: 'olivia@example.com', phone: '+447700900001' },
			},
			raw: { source: 'catch-up' },
		});
		const data = workflow.staticData['node:Catch-up'] as IDataObject;
		expect(data.chats).toEqual({ '7': 'm-2' });
		// Read again 1, 2, 4 and 8 runs later (an execution that dies must not take the messages with it): 0 runs
		// since this emission.
		expect(data.recheck).toEqual({ '7': 0 });
		expect(data.lastWebhookRepair).toMatchObject({
			repaired: [
				{
					event: 'message:new',
					reason: 'disabled',
					url: 'https://n8n.test/webhook/hook-id/webhook',
				},
			],
		});

		// Once those re-reads are done (the catch-up pass's own tests), a run where the webhook is fine and
		// the chat has nothing new: two requests, nothing emitted.
		data.recheck = {};
		const idle = nock(API)
			.get('/webhooks')
			.reply(200, {
				status: 'ok',
				data: [{ id: 11, event_type: 'message:new', url: registeredUrl, enabled: true }],
			})
			.get('/chats')
			.query({ page: 1 })
			.reply(200, { status: 'ok', data: { has_more_pages: false, chats: [chat] } });
		expect(await poll()).toBeNull();
		expect(idle.isDone()).toBe(true);
	});

	it('changes nothing it remembers in a manual run ("Fetch Test Event")', async () => {
		const { workflow, poll } = setup();
		nock(API)
			.get('/chats')
			.query({ page: 1 })
			.reply(200, { status: 'ok', data: { has_more_pages: false, chats: [chat] } })
			.get('/chats/7/messages')
			.query(true)
			.reply(200, { status: 'ok', data: { has_more_pages: false, messages } })
			.get('/whatsapp_accounts')
			.reply(200, { status: 'ok', data: { whatsapp_accounts: [] } });
		// No trigger registration in this workflow: no webhook request either.
		const emitted = await poll('manual');
		expect(emitted?.[0]).toHaveLength(2);
		expect(workflow.staticData['node:Catch-up'] ?? {}).toEqual({});
	});
});
