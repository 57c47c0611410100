/**
 * Dropped deliveries and the catch-up pass against the sandbox's TimelinesAI: messages whose webhook
 * deliveries the sandbox drops are found in the history by the same pass the Catch-up Trigger runs
 * (its history source here is plain fetch over the pack's parsers), with few requests.
 */
import { startSandbox } from '../../../sandbox';
import type { RunningSandbox } from '../../../sandbox';
import type { CatchUpSettings } from '../../../nodes/shared/sync/catchUpPass';
import { RECHECK_AFTER_PASSES, runCatchUpPass } from '../../../nodes/shared/sync/catchUpPass';
import type { TimelinesHistorySource } from '../../../nodes/shared/transport/timelinesai/history';
import {
	parseHistoryChat,
	parseHistoryMessage,
} from '../../../nodes/shared/transport/timelinesai/history';
import { listIn, pageOf } from '../../../nodes/shared/transport/timelinesai/timelinesPages';
import { timelines, timelinesControl } from './timelinesHttp';
import { startWebhookReceiver } from './webhookReceiver';
import type { WebhookReceiver } from './webhookReceiver';

const SETTINGS: CatchUpSettings = {
	lookBackMinutes: 60,
	minAgeSeconds: 0,
	maxMessages: 500,
	filter: { includeGroupChats: false, includeOutgoing: true, whatsappAccounts: [] },
};

function sandboxHistory(base: string): TimelinesHistorySource & { paths: string[] } {
	const paths: string[] = [];
	const get = async (path: string): Promise<unknown> => {
		paths.push(path);
		const answer = await timelines(base, 'GET', path);
		if (answer.status !== 200) throw new Error(`GET ${path} → ${answer.status}`);
		return (answer.json as { data: unknown }).data;
	};
	const parsed = <T>(data: unknown, key: string, parse: (raw: unknown) => T | undefined) => {
		const page = pageOf<unknown>(data, key);
		return {
			hasMore: page.hasMore,
			items: page.items.map(parse).filter((item): item is T => item !== undefined),
		};
	};
	return {
		paths,
		chatsPage: async (page) => parsed(await get(`/chats?page=${page}`), 'chats', parseHistoryChat),
		messagesPage: async (chatId, after, before) =>
			parsed(
				await get(
					`/chats/${chatId}/messages?after=${encodeURIComponent(after)}${before ? `&before_message=${before}` : ''}`,
				),
				'messages',
				(raw) => parseHistoryMessage(raw, chatId),
			),
		accounts: async () =>
			listIn<Record<string, string>>(await get('/whatsapp_accounts'), 'whatsapp_accounts').map(
				(account) => ({
					id: account.id,
					phone: account.phone,
					ownerName: account.owner_name,
					ownerEmail: account.owner_email,
				}),
			),
	};
}

