import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { TimelinesAiTrigger } from '../../../../nodes/TimelinesAiTrigger/TimelinesAiTrigger.node';
import {
	chatEventBus,
	timelinesWorkspaceKey,
	type ChatPush,
} from '../../../../nodes/shared/coordination/chatEventBus';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { nodeUnderTest, NODE_UNDER_TEST } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';

const SECRET = 'b'.repeat(64);
const BASE_URL = 'https://app.timelines.ai/integrations/api';
// Each test its own workspace: the process's bus replays recent pushes to a new subscriber.
let token = '';
let WORKSPACE = '';
let tests = 0;

function messagePayload(overrides: { isGroup?: boolean; direction?: string; uid?: string } = {}) {
	const direction = overrides.direction ?? 'received';
	return {
		event_type: 'message:new',
		chat: {
			full_name: 'Ana Silva',
			chat_url: 'https://app.timelines.ai/chat/4242/messages/',
			chat_id: 4242,
			is_group: overrides.isGroup ?? false,
			phone: '+447700900123',
		},
		whatsapp_account: { full_name: 'Sales', email: 'sales@example.com', phone: '+15559876543' },
		message: {
			text: 'Is the blue one in stock?',
			direction,
			origin: 'WhatsApp',
			timestamp: new Date().toISOString(),
			message_uid: overrides.uid ?? 'uid-1',
			sender:
				direction === 'sent'
					? { full_name: 'Sales', phone: '+15559876543' }
					: { full_name: 'Ana Silva', phone: '+447700900123' },
			recipient: { full_name: 'Sales', phone: '+15559876543' },
			attachments: [
				{ temporary_download_url: 'http://169.254.169.254/latest', filename: 'evil.txt' },
				{
					temporary_download_url: 'https://files.timelines.ai/ok.png',
					filename: 'ok.png',
					mimetype: 'image/png',
				},
			],
		},
	};
}

