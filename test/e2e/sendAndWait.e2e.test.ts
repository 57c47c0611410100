/**
 * Send and Wait for a Reply in real n8n 2.40.x against the sandbox: the execution waits after sending,
 * a message in another chat does not resume it, the contact's reply does (and its TimelinesAI webhook is
 * gone); with a one-minute limit it times out, goes on with its input, and the next run deletes the
 * expired wait's webhook. Requires `npm run build` first.
 */
import type { N8nWorkflow } from '../../scripts/lib/n8nRest';
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { nodeOutputs } from './harness/executionRunData';
import { waitFor } from './harness/waitFor';

const PACKAGE = 'n8n-nodes-timelinesai-zoho';
const CONTACT = '+447700900555';

let stack: PipelineStack;
let chatId: number;

beforeAll(async () => {
	stack = await PipelineStack.start();
	({ chat_id: chatId } = await stack.client.simulateMessage({
		phone: CONTACT,
		name: 'Wait Contact',
		text: 'Hello, is anyone there?',
	}));
}, 300_000);

afterAll(async () => {
	await stack?.stop();
});

/** Webhook (GET ?chat=) → TimelinesAI Send and Wait, active. */
async function deployWaitWorkflow(path: string, limitMinutes: number): Promise<N8nWorkflow> {
	const workflow = await stack.rest.createWorkflow({
		name: `e2e: send and wait ${path}`,
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `5e11d000-0000-4000-8000-${String(limitMinutes).padStart(12, '0')}`,
				parameters: { httpMethod: 'GET', path, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'ask',
				name: 'Ask',
				type: `${PACKAGE}.timelinesAi`,
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					chatId: { __rl: true, mode: 'id', value: '={{ $json.query.chat }}' },
					text: 'Shall we meet at 3pm? Reply here.',
					limitWaitTime: true,
					resumeAmount: limitMinutes,
					resumeUnit: 'minutes',
				},
				credentials: { timelinesAiApi: stack.pipeline.credentials.timelinesAiApi },
			},
		],
		connections: { Start: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await stack.rest.activate(workflow.id);
	return workflow;
}

async function start(path: string): Promise<void> {
	await waitFor(
		`the ${path} webhook`,
		async () => (await fetch(`${stack.n8n.url}/webhook/${path}?chat=${chatId}`)).status === 200,
		15_000,
		500,
	);
}

const waitHooks = async () =>
	(await stack.client.webhooks()).filter((hook) => hook.url.includes('/webhook-waiting/'));

async function executionIn(workflowId: string, status: string, timeoutMs: number) {
	return await waitFor(
		`an execution ${status}`,
		async () => (await stack.rest.executions(workflowId)).find((run) => run.status === status),
		timeoutMs,
		1_000,
	);
}

it('waits after sending, ignores another chat, resumes with the reply and removes its webhook', async () => {
	const workflow = await deployWaitWorkflow('e2e-ask-and-wait', 60);
	await start('e2e-ask-and-wait');
	const waiting = await executionIn(workflow.id, 'waiting', 30_000);
	const [hook] = await waitHooks();
	expect(hook).toMatchObject({ event_type: 'message:received:new' });
	expect(hook.url).toContain(`/webhook-waiting/${waiting.id}/`);

	await stack.client.simulateMessage({ phone: '+447700900556', text: 'unrelated chat' });
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	expect(
		(await stack.rest.executions(workflow.id)).find((run) => run.id === waiting.id)?.status,
	).toBe('waiting');

	await stack.client.simulateMessage({ phone: CONTACT, text: '3pm works for me' });
	await executionIn(workflow.id, 'success', 30_000);
	const [[item]] = await nodeOutputs(stack.rest, waiting.id, 'Ask');
	expect(item.json).toMatchObject({
		chatId,
		reply: { direction: 'received', text: '3pm works for me', contactPhone: CONTACT },
	});
	expect(await waitHooks()).toEqual([]);
}, 120_000);

it('times out cleanly: goes on with its input, and the next run deletes the expired webhook', async () => {
	const workflow = await deployWaitWorkflow('e2e-ask-with-timeout', 1);
	await start('e2e-ask-with-timeout');
	const waiting = await executionIn(workflow.id, 'waiting', 30_000);
	const [expired] = await waitHooks();
	expect(expired.url).toContain(`/webhook-waiting/${waiting.id}/`);

	// n8n's wait tracker resumes it at the deadline (it looks for due executions every minute).
	await executionIn(workflow.id, 'success', 180_000);
	const [[item]] = await nodeOutputs(stack.rest, waiting.id, 'Ask');
	expect(item.json).toMatchObject({ query: { chat: String(chatId) } });
	expect(item.json).not.toHaveProperty('reply');

	// The next run, after the grace minute, removes the timed-out wait's webhook and registers its own.
	const graceEnds = Number(new URL(expired.url).searchParams.get('until')) + 61_000;
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnds - Date.now())));
	await start('e2e-ask-with-timeout');
	await waitFor(
		'the expired webhook to be replaced',
		async () => {
			const hooks = await waitHooks();
			return hooks.length === 1 && hooks[0].id !== expired.id;
		},
		30_000,
		1_000,
	);
}, 400_000);
