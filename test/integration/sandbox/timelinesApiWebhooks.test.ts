import { parseTimelinesWebhook } from '../../../nodes/shared/domain/timelinesEvent';
import type { RunningSandbox } from '../../../sandbox';
import type { WebhookReceiver } from './webhookReceiver';
import { ANA, TIMESTAMP, useTimelinesApiSandbox } from './timelinesApiFixture';

// The TimelinesAI half of the sandbox over real HTTP: webhook registration and delivery.
describe('TimelinesAI sandbox API', () => {
	const fixture = useTimelinesApiSandbox();
	const { api, control, hook } = fixture;
	let sandbox: RunningSandbox;
	let receiver: WebhookReceiver;
	beforeAll(() => {
		({ sandbox, receiver } = fixture);
	});

	describe('webhooks', () => {
		it('registers, lists, reads, updates and deletes webhooks', async () => {
			const id = await hook('message:received:new');
			const list = (await api('GET', '/webhooks')).json.data;
			expect(list).toEqual([
				{
					id,
					event_type: 'message:received:new',
					url: `${receiver.url}/hook?secret=s3cr3t`,
					enabled: true,
					errors_counter: 0,
				},
			]);
			expect((await api('GET', `/webhooks/${id}`)).json.data).toMatchObject({ id });
			expect((await api('PUT', `/webhooks/${id}`, { enabled: false })).json.data).toMatchObject({
				id,
				enabled: false,
			});
			expect((await api('DELETE', `/webhooks/${id}`)).json.status).toBe('ok');
			expect((await api('GET', `/webhooks/${id}`)).status).toBe(404);
			expect((await api('DELETE', `/webhooks/${id}`)).status).toBe(404);
			expect(
				(await api('POST', '/webhooks', { event_type: 'message:everything', url: receiver.url }))
					.status,
			).toBe(400);
			expect(
				(await api('POST', '/webhooks', { event_type: 'message:new', url: 'ftp://example.com/x' }))
					.status,
			).toBe(400);
			expect(
				(await api('POST', '/webhooks', { event_type: 'chat:created', url: receiver.url })).status,
			).toBe(400);
		});

		it('creates webhooks idempotently: the same event and URL return the existing id, re-enabled or restored', async () => {
			const id = await hook('message:new');
			expect(await hook('message:new')).toBe(id);
			await api('PUT', `/webhooks/${id}`, { enabled: false });
			expect(
				(
					await api('POST', '/webhooks', {
						event_type: 'message:new',
						url: `${receiver.url}/hook?secret=s3cr3t`,
						enabled: false,
					})
				).json.data,
			).toMatchObject({ id, enabled: true });
			await api('DELETE', `/webhooks/${id}`);
			expect(await hook('message:new')).toBe(id);
			expect((await api('GET', '/webhooks')).json.data).toHaveLength(1);
		});

		it('allows at most 10 webhooks per workspace', async () => {
			for (let i = 0; i < 10; i += 1) await hook('message:new', `${receiver.url}/hook/${i}`);
			const eleventh = await api('POST', '/webhooks', {
				event_type: 'message:new',
				url: `${receiver.url}/hook/10`,
			});
			expect(eleventh.status).toBe(400);
			expect(eleventh.json.status).toBe('error');
		});

		it('delivers a simulated incoming message whose payload the pack parses', async () => {
			await hook('message:received:new');
			await hook('message:sent:new'); // must not fire for an incoming message
			const { status, json } = await control<{
				message_uid: string;
				chat_id: number;
				deliveries: Array<{ status: number; ok: boolean }>;
			}>('/messages', {
				phone: ANA,
				name: 'Ana Silva',
				text: 'Here is the signed order',
				attachments: [
					{
						filename: 'order.txt',
						mimetype: 'text/plain',
						content_base64: Buffer.from('200 units').toString('base64'),
					},
				],
			});
			expect(status).toBe(200);
			expect(json.deliveries).toEqual([
				expect.objectContaining({ status: 200, ok: true, attempt: 1 }),
			]);
			const [delivery] = await receiver.waitFor(1);
			const parsed = parseTimelinesWebhook(delivery.body);
			expect(parsed).toMatchObject({
				eventType: 'message:received:new',
				uid: json.message_uid,
				chatId: json.chat_id,
				chatPhone: ANA,
				chatName: 'Ana Silva',
				isGroup: false,
				direction: 'received',
				text: 'Here is the signed order',
				sender: { name: 'Ana Silva', phone: ANA },
				responsible: { name: 'Sam Sales', email: 'sam.sales@sandbox.example' },
				whatsappAccount: {
					name: 'Sam Sales',
					email: 'sam.sales@sandbox.example',
					phone: '+447700900001',
				},
			});
			expect(parsed.chatUrl).toBe(`${sandbox.url}/chat/${json.chat_id}/messages/`);
			expect(parsed.attachments).toEqual([
				expect.objectContaining({ filename: 'order.txt', size: 9, mimetype: 'text/plain' }),
			]);
			expect(await (await fetch(parsed.attachments[0].url)).text()).toBe('200 units');
			const body = delivery.body as { message: { timestamp: string } };
			expect(body.message.timestamp).toMatch(TIMESTAMP);
			// The log never shows the receiver's secret.
			const log = sandbox.timelines.deliveries();
			expect(log).toHaveLength(1);
			expect(log[0].url).not.toContain('s3cr3t');
			expect(log[0]).toMatchObject({
				event: 'message:received:new',
				message_uid: json.message_uid,
				status: 200,
				attempt: 1,
			});
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(receiver.received).toHaveLength(1);
		});

		it('retries a delivery the receiver answered with 500', async () => {
			const id = await hook('message:new');
			receiver.respond = (n) => (n === 1 ? 500 : 200);
			const simulated = await sandbox.timelines.simulateMessage({
				phone: '+447700900777',
				name: 'Retry Person',
				text: 'hi',
			});
			expect(simulated.deliveries).toEqual([
				expect.objectContaining({ status: 500, ok: false, will_retry: true, attempt: 1 }),
			]);
			const received = await receiver.waitFor(2);
			expect(
				received.map((r) => (r.body as { message: { message_uid: string } }).message.message_uid),
			).toEqual([simulated.message_uid, simulated.message_uid]);
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(sandbox.timelines.deliveries().map((d) => [d.attempt, d.status])).toEqual([
				[1, 500],
				[2, 200],
			]);
			// A success after a failed attempt: 0 consecutive failures (errors_counter counts deliveries whose 3 attempts all failed).
			expect(sandbox.timelines.webhooks().find((w) => w.id === id)?.errors_counter).toBe(0);
			expect((await api('GET', `/webhooks/${id}`)).json.data?.errors_counter).toBe(0);
		});

		it('redelivers the same message on request', async () => {
			await hook('message:received:new');
			const simulated = await control<{ message_uid: string }>('/messages', {
				phone: ANA,
				text: 'once',
			});
			const again = await control<{ deliveries: unknown[] }>('/redeliver', {
				message_uid: simulated.json.message_uid,
			});
			expect(again.status).toBe(200);
			expect(again.json.deliveries).toHaveLength(1);
			const received = await receiver.waitFor(2);
			expect(received[1].body).toEqual(received[0].body);
			expect((await control('/redeliver', { message_uid: 'missing' })).status).toBe(404);
		});

		it('sends group chat messages with is_group true and no chat phone', async () => {
			await hook('message:new');
			const simulated = await sandbox.timelines.simulateMessage({
				is_group: true,
				group_name: 'Silva Imports team',
				phone: '+351913000111',
				name: 'Rui Costa',
				text: 'group hello',
			});
			expect(simulated.chat_created).toBe(false); // the seeded group
			const [delivery] = await receiver.waitFor(1);
			const body = delivery.body as { chat: { is_group: boolean; phone: string } };
			expect(body.chat).toMatchObject({ is_group: true, phone: '' });
			const parsed = parseTimelinesWebhook(delivery.body);
			expect(parsed).toMatchObject({
				isGroup: true,
				chatPhone: '',
				sender: { name: 'Rui Costa', phone: '+351913000111' },
			});
		});

		it('fires chat:responsible:assigned and chat:responsible:unassigned with the previous responsible', async () => {
			await hook('chat:responsible:assigned');
			await hook('chat:responsible:unassigned');
			const chatId = (
				(await api('GET', '/chats?name=Tom')).json.data?.chats as Array<{ id: number }>
			)[0].id;
			const patched = await api('PATCH', `/chats/${chatId}`, {
				responsible: 'priya.support@sandbox.example',
				read: true,
			});
			expect(patched.json.data).toMatchObject({
				responsible_email: 'priya.support@sandbox.example',
				responsible_name: 'Priya Support',
				read: true,
			});
			const [delivery] = await receiver.waitFor(1);
			expect(delivery.body).toMatchObject({
				event_type: 'chat:responsible:assigned',
				chat: {
					id: chatId,
					responsible_email: 'priya.support@sandbox.example',
					responsible_name: 'Priya Support',
				},
				whatsapp_account: { owner_email: 'priya.support@sandbox.example' },
			});
			await api('PATCH', `/chats/${chatId}`, { responsible: '' });
			const [, unassigned] = await receiver.waitFor(2);
			expect(unassigned.body).toMatchObject({
				event_type: 'chat:responsible:unassigned',
				chat: { id: chatId, previous_responsible_email: 'priya.support@sandbox.example' },
			});
			expect((await api('GET', `/chats/${chatId}`)).json.data).toMatchObject({
				responsible_email: null,
			});
			expect(
				(await api('PATCH', `/chats/${chatId}`, { responsible: 'stranger@example.com' })).status,
			).toBe(400);
		});
	});
});
