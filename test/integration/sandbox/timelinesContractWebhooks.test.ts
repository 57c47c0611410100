// Contract tests of the webhook bodies the sandbox sends: every produced event, validated against
// TimelinesAI's webhook spec 2.0.0 with ajv (timelinesOasValidator.ts).
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { PRODUCED_EVENTS } from '../../../sandbox/timelines/webhookEvents';
import { timelines, timelinesControl } from './timelinesHttp';
import { ANA_CHAT, SUPPORT, oas } from './timelinesContractFixture';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

describe('webhook deliveries', () => {
	let receiver: WebhookReceiver;
	let hooks: RunningSandbox;

	beforeAll(async () => {
		receiver = await startWebhookReceiver();
		hooks = await startSandbox({ port: 0, timelines: { webhookLimit: 20, deliveryRetries: 0 } });
		for (const event of PRODUCED_EVENTS) {
			const created = await timelines(hooks.url, 'POST', '/webhooks', {
				body: { event_type: event, url: `${receiver.url}/hook?secret=s` },
			});
			expect(created.status).toBe(200);
		}
		const control = (path: string, body: unknown) => timelinesControl(hooks.url, path, body);
		await control('/messages', { phone: '+447700900701', name: 'New Contact', text: 'hello' });
		await control('/messages', {
			phone: '+447700900701',
			attachments: [{ filename: 'photo.jpg', mimetype: 'image/jpeg', size: 10 }],
		});
		await control('/messages', {
			is_group: true,
			group_name: 'Contract group',
			phone: '+447700900702',
			name: 'Member',
			text: 'group hi',
		});
		await control('/behaviour', { groupSenderPhone: false });
		await control('/messages', {
			is_group: true,
			group_name: 'Contract group',
			phone: '+447700900703',
			name: 'Private Member',
			text: 'no phone',
		});
		await timelines(hooks.url, 'POST', '/messages', {
			body: { phone: '+447700900704', text: 'outgoing new chat' },
		});
		await timelines(hooks.url, 'PATCH', `/chats/${ANA_CHAT}`, {
			body: { responsible: 'priya.support@sandbox.example' },
		});
		await timelines(hooks.url, 'PATCH', `/chats/${ANA_CHAT}`, { body: { responsible: '' } });
		await timelines(
			hooks.url,
			'PATCH',
			'/messages/5eed0000-0000-4000-8000-000000000001/reactions',
			{ body: { reaction: '👍' } },
		);
		await control('/reactions', {
			message_uid: '5eed0000-0000-4000-8000-000000000002',
			emoji: '🙏',
		});
		for (const action of ['suspend', 'resume', 'disconnect', 'connect'])
			await control(`/accounts/${action}`, { phone: SUPPORT });
		await receiver.waitFor(20);
		await new Promise((resolve) => setTimeout(resolve, 200));
	});

	afterAll(async () => {
		await hooks.close();
		await receiver.close();
	});

	it('validates every delivered body against the webhook spec 2.0.0 for its event type', () => {
		const failures = receiver.received.map((hook) => {
			const body = hook.body as { event_type: string };
			return { event: body.event_type, errors: oas.webhookErrors(body.event_type, body) };
		});
		expect(failures.filter((f) => f.errors.length > 0)).toEqual([]);
		expect(receiver.received.length).toBeGreaterThanOrEqual(20);
	});

	it.each(PRODUCED_EVENTS.map((event) => [event]))('delivered at least one %s', (event) => {
		expect(
			receiver.received.map((hook) => (hook.body as { event_type: string }).event_type),
		).toContain(event);
	});

	it('sends no phone for a group member when the groupSenderPhone switch is off', () => {
		const bodies = receiver.received.map(
			(hook) =>
				hook.body as { event_type: string; message?: { text: string; sender: { phone?: string } } },
		);
		const hidden = bodies.find(
			(b) => b.event_type === 'message:new' && b.message?.text === 'no phone',
		);
		expect(hidden?.message?.sender).toEqual({ full_name: 'Private Member' });
	});
});
