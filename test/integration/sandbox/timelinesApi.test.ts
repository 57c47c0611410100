import { parseTimelinesWebhook } from '../../../nodes/shared/domain/timelinesEvent';
import { parseTimelinesChat, parseTimelinesMessage } from '../../../nodes/shared/transport/timelinesai/timelinesChatParsers';
import { startSandbox } from '../../../sandbox/index';
import type { RunningSandbox } from '../../../sandbox/index';
import { startWebhookReceiver } from './webhookReceiver';
import type { WebhookReceiver } from './webhookReceiver';

// The TimelinesAI half of the sandbox over real HTTP: the API the pack calls, and the webhooks it sends.
const TOKEN = 'sandbox-timelines-token';
const ANA = '+351912345678';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Envelope = { status: string; data?: Record<string, unknown> & { [key: string]: unknown }; message?: string };

describe('TimelinesAI sandbox API', () => {
	let sandbox: RunningSandbox;
	let receiver: WebhookReceiver;

	beforeAll(async () => {
		receiver = await startWebhookReceiver();
		sandbox = await startSandbox({ port: 0, timelines: { retryDelaysMs: [50], deliveryRetries: 2 } });
	});

	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});

	beforeEach(() => {
		sandbox.timelines.reset();
		receiver.clear();
	});

	async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<{ status: number; json: Envelope }> {
		const headers: Record<string, string> = {};
		if (token !== null) headers.authorization = `Bearer ${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${sandbox.url}/integrations/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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

	async function hook(eventType: string, url = `${receiver.url}/hook?secret=s3cr3t`): Promise<number> {
		const { status, json } = await api('POST', '/webhooks', { event_type: eventType, url, enabled: true });
		expect(status).toBe(200);
		return json.data?.id as number;
	}

	describe('auth and envelope', () => {
		it('refuses a missing or wrong token with 401 and the error envelope', async () => {
			for (const token of [null, 'wrong-token']) {
				const { status, json } = await api('GET', '/chats', undefined, token);
				expect(status).toBe(401);
				expect(json).toEqual({ status: 'error', message: 'Unauthorized' });
			}
		});

		it('answers a trailing slash with a 404 HTML page and an unknown path with a 404 JSON error', async () => {
			const slash = await fetch(`${sandbox.url}/integrations/api/chats/`, { headers: { authorization: `Bearer ${TOKEN}` } });
			expect(slash.status).toBe(404);
			expect(slash.headers.get('content-type')).toContain('text/html');
			const unknown = await api('GET', '/no_such_thing');
			expect(unknown.status).toBe(404);
			expect(unknown.json.status).toBe('error');
		});

		it('lists accounts, teammates, templates and quotas in the ok envelope', async () => {
			const accounts = await api('GET', '/whatsapp_accounts');
			expect(accounts.json.status).toBe('ok');
			expect(accounts.json.data?.whatsapp_accounts).toEqual([
				expect.objectContaining({ phone: '+447700900001', email: 'sam.sales@sandbox.example', owner_name: 'Sam Sales', account_name: expect.any(String) }),
				expect.objectContaining({ phone: '+447700900002', email: 'priya.support@sandbox.example' }),
			]);
			const teammates = (await api('GET', '/teammates')).json.data?.teammates as Array<{ email: string }>;
			expect(teammates.map((t) => t.email)).toEqual(expect.arrayContaining(['alex.admin@sandbox.example', 'sam.sales@sandbox.example', 'priya.support@sandbox.example']));
			const templates = (await api('GET', '/templates')).json.data?.templates as unknown[];
			expect(templates).toHaveLength(3);
			expect(templates[0]).toEqual({ id: expect.any(Number), name: expect.any(String), text: expect.any(String) });
			expect((await api('GET', '/quotas')).json.data).toHaveProperty('messages.remaining');
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
		it('filters chats by exact E.164 phone and by group', async () => {
			const { json } = await api('GET', `/chats?phone=${encodeURIComponent(ANA)}`);
			const chats = json.data?.chats as Array<Record<string, unknown>>;
			expect(chats).toHaveLength(1);
			expect(chats[0]).toMatchObject({ id: expect.any(Number), name: 'Ana Silva', phone: ANA, is_group: false, responsible: 'sam.sales@sandbox.example' });
			expect(json.data?.has_more_pages).toBe(false);
			expect((await api('GET', '/chats?phone=%2B35191234567')).json.data?.chats).toEqual([]);
			const groups = (await api('GET', '/chats?group=true')).json.data?.chats as Array<Record<string, unknown>>;
			expect(groups).toEqual([expect.objectContaining({ is_group: true, phone: '' })]);
			expect((await api('GET', '/chats?read=maybe')).status).toBe(400);
		});

		it('pages messages newest first, each page chronological, with has_more_pages', async () => {
			const ben = (await api('GET', '/chats?name=okafor')).json.data?.chats as Array<{ id: number }>;
			const chatId = ben[0].id;
			const page1 = (await api('GET', `/chats/${chatId}/messages`)).json.data as { messages: Array<{ uid: string; timestamp: string; from_me: boolean }>; has_more_pages: boolean };
			const page2 = (await api('GET', `/chats/${chatId}/messages?page=2`)).json.data as typeof page1;
			expect(page1.messages).toHaveLength(50);
			expect(page1.has_more_pages).toBe(true);
			expect(page2.messages).toHaveLength(15);
			expect(page2.has_more_pages).toBe(false);
			const times = [...page2.messages, ...page1.messages].map((m) => Date.parse(m.timestamp.replace(' ', 'T').replace(' +0000', 'Z')));
			expect(times).toEqual([...times].sort((a, b) => a - b));
			expect(page1.messages[0].timestamp).toMatch(TIMESTAMP);
			// What the pack's chat page reads from these objects.
			expect(page1.messages.map((m) => parseTimelinesMessage(m, chatId)).every((m) => m !== undefined && m.chatId === chatId)).toBe(true);
			expect(parseTimelinesChat(ben[0])).toMatchObject({ id: chatId, name: 'Ben Okafor', phone: '+2348031234567', isGroup: false });
			const mine = (await api('GET', `/chats/${chatId}/messages?from_me=true`)).json.data?.messages as Array<{ from_me: boolean }>;
			expect(mine.length).toBeGreaterThan(0);
			expect(mine.every((m) => m.from_me)).toBe(true);
			const after = (await api('GET', `/chats/${chatId}/messages?after_message=${page1.messages[47].uid}`)).json.data?.messages as unknown[];
			expect(after).toHaveLength(2);
			expect((await api('GET', '/chats/999999/messages')).status).toBe(404);
		});

		it('sends to a new phone: creates the chat and fires chat:created and message:sent:new', async () => {
			await hook('message:sent:new');
			await hook('chat:created');
			const sent = await api('POST', '/messages', { phone: '+447700900555', whatsapp_account_phone: '+447700900002', text: 'Hello from the API' });
			expect(sent.status).toBe(200);
			const uid = sent.json.data?.message_uid as string;
			expect(uid).toMatch(UUID_V4);
			const chats = (await api('GET', '/chats?phone=%2B447700900555')).json.data?.chats as Array<{ id: number; whatsapp_account_id: string }>;
			expect(chats).toHaveLength(1);
			expect(chats[0].whatsapp_account_id).toBe('447700900002@s.whatsapp.net');
			const message = (await api('GET', `/messages/${uid}`)).json.data;
			expect(message).toMatchObject({ uid, chat_id: chats[0].id, from_me: true, status: 'Sent', origin: 'Public API', text: 'Hello from the API' });

			const received = await receiver.waitFor(2);
			const events = received.map((r) => (r.body as { event_type: string }).event_type).sort();
			expect(events).toEqual(['chat:created', 'message:sent:new']);
			const payload = received.find((r) => (r.body as { event_type: string }).event_type === 'message:sent:new')?.body;
			const parsed = parseTimelinesWebhook(payload);
			expect(parsed).toMatchObject({ uid, direction: 'sent', origin: 'Public API', chatId: chats[0].id, chatPhone: '+447700900555', whatsappAccount: { phone: '+447700900002', email: 'priya.support@sandbox.example' } });
			expect(received[0].headers['content-type']).toBe('application/json');
			expect(received[0].query.get('secret')).toBe('s3cr3t');

			// A second send to the same phone reuses the chat.
			await api('POST', '/messages', { phone: '+447700900555', whatsapp_account_phone: '+447700900002', text: 'again' });
			expect((await api('GET', '/chats?phone=%2B447700900555')).json.data?.chats).toHaveLength(1);
			expect((await api('POST', '/messages', { phone: '447700900555', text: 'no plus' })).status).toBe(400);
			expect((await api('POST', '/messages', { phone: '+447700900556' })).status).toBe(400);
		});

		it('uploads a file, sends it with file_uid, and serves it through the attachment URL', async () => {
			const form = new FormData();
			form.append('file', new Blob([Buffer.from('%PDF-1.4 sandbox')], { type: 'application/pdf' }), 'quote.pdf');
			const upload = await fetch(`${sandbox.url}/integrations/api/files_upload`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
			const uploaded = (await upload.json()) as Envelope;
			expect(uploaded.status).toBe('ok');
			const fileUid = uploaded.data?.uid as string;
			expect(uploaded.data).toMatchObject({ filename: 'quote.pdf', size: 16, mimetype: 'application/pdf' });
			expect(((await api('GET', '/files')).json.data?.files as Array<{ uid: string }>).map((f) => f.uid)).toContain(fileUid);

			const chatId = ((await api('GET', `/chats?phone=${encodeURIComponent(ANA)}`)).json.data?.chats as Array<{ id: number }>)[0].id;
			const sent = await api('POST', `/chats/${chatId}/messages`, { text: 'Your quote', file_uid: fileUid });
			expect(sent.status).toBe(200);
			const page = (await api('GET', `/chats/${chatId}/messages`)).json.data?.messages as Array<Record<string, unknown>>;
			const last = page[page.length - 1];
			expect(last).toMatchObject({ uid: sent.json.data?.message_uid, has_attachment: true, attachment_filename: 'quote.pdf', text: 'Your quote' });
			// A temporary download URL: works without the token.
			const file = await fetch(String(last.attachment_url));
			expect(file.status).toBe(200);
			expect(file.headers.get('content-type')).toBe('application/pdf');
			expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('%PDF-1.4 sandbox');
			const tampered = await fetch(String(last.attachment_url).replace(/signature=[0-9a-f]/, 'signature=x'));
			expect(tampered.status).toBe(401);
			expect((await api('POST', `/chats/${chatId}/messages`, { file_uid: 'nope' })).status).toBe(400);
		});
	});

	describe('webhooks', () => {
		it('registers, lists, reads, updates and deletes webhooks', async () => {
			const id = await hook('message:received:new');
			const list = (await api('GET', '/webhooks')).json.data?.webhooks;
			expect(list).toEqual([{ id, event_type: 'message:received:new', url: `${receiver.url}/hook?secret=s3cr3t`, enabled: true, errors_counter: 0 }]);
			expect((await api('GET', `/webhooks/${id}`)).json.data).toMatchObject({ id });
			expect((await api('PUT', `/webhooks/${id}`, { enabled: false })).json.data).toMatchObject({ id, enabled: false });
			expect((await api('DELETE', `/webhooks/${id}`)).json.status).toBe('ok');
			expect((await api('GET', `/webhooks/${id}`)).status).toBe(404);
			expect((await api('DELETE', `/webhooks/${id}`)).status).toBe(404);
			expect((await api('POST', '/webhooks', { event_type: 'message:everything', url: receiver.url })).status).toBe(400);
			expect((await api('POST', '/webhooks', { event_type: 'message:new', url: 'ftp://example.com/x' })).status).toBe(400);
		});

		it('allows at most 10 webhooks per workspace', async () => {
			for (let i = 0; i < 10; i += 1) await hook('message:new', `${receiver.url}/hook/${i}`);
			const eleventh = await api('POST', '/webhooks', { event_type: 'message:new', url: `${receiver.url}/hook/10` });
			expect(eleventh.status).toBe(400);
			expect(eleventh.json.status).toBe('error');
		});

		it('delivers a simulated incoming message whose payload the pack parses', async () => {
			await hook('message:received:new');
			await hook('message:sent:new'); // must not fire for an incoming message
			const { status, json } = await control<{ message_uid: string; chat_id: number; deliveries: Array<{ status: number; ok: boolean }> }>('/messages', {
				phone: ANA,
				name: 'Ana Silva',
				text: 'Here is the signed order',
				attachments: [{ filename: 'order.txt', mimetype: 'text/plain', content_base64: Buffer.from('200 units').toString('base64') }],
			});
			expect(status).toBe(200);
			expect(json.deliveries).toEqual([expect.objectContaining({ status: 200, ok: true, attempt: 1 })]);
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
				whatsappAccount: { name: 'Sam Sales', email: 'sam.sales@sandbox.example', phone: '+447700900001' },
			});
			expect(parsed.chatUrl).toBe(`${sandbox.url}/chat/${json.chat_id}/messages/`);
			expect(parsed.attachments).toEqual([expect.objectContaining({ filename: 'order.txt', size: 9, mimetype: 'text/plain' })]);
			expect(await (await fetch(parsed.attachments[0].url)).text()).toBe('200 units');
			const body = delivery.body as { message: { timestamp: string } };
			expect(body.message.timestamp).toMatch(TIMESTAMP);
			// The log never shows the receiver's secret.
			const log = sandbox.timelines.deliveries();
			expect(log).toHaveLength(1);
			expect(log[0].url).not.toContain('s3cr3t');
			expect(log[0]).toMatchObject({ event: 'message:received:new', message_uid: json.message_uid, status: 200, attempt: 1 });
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(receiver.received).toHaveLength(1);
		});

		it('retries a delivery the receiver answered with 500', async () => {
			const id = await hook('message:new');
			receiver.respond = (n) => (n === 1 ? 500 : 200);
			const simulated = await sandbox.timelines.simulateMessage({ phone: '+447700900777', name: 'Retry Person', text: 'hi' });
			expect(simulated.deliveries).toEqual([expect.objectContaining({ status: 500, ok: false, will_retry: true, attempt: 1 })]);
			const received = await receiver.waitFor(2);
			expect(received.map((r) => (r.body as { message: { message_uid: string } }).message.message_uid)).toEqual([simulated.message_uid, simulated.message_uid]);
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(sandbox.timelines.deliveries().map((d) => [d.attempt, d.status])).toEqual([
				[1, 500],
				[2, 200],
			]);
			expect(sandbox.timelines.webhooks().find((w) => w.id === id)?.errors_counter).toBe(1);
			expect((await api('GET', `/webhooks/${id}`)).json.data?.errors_counter).toBe(1);
		});

		it('redelivers the same message on request', async () => {
			await hook('message:received:new');
			const simulated = await control<{ message_uid: string }>('/messages', { phone: ANA, text: 'once' });
			const again = await control<{ deliveries: unknown[] }>('/redeliver', { message_uid: simulated.json.message_uid });
			expect(again.status).toBe(200);
			expect(again.json.deliveries).toHaveLength(1);
			const received = await receiver.waitFor(2);
			expect(received[1].body).toEqual(received[0].body);
			expect((await control('/redeliver', { message_uid: 'missing' })).status).toBe(404);
		});

		it('sends group chat messages with is_group true and no chat phone', async () => {
			await hook('message:new');
			const simulated = await sandbox.timelines.simulateMessage({ is_group: true, group_name: 'Silva Imports team', phone: '+351913000111', name: 'Rui Costa', text: 'group hello' });
			expect(simulated.chat_created).toBe(false); // the seeded group
			const [delivery] = await receiver.waitFor(1);
			const body = delivery.body as { chat: { is_group: boolean; phone: string } };
			expect(body.chat).toMatchObject({ is_group: true, phone: '' });
			const parsed = parseTimelinesWebhook(delivery.body);
			expect(parsed).toMatchObject({ isGroup: true, chatPhone: '', sender: { name: 'Rui Costa', phone: '+351913000111' } });
		});

		it('fires chat:assigned when a chat gets a responsible', async () => {
			await hook('chat:assigned');
			const chatId = ((await api('GET', '/chats?name=Tom')).json.data?.chats as Array<{ id: number }>)[0].id;
			const patched = await api('PATCH', `/chats/${chatId}`, { responsible: 'priya.support@sandbox.example', read: true });
			expect(patched.json.data).toMatchObject({ responsible: 'priya.support@sandbox.example', read: true });
			const [delivery] = await receiver.waitFor(1);
			expect(delivery.body).toMatchObject({ event_type: 'chat:assigned', chat: { chat_id: chatId, responsible_email: 'priya.support@sandbox.example', responsible_name: 'Priya Support' } });
			expect((await api('PATCH', `/chats/${chatId}`, { responsible: 'stranger@example.com' })).status).toBe(400);
		});
	});

	describe('state', () => {
		it('round-trips a snapshot with files and resets to the seed', async () => {
			await hook('message:new');
			const simulated = await sandbox.timelines.simulateMessage({ phone: '+447700900888', text: 'keep me', attachments: [{ filename: 'relatório📎.bin', size: 3 }] });
			const snapshot = JSON.parse(JSON.stringify(sandbox.timelines.snapshot())) as ReturnType<RunningSandbox['timelines']['snapshot']>;
			sandbox.timelines.reset();
			expect(sandbox.timelines.message(simulated.message_uid)).toBeUndefined();
			expect(sandbox.timelines.webhooks()).toEqual([]);
			sandbox.timelines.load(snapshot);
			const message = sandbox.timelines.message(simulated.message_uid);
			expect(message).toMatchObject({ text: 'keep me', attachment_filename: 'relatório📎.bin' });
			expect((await (await fetch(String(message?.attachment_url))).arrayBuffer()).byteLength).toBe(3);
			expect(sandbox.timelines.webhooks()).toHaveLength(1);
		});

		it('simulates a burst with duplicated deliveries', async () => {
			await hook('message:received:new');
			const { status, json } = await control<{ message_uids: string[]; deliveries: { attempts: number; ok: number } }>('/burst', { count: 5, contacts: 2, duplicate: 2 });
			expect(status).toBe(200);
			expect(json.message_uids).toHaveLength(5);
			expect(json.deliveries).toEqual({ attempts: 10, ok: 10, failed: 0 });
			expect(new Set(receiver.received.map((r) => (r.body as { message: { message_uid: string } }).message.message_uid)).size).toBe(5);
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