async function deliver(body: unknown, options: IDataObject = {}, apiToken = token) {
	const trigger = new TimelinesAiTrigger();
	const n8n = new TestN8n();
	const workflow = n8n.workflow({
		nodes: [
			nodeUnderTest({
				type: packType(trigger),
				typeVersion: 1.1,
				parameters: { event: 'message:new', options: { batchWindowMs: 0, ...options } },
				credentials: {
					// One credential per workspace (the trigger reuses a credential's workspace for a minute).
					timelinesAiApi: { id: `tl-${apiToken}`, data: { apiToken, baseUrl: BASE_URL } },
				},
			}),
		],
		staticData: { [`node:${NODE_UNDER_TEST}`]: { webhookId: '1', secret: SECRET } },
	});
	n8n.credentials.set(`tl-${apiToken}`, { apiToken, baseUrl: BASE_URL });
	let answered: unknown;
	const response = {
		status: () => response,
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
	return { emitted: result.workflowData, answered };
}

describe('TimelinesAI Trigger → open live chat pages', () => {
	const pushes: ChatPush[] = [];
	let subscription: { close(): void };
	beforeEach(() => {
		pushes.length = 0;
		token = `workspace-token-${tests++}`;
		WORKSPACE = timelinesWorkspaceKey(BASE_URL, token);
		subscription = chatEventBus.subscribe(WORKSPACE, 4242, (push) => pushes.push(push));
	});
	afterEach(() => subscription.close());

	it("pushes the message in the page's view shape, and marks the workspace's trigger active", async () => {
		const { emitted } = await deliver(messagePayload());
		expect(emitted?.[0]).toHaveLength(1);
		expect(pushes).toHaveLength(1);
		expect(pushes[0]).toMatchObject({ workspace: WORKSPACE, chatId: 4242, source: 'webhook' });
		expect(pushes[0].messages[0]).toMatchObject({
			uid: 'uid-1',
			chatId: 4242,
			fromMe: false,
			senderName: 'Ana Silva',
			senderPhone: '+447700900123',
			text: 'Is the blue one in stock?',
			status: undefined,
		});
		// A link the pack would never fetch is emptied before any page sees it; the file stays named.
		expect(pushes[0].messages[0].attachments).toEqual([
			{ url: '', filename: 'evil.txt', mimetype: undefined },
			{ url: 'https://files.timelines.ai/ok.png', filename: 'ok.png', mimetype: 'image/png' },
		]);
		expect(chatEventBus.isTriggerActive(WORKSPACE)).toBe(true);
		expect(chatEventBus.isTriggerActive(timelinesWorkspaceKey(BASE_URL, 'never-delivered'))).toBe(
			false,
		);
	});

	it('pushes before its filters: a group chat the workflow ignores still reaches the page', async () => {
		const { emitted, answered } = await deliver(messagePayload({ isGroup: true, uid: 'g-1' }));
		expect(emitted).toBeUndefined();
		expect(answered).toMatchObject({ status: 'ignored' });
		expect(pushes.map((push) => push.messages[0].uid)).toEqual(['g-1']);
	});

	it('pushes our own messages (sent from TimelinesAI or the phone) as Sent', async () => {
		await deliver(messagePayload({ direction: 'sent', uid: 's-1' }));
		expect(pushes[0].messages[0]).toMatchObject({ uid: 's-1', fromMe: true, status: 'Sent' });
	});

	it("never hands a workspace's message to pages of another workspace", async () => {
		await deliver(messagePayload({ uid: 'other' }), {}, `${token}-other`);
		expect(pushes).toEqual([]);
	});

	it('does not push a delivery with a wrong secret', async () => {
		const trigger = new TimelinesAiTrigger();
		const n8n = new TestN8n();
		n8n.credentials.set('tl', { apiToken: token, baseUrl: BASE_URL });
		const workflow = n8n.workflow({
			nodes: [
				nodeUnderTest({
					type: packType(trigger),
					typeVersion: 1.1,
					parameters: { event: 'message:new' },
					credentials: {
						timelinesAiApi: { id: 'tl', data: { apiToken: token, baseUrl: BASE_URL } },
					},
				}),
			],
			staticData: { [`node:${NODE_UNDER_TEST}`]: { webhookId: '1', secret: SECRET } },
		});
		const response = { status: () => response, json: () => response };
		const context = n8n.webhookContext(
			workflow,
			NODE_UNDER_TEST,
			{ method: 'POST', query: { secret: 'c'.repeat(64) }, body: messagePayload(), headers: {} },
			response,
		);
		await trigger.webhook.call(context);
		expect(pushes).toEqual([]);
	});
});

describe('TimelinesAI Trigger activation → live chat refresh rate', () => {
	it('marks its workspace active from activation until deactivation (chat events do not count)', async () => {
		const apiToken = 'activation-token';
		const workspace = timelinesWorkspaceKey(BASE_URL, apiToken);
		const trigger = new TimelinesAiTrigger();
		const n8n = new TestN8n();
		const workflowOf = (event: string) =>
			n8n.workflow({
				nodes: [
					nodeUnderTest({
						type: packType(trigger),
						typeVersion: 1.1,
						parameters: { event },
						credentials: { timelinesAiApi: { id: 'tl', data: { apiToken, baseUrl: BASE_URL } } },
					}),
				],
			});
		n8n.credentials.set('tl', { apiToken, baseUrl: BASE_URL });
		const api = nock('https://app.timelines.ai')
			.post('/integrations/api/webhooks')
			.times(2)
			.reply(200, { status: 'ok', data: { id: 55 } })
			.delete('/integrations/api/webhooks/55')
			.reply(200, { status: 'ok', data: {} });

		await trigger.webhookMethods.default.create.call(
			n8n.hookContext(workflowOf('chat:new'), NODE_UNDER_TEST),
		);
		expect(chatEventBus.isTriggerActive(workspace)).toBe(false);

		const messages = workflowOf('message:new');
		await trigger.webhookMethods.default.create.call(n8n.hookContext(messages, NODE_UNDER_TEST));
		expect(chatEventBus.isTriggerActive(workspace)).toBe(true);
		await trigger.webhookMethods.default.delete.call(
			n8n.hookContext(messages, NODE_UNDER_TEST, 'activate'),
		);
		expect(chatEventBus.isTriggerActive(workspace)).toBe(false);
		expect(api.isDone()).toBe(true);
	});
});
