import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { TimelinesAi } from '../../../../nodes/TimelinesAi/TimelinesAi.node';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { nodeUnderTest, NODE_UNDER_TEST, runNode } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';
import { BASE_URL, TIMELINES_CREDENTIAL, TOKEN } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

const credentials = {
	[TIMELINES_CREDENTIAL]: { id: 'timelines-test', data: { apiToken: TOKEN, baseUrl: BASE_URL } },
};
const WAITING = 'http://127.0.0.1:5678/webhook-waiting/';

describe('TimelinesAI node — Send and Wait for a Reply (sending)', () => {
	it('registers a reply webhook on the signed resume URL, then sends, then waits until the limit', async () => {
		let registered: { event_type: string; url: string } | undefined;
		const sent: unknown[] = [];
		const scope = timelinesApi()
			.get(api('/webhooks'))
			.reply(200, ok([]))
			.post(api('/webhooks'))
			.reply(200, (_uri, body) => {
				registered = body as { event_type: string; url: string };
				expect(sent).toEqual([]); // registered before the message goes out
				return ok({ id: 77, ...registered, enabled: true });
			})
			.post(api('/chats/42/messages'), (body: unknown) => {
				sent.push(body);
				return true;
			})
			.reply(200, ok({ message_uid: 'msg-out' }));

		const started = Date.now();
		const { run, outputs } = await runNode({
			type: packType(new TimelinesAi()),
			typeVersion: 2,
			parameters: {
				resource: 'message',
				operation: 'sendAndWait',
				chatId: { __rl: true, mode: 'id', value: '42' },
				text: 'Can we meet at 3?',
				limitWaitTime: true,
				resumeAmount: 2,
				resumeUnit: 'hours',
			},
			items: [{ json: { lead: 'L-1' } }, { json: { lead: 'L-2' } }],
			credentials,
		});

		expect(sent).toEqual([{ text: 'Can we meet at 3?' }]);
		expect(registered?.event_type).toBe('message:received:new');
		const url = new URL(registered?.url ?? '');
		expect(`${url.origin}${url.pathname}`).toMatch(new RegExp(`^${WAITING}[^/]+/node-under-test$`));
		expect(url.searchParams.get('chat')).toBe('42');
		expect(url.searchParams.get('token')).toMatch(/^[0-9a-f]{64}$/);
		expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
		const waitTill = run.waitTill?.getTime() ?? 0;
		expect(Number(url.searchParams.get('until'))).toBe(waitTill);
		expect(waitTill - started).toBeGreaterThanOrEqual(2 * 3_600_000 - 1_000);
		expect(waitTill - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
		expect(outputs[0]?.map((item) => item.json)).toEqual([{ lead: 'L-1' }, { lead: 'L-2' }]);
		expect(scope.isDone()).toBe(true);
	});

	it('deletes its webhook again when the message cannot be sent', async () => {
		const scope = timelinesApi()
			.get(api('/webhooks'))
			.reply(200, ok([]))
			.post(api('/webhooks'))
			.reply(200, ok({ id: 78, event_type: 'message:received:new', url: 'x', enabled: true }))
			.post(api('/chats/42/messages'))
			.reply(400, { status: 'error', message: 'Chat is closed' })
			.delete(api('/webhooks/78'))
			.reply(200, ok({}));
		await expect(
			runNode({
				type: packType(new TimelinesAi()),
				typeVersion: 2,
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					chatId: { __rl: true, mode: 'id', value: '42' },
					text: 'Hello',
				},
				credentials,
			}),
		).rejects.toThrow();
		expect(scope.isDone()).toBe(true);
	});
});

function delivery(chatId: number, direction: 'received' | 'sent' = 'received'): IDataObject {
	return {
		event_type: direction === 'received' ? 'message:received:new' : 'message:sent:new',
		chat: {
			chat_id: chatId,
			full_name: 'Ann',
			phone: '+447700900123',
			is_group: false,
			chat_url: 'https://app.timelines.ai/chat/42/',
		},
		message: {
			message_uid: `in-${chatId}-${direction}`,
			direction,
			timestamp: new Date().toISOString(),
			text: '3 works for me',
			sender: { full_name: 'Ann', phone: '+447700900123' },
			recipient: { full_name: 'Sales', phone: '+447700900001' },
		},
		whatsapp_account: { full_name: 'Sales', email: 'sales@example.com', phone: '+447700900001' },
	};
}

async function deliver(body: IDataObject, query: IDataObject) {
	const node = new TimelinesAi();
	const n8n = new TestN8n();
	n8n.credentials.set('timelines-test', credentials[TIMELINES_CREDENTIAL].data);
	const workflow = n8n.workflow({
		nodes: [
			nodeUnderTest({
				type: packType(node),
				typeVersion: 2,
				parameters: { resource: 'message', operation: 'sendAndWait', text: 'x' },
				credentials,
			}),
		],
	});
	let answered: unknown;
	const response = {
		status: () => response,
		json(json: unknown) {
			answered = json;
			return response;
		},
	};
	const result = await node.webhook.call(
		n8n.webhookContext(
			workflow,
			NODE_UNDER_TEST,
			{ method: 'POST', query, body, headers: {} },
			response,
		),
	);
	return { result, answered };
}

describe('TimelinesAI node — Send and Wait for a Reply (the reply webhook)', () => {
	const token = 'a1'.repeat(16);
	const own = `${WAITING}exec-1/node-under-test?chat=42&token=${token}&until=${Date.now() + 3_600_000}&signature=s`;
	const expired = `${WAITING}exec-0/node-under-test?chat=9&token=${'b2'.repeat(16)}&until=${Date.now() - 3_600_000}&signature=s`;
	const running = `${WAITING}exec-2/node-under-test?chat=9&token=${'c3'.repeat(16)}&until=${Date.now() + 60_000}&signature=s`;
	const foreign = `https://elsewhere.example/webhook-waiting/x/y?until=1`;

	it('resumes with the reply from the waited-for chat, deleting its webhook and expired ones only', async () => {
		const scope = timelinesApi()
			.get(api('/webhooks'))
			.reply(
				200,
				ok(
					[own, expired, running, foreign].map((url, id) => ({
						id: id + 1,
						event_type: 'message:received:new',
						url,
						enabled: true,
					})),
				),
			)
			.delete(api('/webhooks/1'))
			.reply(200, ok({}))
			.delete(api('/webhooks/2'))
			.reply(200, ok({}));
		const { result, answered } = await deliver(delivery(42), { chat: '42', token });
		expect(answered).toBeUndefined();
		const item = result.workflowData?.[0]?.[0]?.json as IDataObject;
		expect(item.chatId).toBe(42);
		expect(item.reply).toMatchObject({
			eventType: 'message:received:new',
			uid: 'in-42-received',
			direction: 'received',
			text: '3 works for me',
			contactPhone: '+447700900123',
		});
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['a message of another chat', delivery(7)],
		['our own message in the chat', delivery(42, 'sent')],
		['something that is not a message event', { event_type: 'chat:new', chat: { id: 42 } }],
	])('ignores %s with a 200 and does not resume (no API call)', async (_case, body) => {
		const { result, answered } = await deliver(body, { chat: '42', token });
		expect(result.workflowData).toBeUndefined();
		expect(answered).toMatchObject({ status: 'ignored' });
		expect(nock.pendingMocks()).toEqual([]);
	});
});
