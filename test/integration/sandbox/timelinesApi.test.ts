import { parseTimelinesWebhook } from '../../../nodes/shared/domain/timelinesEvent';
import {
	parseTimelinesChat,
	parseTimelinesMessage,
} from '../../../nodes/shared/transport/timelinesai/timelinesChatParsers';
import { startSandbox } from '../../../sandbox';
import type { RunningSandbox } from '../../../sandbox';
import { startWebhookReceiver } from './webhookReceiver';
import type { WebhookReceiver } from './webhookReceiver';

// The TimelinesAI half of the sandbox over real HTTP: the API the pack calls, and the webhooks it sends.
const TOKEN = 'sandbox-timelines-token';
const ANA = '+351912345678';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Envelope = {
	status: string;
	data?: Record<string, unknown> & { [key: string]: unknown };
	message?: string;
};

describe('TimelinesAI sandbox API', () => {
	let sandbox: RunningSandbox;
	let receiver: WebhookReceiver;

	beforeAll(async () => {
		receiver = await startWebhookReceiver();
		sandbox = await startSandbox({
			port: 0,
			timelines: { retryDelaysMs: [50], deliveryRetries: 2 },
		});
	});

	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});

	beforeEach(() => {
		sandbox.timelines.reset();
		receiver.clear();
	});

	async function api(
		method: string,
		path: string,
		body?: unknown,
		token: string | null = TOKEN,
	): Promise<{ status: number; json: Envelope }> {
		const headers: Record<string, string> = {};
		if (token !== null) headers.authorization = `Bearer ${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${sandbox.url}/integrations/api${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, json: (await response.json()) as Envelope };
	}

	async function control<T>(path: string, body?: unknown): Promise<{ status: number; json: T }> {
		const response = await fetch(`${sandbox.url}/__control/timelines${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, json: (await response.json()) as T };
	}

	async function hook(
		eventType: string,
		url = `${receiver.url}/hook?secret=s3cr3t`,
	): Promise<number> {
		const { status, json } = await api('POST', '/webhooks', {
			event_type: eventType,
			url,
			enabled: true,
		});
		expect(status).toBe(200);
		return json.data?.id as number;
	}

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

	describe('chats and messages', () => {
		it('filters chats by phone: exact with +, digits substring without, never groups', async () => {
			const { json } = await api('GET', `/chats?phone=${encodeURIComponent(ANA)}`);
			const chats = json.data?.chats as Array<Record<string, unknown>>;
			expect(chats).toHaveLength(1);
			expect(chats[0]).toMatchObject({
				id: expect.any(Number),
				name: 'Ana Silva',
				phone: ANA,
				is_group: false,
				responsible_email: 'sam.sales@sandbox.example',
				responsible_name: 'Sam Sales',
			});
			expect(chats[0]).not.toHaveProperty('responsible');
			expect(json.data?.has_more_pages).toBe(false);
			expect((await api('GET', '/chats?phone=%2B35191234567')).json.data?.chats).toEqual([]);
			// An unencoded + arrives as a space: the substring reading.
			expect((await api('GET', '/chats?phone=+35191234567')).json.data?.chats).toHaveLength(1);
			expect((await api('GET', '/chats?phone=0912345678')).json.data?.chats).toHaveLength(1);
			expect((await api('GET', '/chats?phone=351913000111')).json.data?.chats).toEqual([]); // only a group member
			const groups = (await api('GET', '/chats?group=true')).json.data?.chats as Array<
				Record<string, unknown>
			>;
			expect(groups).toEqual([expect.objectContaining({ is_group: true, phone: null })]);
			expect((await api('GET', '/chats?read=maybe')).status).toBe(400);
		});

		it('switches the phone filter to a digits substring match with chatPhoneFilter', async () => {
			expect((await control('/behaviour', { chatPhoneFilter: 'substring' })).json).toMatchObject({
				chatPhoneFilter: 'substring',
			});
			expect((await api('GET', '/chats?phone=%2B35191234567')).json.data?.chats).toHaveLength(1);
		});

		it('applies every list filter of the spec, AND-combined', async () => {
			const names = async (query: string): Promise<string[]> =>
				((await api('GET', `/chats?${query}`)).json.data?.chats as Array<{ name: string }>)
					.map((c) => c.name)
					.sort();
			await api('PATCH', '/chats/3', { closed: true, chatgpt_autoresponse_enabled: true });
			expect(await names('closed=true')).toEqual(['Tom Baker']);
			expect(await names('chatgpt_autoresponse_enabled=true')).toEqual(['Tom Baker']);
			expect(await names('whatsapp_account_id=447700900002%40s.whatsapp.net')).toEqual([
				'Tom Baker',
			]);
			expect(await names('responsible=nobody%40x.example,sam.sales%40sandbox.example')).toEqual([
				'Ana Silva',
				'Silva Imports team',
			]);
			expect(await names('name=okafor,baker')).toEqual(['Ben Okafor', 'Tom Baker']);
			expect(await names('label=prospect')).toEqual(['Ana Silva']);
			expect(await names('whatsapp_phone=%2B351913000111')).toEqual(['Silva Imports team']);
			expect(await names('whatsapp_phone=351912345678')).toEqual([
				'Ana Silva',
				'Silva Imports team',
			]);
			expect(await names('created_before=2024-01-01T00:00:00Z')).toEqual([]);
			expect(await names('group=false&read=false')).toEqual(['Tom Baker']);
			// Order: the most recent message first.
			const order = ((await api('GET', '/chats')).json.data?.chats as Array<{ name: string }>).map(
				(c) => c.name,
			);
			expect(order).toEqual(['Tom Baker', 'Silva Imports team', 'Ana Silva', 'Ben Okafor']);
		});

		it('pages message history newest first, 50 a page, with before_message / after_message cursors; page is not a parameter', async () => {
			const chatId = (
				(await api('GET', '/chats?name=okafor')).json.data?.chats as Array<{ id: number }>
			)[0].id;
			type Page = {
				messages: Array<{ uid: string; timestamp: string; text: string }>;
				has_more_pages: boolean;
			};
			const page1 = (await api('GET', `/chats/${chatId}/messages`)).json.data as Page;
			expect(page1.messages).toHaveLength(50);
			expect(page1.has_more_pages).toBe(true);
			expect(page1.messages[0].text).toBe('Order follow-up 65');
			const oldest = page1.messages[49].uid;
			const page2 = (await api('GET', `/chats/${chatId}/messages?before_message=${oldest}`)).json
				.data as Page;
			expect(page2.messages.map((m) => m.text)).toEqual(
				Array.from({ length: 15 }, (_, i) => `Order follow-up ${15 - i}`),
			);
			expect(page2.has_more_pages).toBe(false);
			expect((await api('GET', `/chats/${chatId}/messages?page=2`)).json.data).toEqual(page1);
			const asc = (
				await api(
					'GET',
					`/chats/${chatId}/messages?sorting_order=asc&after_message=${page2.messages[1].uid}`,
				)
			).json.data as Page;
			expect(asc.messages.slice(0, 2).map((m) => m.text)).toEqual([
				'Order follow-up 15',
				'Order follow-up 16',
			]);
			expect(page1.messages[0].timestamp).toMatch(TIMESTAMP);
			// What the pack's chat page reads from these objects.
			expect(
				page1.messages
					.map((m) => parseTimelinesMessage(m, chatId))
					.every((m) => m !== undefined && m.chatId === chatId),
			).toBe(true);
			expect(parseTimelinesChat((await api('GET', `/chats/${chatId}`)).json.data)).toMatchObject({
				id: chatId,
				name: 'Ben Okafor',
				phone: '+2348031234567',
				isGroup: false,
			});
			const mine = (await api('GET', `/chats/${chatId}/messages?from_me=true`)).json.data
				?.messages as Array<{ from_me: boolean }>;
			expect(mine.length).toBeGreaterThan(0);
			expect(mine.every((m) => m.from_me)).toBe(true);
			expect((await api('GET', '/chats/999999/messages')).status).toBe(404);
		});

		it('shows notes in the history as message_type "note" unless notesInHistory is off', async () => {
			const note = await api('POST', '/chats/1/notes', { text: 'Private: wants a discount' });
			expect(note.status).toBe(200);
			const types = async (): Promise<string[]> =>
				(
					(await api('GET', '/chats/1/messages')).json.data?.messages as Array<{
						message_type: string;
					}>
				).map((m) => m.message_type);
			expect(await types()).toEqual(['note', 'whatsapp', 'whatsapp', 'whatsapp', 'whatsapp']);
			await control('/behaviour', { notesInHistory: false });
			expect(await types()).toEqual(['whatsapp', 'whatsapp', 'whatsapp', 'whatsapp']);
			// A note is not chat activity: the chat's last message stays the WhatsApp one.
			expect((await api('GET', '/chats/1')).json.data?.last_message_uid).toBe(
				'5eed0000-0000-4000-8000-000000000004',
			);
		});

		it('adds labels with PUT and replaces them with POST', async () => {
			expect(
				(await api('PUT', '/chats/1/labels', { labels: ['Quoted'] })).json.data?.labels,
			).toEqual(['Prospect', 'Quoted']);
			expect((await api('POST', '/chats/1/labels', { labels: ['Won'] })).json.data?.labels).toEqual(
				['Won'],
			);
		});

		it('sends to a new phone: creates the chat and fires chat:new, chat:outgoing:new and message:sent:new', async () => {
			await hook('message:sent:new');
			await hook('chat:new');
			await hook('chat:outgoing:new');
			const sent = await api('POST', '/messages', {
				phone: '+447700900555',
				whatsapp_account_phone: '+447700900002',
				text: 'Hello from the API',
			});
			expect(sent.status).toBe(200);
			const uid = sent.json.data?.message_uid as string;
			expect(uid).toMatch(UUID_V4);
			const chats = (await api('GET', '/chats?phone=%2B447700900555')).json.data?.chats as Array<{
				id: number;
				whatsapp_account_id: string;
			}>;
			expect(chats).toHaveLength(1);
			expect(chats[0].whatsapp_account_id).toBe('447700900002@s.whatsapp.net');
			const message = (await api('GET', `/messages/${uid}`)).json.data;
			expect(message).toMatchObject({
				uid,
				chat_id: chats[0].id,
				from_me: true,
				status: 'Sent',
				origin: 'Public API',
				text: 'Hello from the API',
				message_type: 'whatsapp',
				created_by: 'Alex Admin',
				reactions: { users: [], reactions: {}, total: 0 },
				data: {},
			});

			const received = await receiver.waitFor(3);
			const events = received.map((r) => (r.body as { event_type: string }).event_type).sort();
			expect(events).toEqual(['chat:new', 'chat:outgoing:new', 'message:sent:new']);
			const payload = received.find(
				(r) => (r.body as { event_type: string }).event_type === 'message:sent:new',
			)?.body;
			const parsed = parseTimelinesWebhook(payload);
			expect(parsed).toMatchObject({
				uid,
				direction: 'sent',
				origin: 'Public API',
				chatId: chats[0].id,
				chatPhone: '+447700900555',
				whatsappAccount: { phone: '+447700900002', email: 'priya.support@sandbox.example' },
			});
			expect(received[0].headers['content-type']).toBe('application/json');
			expect(received[0].query.get('secret')).toBe('s3cr3t');

			// A second send to the same phone reuses the chat.
			await api('POST', '/messages', {
				phone: '+447700900555',
				whatsapp_account_phone: '+447700900002',
				text: 'again',
			});
			expect((await api('GET', '/chats?phone=%2B447700900555')).json.data?.chats).toHaveLength(1);
			expect(
				(await api('POST', '/messages', { phone: '447700900555', text: 'no plus' })).status,
			).toBe(400);
			expect((await api('POST', '/messages', { phone: '+447700900556' })).status).toBe(400);
			// Message.text maxLength 2000.
			expect(
				(await api('POST', '/messages', { phone: '+447700900555', text: 'x'.repeat(2000) })).status,
			).toBe(200);
			expect(
				(await api('POST', '/messages', { phone: '+447700900555', text: 'x'.repeat(2001) })).json,
			).toMatchObject({ status: 'error', error_code: 'validation_error' });
		});

		it('uploads a file, sends it with file_uid, and serves it through the attachment URL', async () => {
			const form = new FormData();
			form.append(
				'file',
				new Blob([Buffer.from('%PDF-1.4 sandbox')], { type: 'application/pdf' }),
				'quote.pdf',
			);
			const upload = await fetch(`${sandbox.url}/integrations/api/files_upload`, {
				method: 'POST',
				headers: { authorization: `Bearer ${TOKEN}` },
				body: form,
			});
			const uploaded = (await upload.json()) as Envelope;
			expect(uploaded.status).toBe('ok');
			const fileUid = uploaded.data?.uid as string;
			expect(uploaded.data).toMatchObject({
				filename: 'quote.pdf',
				size: 16,
				mimetype: 'application/pdf',
				uploaded_by_email: 'alex.admin@sandbox.example',
			});
			// GET /files answers a bare array.
			expect(
				((await api('GET', '/files')).json.data as unknown as Array<{ uid: string }>).map(
					(f) => f.uid,
				),
			).toContain(fileUid);

			const chatId = (
				(await api('GET', `/chats?phone=${encodeURIComponent(ANA)}`)).json.data?.chats as Array<{
					id: number;
				}>
			)[0].id;
			const sent = await api('POST', `/chats/${chatId}/messages`, {
				text: 'Your quote',
				file_uid: fileUid,
			});
			expect(sent.status).toBe(200);
			const page = (await api('GET', `/chats/${chatId}/messages`)).json.data?.messages as Array<
				Record<string, unknown>
			>;
			const last = page[0];
			expect(last).toMatchObject({
				uid: sent.json.data?.message_uid,
				has_attachment: true,
				attachment_filename: 'quote.pdf',
				text: 'Your quote',
			});
			// A temporary download URL: works without the token.
			const file = await fetch(String(last.attachment_url));
			expect(file.status).toBe(200);
			expect(file.headers.get('content-type')).toBe('application/pdf');
			expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('%PDF-1.4 sandbox');
			// "temporary_download_url valid 15 minutes"
			const expires = Number(new URL(String(last.attachment_url)).searchParams.get('expires'));
			expect(expires * 1000 - Date.now()).toBeGreaterThan(890_000);
			expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(900_000);
			const tampered = await fetch(
				String(last.attachment_url).replace(/signature=[0-9a-f]/, 'signature=x'),
			);
			expect(tampered.status).toBe(401);
			expect((await api('POST', `/chats/${chatId}/messages`, { file_uid: 'nope' })).status).toBe(
				400,
			);
		});
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