describe('dropped deliveries and catch-up (TimelinesAI sandbox)', () => {
	let sandbox: RunningSandbox;
	let receiver: WebhookReceiver;

	beforeAll(async () => {
		receiver = await startWebhookReceiver();
		sandbox = await startSandbox({
			port: 0,
			timelines: { retryDelaysMs: [30], deliveryTimeoutMs: 300 },
		});
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});
	beforeEach(async () => {
		sandbox.timelines.reset();
		receiver.clear();
		await timelines(sandbox.url, 'POST', '/webhooks', {
			body: { event_type: 'message:new', url: receiver.url },
		});
	});

	const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

	it('with dropDeliveryRate 1 stores the messages, lists them, and sends no delivery', async () => {
		const faults = await timelinesControl<{ dropDeliveryRate: number }>(sandbox.url, '/faults', {
			dropDeliveryRate: 1,
		});
		expect(faults.json.dropDeliveryRate).toBe(1);
		const uids: string[] = [];
		for (const [phone, minutes] of [
			['+447700900501', 9],
			['+447700900502', 8],
			['+447700900501', 7],
		] as const) {
			const sent = await sandbox.timelines.simulateMessage({
				phone,
				name: `Dropped ${phone.slice(-3)}`,
				text: `lost at ${minutes}`,
				timestamp: minutesAgo(minutes),
			});
			expect(sent.deliveries).toEqual([]);
			uids.push(sent.message_uid);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(receiver.received).toHaveLength(0);
		const dropped = await timelinesControl<{ dropped: Array<{ message_uid: string }> }>(
			sandbox.url,
			'/dropped',
		);
		expect(dropped.json.dropped.map((entry) => entry.message_uid)).toEqual(uids);

		const history = sandboxHistory(sandbox.url);
		const pass = await runCatchUpPass(history, { chats: {} }, SETTINGS, Date.now());
		expect(pass.items.map((item) => item.message.uid)).toEqual(uids);
		expect(pass.items[0].message).toMatchObject({
			chatName: 'Dropped 501',
			contactPhone: '+447700900501',
			direction: 'received',
			text: 'lost at 9',
		});
		expect(pass.items[0].message.whatsappAccount.phone).toMatch(/^\+\d+$/);
		// One chats page (the seed chats are older than the look-back), one page per chat, the accounts.
		expect(history.paths).toHaveLength(4);

		// The passes 1, 2, 4 and 8 later read the emitting chats again (their execution may die), the others
		// and those after only the chats page.
		let state = pass.state;
		const last = RECHECK_AFTER_PASSES[RECHECK_AFTER_PASSES.length - 1];
		for (let later = 1; later <= last; later++) {
			const reread = await runCatchUpPass(history, state, SETTINGS, Date.now());
			expect(reread.items.map((item) => item.message.uid)).toEqual(
				RECHECK_AFTER_PASSES.includes(later) ? uids : [],
			);
			state = reread.state;
		}
		history.paths.length = 0;
		const again = await runCatchUpPass(history, state, SETTINGS, Date.now());
		expect(again.items).toEqual([]);
		expect(history.paths).toEqual(['/chats?page=1']);
	});

	it("leaves TimelinesAI's own notes out of what it catches up", async () => {
		await timelinesControl(sandbox.url, '/faults', { dropDeliveryRate: 1 });
		const sent = await sandbox.timelines.simulateMessage({
			phone: '+447700900601',
			text: 'a message',
			timestamp: minutesAgo(5),
		});
		const note = await timelines(sandbox.url, 'POST', `/chats/${sent.chat_id}/notes`, {
			body: { text: 'an internal note' },
		});
		expect(note.status).toBe(200);
		expect(
			sandbox.timelines.messagesOf(sent.chat_id).map((message) => message.message_type),
		).toContain('note');

		const pass = await runCatchUpPass(
			sandboxHistory(sandbox.url),
			{ chats: {} },
			SETTINGS,
			Date.now(),
		);
		expect(pass.items.map((item) => item.message.uid)).toEqual([sent.message_uid]);
	});

	it('delivers as documented: 3 attempts, errors_counter after the last, never disabled, reset by a success', async () => {
		receiver.respond = () => 500;
		const failed = await sandbox.timelines.simulateMessage({
			phone: '+447700900701',
			text: 'fails',
		});
		await receiver.waitFor(3);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(receiver.received).toHaveLength(3);
		const attempts = sandbox.timelines
			.deliveries()
			.filter((delivery) => delivery.message_uid === failed.message_uid);
		expect(attempts.map((delivery) => [delivery.attempt, delivery.will_retry])).toEqual([
			[1, true],
			[2, true],
			[3, false],
		]);
		let [webhook] = sandbox.timelines.webhooks();
		expect(webhook).toMatchObject({ errors_counter: 1, enabled: true, failedAttempts: 3 });

		receiver.respond = () => 200;
		await sandbox.timelines.simulateMessage({ phone: '+447700900701', text: 'works' });
		[webhook] = sandbox.timelines.webhooks();
		expect(webhook).toMatchObject({ errors_counter: 0, enabled: true });
	});
});
