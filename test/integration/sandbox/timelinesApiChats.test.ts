import { parseTimelinesWebhook } from '../../../nodes/shared/domain/timelinesEvent';
import {
	parseTimelinesChat,
	parseTimelinesMessage,
} from '../../../nodes/shared/transport/timelinesai/timelinesChatParsers';
import type { RunningSandbox } from '../../../sandbox';
import type { WebhookReceiver } from './webhookReceiver';
import {
	ANA,
	Envelope,
	TIMESTAMP,
	TOKEN,
	UUID_V4,
	useTimelinesApiSandbox,
} from './timelinesApiFixture';

// The TimelinesAI half of the sandbox over real HTTP: chats and messages as the pack reads them.
describe('TimelinesAI sandbox API', () => {
	const fixture = useTimelinesApiSandbox();
	const { api, control, hook } = fixture;
	let sandbox: RunningSandbox;
	let receiver: WebhookReceiver;
	beforeAll(() => {
		({ sandbox, receiver } = fixture);
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
});
