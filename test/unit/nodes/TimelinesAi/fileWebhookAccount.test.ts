import { binaryFile, runTimelinesAi } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

describe('TimelinesAI node — File, WhatsApp Account, Template, Webhook', () => {
	it('uploads a binary field as multipart "file" under the chosen name and outputs the stored file', async () => {
		let contentType = '';
		let body = '';
		const scope = timelinesApi()
			.post(api('/files_upload'))
			.reply(function (_uri, requestBody) {
				contentType = String(this.req.headers['content-type']);
				body = requestBody as string;
				return [200, ok({ uid: 'f-1', filename: 'renamed.txt', size: 5 })];
			});
		const output = await runTimelinesAi({
			parameters: {
				resource: 'file',
				operation: 'upload',
				binaryPropertyName: 'doc',
				options: { fileName: 'renamed.txt' },
			},
			binary: [{ doc: binaryFile('hello', 'original.txt', 'text/plain') }],
		});
		expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(body).toContain(
			'Content-Disposition: form-data; name="file"; filename="renamed.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n',
		);
		expect(output[0].json).toEqual({ uid: 'f-1', filename: 'renamed.txt', size: 5 });
		expect(scope.isDone()).toBe(true);
	});

	it('lists files up to the limit from the one bare-array answer, and deletes one by uid', async () => {
		const file = (uid: string) => ({
			uid,
			filename: `${uid}.pdf`,
			size: 10,
			mimetype: 'application/pdf',
			uploaded_by_email: 'ana@example.com',
		});
		const scope = timelinesApi()
			.get(api('/files'))
			.reply(200, ok([file('a'), file('b'), file('c'), file('d')]))
			.delete(api('/files/a'))
			.reply(200, ok({}));
		const files = await runTimelinesAi({
			parameters: { resource: 'file', operation: 'getAll', returnAll: false, limit: 3 },
		});
		const deleted = await runTimelinesAi({
			parameters: { resource: 'file', operation: 'delete', fileUid: 'a' },
		});
		expect(files.map((item) => item.json.uid)).toEqual(['a', 'b', 'c']);
		expect(deleted[0].json).toEqual({ deleted: true, uid: 'a' });
		expect(scope.isDone()).toBe(true);
	});

	it('outputs one item per WhatsApp account and per template', async () => {
		const scope = timelinesApi()
			.get(api('/whatsapp_accounts'))
			.reply(
				200,
				ok({ whatsapp_accounts: [{ id: '15559876543@s.whatsapp.net', phone: '+15559876543' }] }),
			)
			.get(api('/templates'))
			.reply(
				200,
				ok({
					templates: [
						{ id: 1, name: 'Greeting', text: 'Hi!' },
						{ id: 2, name: 'Bye', text: 'Bye!' },
					],
				}),
			);
		const accounts = await runTimelinesAi({
			parameters: { resource: 'whatsappAccount', operation: 'getAll' },
		});
		const templates = await runTimelinesAi({
			parameters: { resource: 'template', operation: 'getAll' },
		});
		expect(accounts.map((item) => item.json.phone)).toEqual(['+15559876543']);
		expect(templates.map((item) => item.json.name)).toEqual(['Greeting', 'Bye']);
		expect(scope.isDone()).toBe(true);
	});

	it('creates, lists and deletes webhooks', async () => {
		const webhook = {
			id: 5,
			event_type: 'chat:assigned',
			url: 'https://example.com/hook?secret=s',
			enabled: false,
			errors_counter: 0,
		};
		const scope = timelinesApi()
			.post(api('/webhooks'), {
				event_type: 'chat:assigned',
				url: 'https://example.com/hook?secret=s',
				enabled: false,
			})
			.reply(200, ok(webhook))
			.get(api('/webhooks'))
			.reply(200, ok({ webhooks: [webhook] }))
			.delete(api('/webhooks/5'))
			.reply(200, ok({}));
		const created = await runTimelinesAi({
			parameters: {
				resource: 'webhook',
				operation: 'create',
				eventType: 'chat:assigned',
				url: 'https://example.com/hook?secret=s',
				enabled: false,
			},
		});
		const listed = await runTimelinesAi({
			parameters: { resource: 'webhook', operation: 'getAll' },
		});
		const deleted = await runTimelinesAi({
			parameters: { resource: 'webhook', operation: 'delete', webhookId: '5' },
		});
		expect(created[0].json).toEqual(webhook);
		expect(listed.map((item) => item.json.id)).toEqual([5]);
		expect(deleted[0].json).toEqual({ deleted: true, id: '5' });
		expect(scope.isDone()).toBe(true);
	});

	it("sends nothing to a host other than the credential's base URL and never a trailing slash", async () => {
		const scope = timelinesApi().get(api('/webhooks')).reply(200, ok([]));
		const output = await runTimelinesAi({
			parameters: { resource: 'webhook', operation: 'getAll' },
			credentials: {
				apiToken: 'test-workspace-token',
				baseUrl: 'https://app.timelines.ai/integrations/api/',
			},
		});
		expect(output).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});
});
