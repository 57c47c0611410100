import { startSandbox } from '../../../sandbox';
import type { RunningSandbox } from '../../../sandbox';
import { startWebhookReceiver } from './webhookReceiver';
import type { WebhookReceiver } from './webhookReceiver';
import { ANA, TOKEN, useTimelinesApiSandbox } from './timelinesApiFixture';

// The TimelinesAI half of the sandbox over real HTTP: auth, the envelope, the sandbox page and state snapshots.
describe('TimelinesAI sandbox API', () => {
	const fixture = useTimelinesApiSandbox();
	const { api, control, hook } = fixture;
	let sandbox: RunningSandbox;
	let receiver: WebhookReceiver;
	beforeAll(() => {
		({ sandbox, receiver } = fixture);
	});

	describe('auth and envelope', () => {
		it('refuses a missing or wrong token with 401 and the error envelope', async () => {
			for (const [token, code] of [
				[null, 'missing_credentials'],
				['wrong-token', 'invalid_token'],
			] as const) {
				const { status, json } = await api('GET', '/chats', undefined, token);
				expect(status).toBe(401);
				expect(json).toEqual({ status: 'error', message: 'Unauthorized', error_code: code });
			}
		});

		it('answers a trailing slash with a 404 HTML page and an unknown path with a 404 JSON error', async () => {
			const slash = await fetch(`${sandbox.url}/integrations/api/chats/`, {
				headers: { authorization: `Bearer ${TOKEN}` },
			});
			expect(slash.status).toBe(404);
			expect(slash.headers.get('content-type')).toContain('text/html');
			const unknown = await api('GET', '/no_such_thing');
			expect(unknown.status).toBe(404);
			expect(unknown.json.status).toBe('error');
		});

		it('lists accounts (owner_email), teammates and quotas under /workspace, templates with templates_count', async () => {
			const accounts = await api('GET', '/whatsapp_accounts');
			expect(accounts.json.status).toBe('ok');
			expect(accounts.json.data?.whatsapp_accounts).toEqual([
				expect.objectContaining({
					phone: '+447700900001',
					owner_email: 'sam.sales@sandbox.example',
					owner_name: 'Sam Sales',
					account_name: expect.any(String),
				}),
				expect.objectContaining({
					phone: '+447700900002',
					owner_email: 'priya.support@sandbox.example',
				}),
			]);
			const teammates = (await api('GET', '/workspace/teammates')).json.data?.teammates as Array<{
				email: string;
			}>;
			expect(teammates.map((t) => t.email)).toEqual(
				expect.arrayContaining([
					'alex.admin@sandbox.example',
					'sam.sales@sandbox.example',
					'priya.support@sandbox.example',
				]),
			);
			const templates = (await api('GET', '/templates')).json.data as {
				templates_count: number;
				templates: Array<Record<string, unknown>>;
			};
			expect(templates.templates_count).toBe(3);
			expect(templates.templates[0]).toMatchObject({
				id: 3,
				name: 'Business hours',
				visibility: 'public',
				team_title: null,
				created_by_name: 'Alex Admin',
			});
			expect((await api('GET', '/workspace')).json.data).toMatchObject({
				messaging_quota: { total: 10_000, used: 0 },
				api_calls_quota: { total: expect.any(Number) },
			});
			// Not in the spec: the old paths are gone.
			expect((await api('GET', '/teammates')).status).toBe(404);
			expect((await api('GET', '/quotas')).status).toBe(404);
		});
	});

	it('shows the chats on the sandbox page and behind chat_url', async () => {
		const page = await fetch(`${sandbox.url}/`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Silva Imports team');
		const chat = sandbox.timelines.chats().find((c) => c.phone === ANA);
		const link = await fetch(String(chat?.chat_url));
		expect(link.status).toBe(200);
		expect(await link.text()).toContain('Ana Silva');
	});

	describe('state', () => {
		it('round-trips a snapshot with files and resets to the seed', async () => {
			await hook('message:new');
			const simulated = await sandbox.timelines.simulateMessage({
				phone: '+447700900888',
				text: 'keep me',
				attachments: [{ filename: 'relatório📎.bin', size: 3 }],
			});
			const snapshot = JSON.parse(JSON.stringify(sandbox.timelines.snapshot())) as ReturnType<
				RunningSandbox['timelines']['snapshot']
			>;
			sandbox.timelines.reset();
			expect(sandbox.timelines.message(simulated.message_uid)).toBeUndefined();
			expect(sandbox.timelines.webhooks()).toEqual([]);
			sandbox.timelines.load(snapshot);
			const message = sandbox.timelines.message(simulated.message_uid);
			expect(message).toMatchObject({ text: 'keep me', attachment_filename: 'relatório📎.bin' });
			expect((await (await fetch(String(message?.attachment_url))).arrayBuffer()).byteLength).toBe(
				3,
			);
			expect(sandbox.timelines.webhooks()).toHaveLength(1);
		});

		it('simulates a burst with duplicated deliveries', async () => {
			await hook('message:received:new');
			const { status, json } = await control<{
				message_uids: string[];
				deliveries: { attempts: number; ok: number };
			}>('/burst', { count: 5, contacts: 2, duplicate: 2 });
			expect(status).toBe(200);
			expect(json.message_uids).toHaveLength(5);
			expect(json.deliveries).toEqual({ attempts: 10, ok: 10, failed: 0 });
			expect(
				new Set(
					receiver.received.map(
						(r) => (r.body as { message: { message_uid: string } }).message.message_uid,
					),
				).size,
			).toBe(5);
		});
	});
});

describe('TimelinesAI sandbox shutdown', () => {
	it('stops without waiting for scheduled retries', async () => {
		const receiver = await startWebhookReceiver();
		receiver.respond = () => 500;
		const sandbox = await startSandbox({ port: 0, timelines: { retryDelaysMs: [60_000] } });
		const created = await fetch(`${sandbox.url}/integrations/api/webhooks`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ event_type: 'message:new', url: `${receiver.url}/hook` }),
		});
		expect(created.status).toBe(200);
		const simulated = await sandbox.timelines.simulateMessage({ phone: ANA, text: 'will fail' });
		expect(simulated.deliveries[0]).toMatchObject({ status: 500, will_retry: true });
		const started = Date.now();
		await sandbox.close();
		expect(Date.now() - started).toBeLessThan(2500);
		await receiver.close();
		expect(receiver.received).toHaveLength(1);
	});
});
