import { binaryFile, runTimelinesAi } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

/** The parts of a multipart/form-data body, enough to check what was uploaded. */
function multipartParts(
	body: string,
	contentType: string,
): Array<{ name?: string; filename?: string; type?: string; data: string }> {
	const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
	if (!boundary) throw new Error(`no boundary in ${contentType}`);
	return body
		.split(`--${boundary}`)
		.slice(1, -1)
		.map((part) => {
			const [head, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
			return {
				name: /name="([^"]+)"/.exec(head)?.[1],
				filename: /filename="([^"]+)"/.exec(head)?.[1],
				type: /Content-Type: (.+)/i.exec(head)?.[1]?.trim(),
				data: rest.join('\r\n\r\n').replace(/\r\n$/, ''),
			};
		});
}

describe('TimelinesAI node — Message', () => {
	it('uploads the binary attachment first, then sends the text with its file_uid to the chat', async () => {
		let uploaded: ReturnType<typeof multipartParts> = [];
		const scope = timelinesApi()
			.post(api('/files_upload'), (body: string) => typeof body === 'string')
			.reply(function (_uri, body) {
				uploaded = multipartParts(body as string, String(this.req.headers['content-type']));
				return [200, ok({ uid: 'file-uid-1', filename: 'quote.pdf' })];
			})
			.post(api('/chats/42/messages'), { text: 'Here is the quote', file_uid: 'file-uid-1' })
			.reply(200, ok({ message_uid: 'msg-1' }));

		const output = await runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'sendToChat',
				chatId: '42',
				text: 'Here is the quote',
				options: { binaryPropertyName: 'data' },
			},
			binary: [{ data: binaryFile('%PDF-1.4 quote', 'quote.pdf', 'application/pdf') }],
		});

		expect(uploaded).toEqual([
			{ name: 'file', filename: 'quote.pdf', type: 'application/pdf', data: '%PDF-1.4 quote' },
		]);
		expect(output).toEqual([{ json: { message_uid: 'msg-1' }, pairedItem: { item: 0 } }]);
		expect(scope.isDone()).toBe(true);
	});

	it('sends to a chat without uploading when there is no attachment', async () => {
		const scope = timelinesApi()
			.post(api('/chats/42/messages'), { text: 'Hello' })
			.reply(200, ok({ message_uid: 'msg-2' }));
		const output = await runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'sendToChat',
				chatId: '42',
				text: 'Hello',
				options: {},
			},
		});
		expect(output[0].json).toEqual({ message_uid: 'msg-2' });
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a message with neither text nor attachment before any request', async () => {
		const run = runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'sendToChat',
				chatId: '42',
				text: '  ',
				options: {},
			},
		});
		await expect(run).rejects.toThrow('Text: the message is empty and has no attachment');
	});

	it('names the missing binary field when the attachment is not in the input', async () => {
		const run = runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'sendToChat',
				chatId: '42',
				text: 'Hi',
				options: { binaryPropertyName: 'invoice' },
			},
		});
		await expect(run).rejects.toThrow(/binary file 'invoice'/);
	});

	it('sends to a phone number normalised to E.164, from the chosen WhatsApp account', async () => {
		const scope = timelinesApi()
			.post(api('/messages'), {
				phone: '+447700900123',
				whatsapp_account_phone: '+15559876543',
				text: 'Welcome',
				chat_name: 'Ana Silva',
			})
			.reply(200, ok({ message_uid: 'msg-3' }));
		const output = await runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'sendToPhone',
				phone: '0044 7700 900123',
				text: 'Welcome',
				options: { whatsappAccountPhone: '+1 (555) 987-6543', chatName: 'Ana Silva' },
			},
		});
		expect(output[0].json).toEqual({ message_uid: 'msg-3' });
		expect(scope.isDone()).toBe(true);
	});

	it('names the WhatsApp account field when that number is invalid', async () => {
		const run = runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'sendToPhone',
				phone: '+447700900123',
				text: 'Hi',
				options: { whatsappAccountPhone: '12' },
			},
		});
		await expect(run).rejects.toThrow(/^WhatsApp Account: "12" is not a valid phone number/);
	});

	it("walks a chat's history back by cursor for Return All, with the filters, leaving notes out", async () => {
		const scope = timelinesApi()
			.get(api('/chats/42/messages'))
			.query({ from_me: 'false' })
			.reply(
				200,
				ok({
					messages: [
						{ uid: 'm4', message_type: 'whatsapp' },
						{ uid: 'n1', message_type: 'note' },
						{ uid: 'm3' },
					],
					has_more_pages: true,
				}),
			)
			.get(api('/chats/42/messages'))
			.query({ from_me: 'false', before_message: 'm3' })
			.reply(
				200,
				ok({ messages: [{ uid: 'm1', message_type: 'whatsapp' }], has_more_pages: false }),
			);
		const output = await runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'getAll',
				chatId: '42',
				returnAll: true,
				filters: { from_me: false },
			},
		});
		expect(output.map((item) => item.json.uid)).toEqual(['m4', 'm3', 'm1']);
		expect(scope.isDone()).toBe(true);
	});

	it('returns the notes too when Include Notes is on', async () => {
		const scope = timelinesApi()
			.get(api('/chats/42/messages'))
			.reply(
				200,
				ok({
					messages: [
						{ uid: 'm2', message_type: 'whatsapp' },
						{ uid: 'n1', message_type: 'note' },
					],
					has_more_pages: false,
				}),
			);
		const output = await runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'getAll',
				chatId: '42',
				returnAll: true,
				options: { includeNotes: true },
			},
		});
		expect(output.map((item) => item.json.uid)).toEqual(['m2', 'n1']);
		expect(scope.isDone()).toBe(true);
	});

	it('sends a 2,001-character text as two messages, in order, when Split Long Text is on', async () => {
		const first = 'word '.repeat(399) + 'word';
		const text = `${first}\nz`;
		const scope = timelinesApi()
			.post(api('/chats/42/messages'), { text: first })
			.reply(200, ok({ message_uid: 'p1' }))
			.post(api('/chats/42/messages'), { text: 'z' })
			.reply(200, ok({ message_uid: 'p2' }));
		const output = await runTimelinesAi({
			parameters: {
				resource: 'message',
				operation: 'sendToChat',
				chatId: '42',
				text,
				options: { splitLongText: true },
			},
		});
		expect(text.length).toBe(2001);
		expect(output.map((item) => item.json.message_uid)).toEqual(['p1', 'p2']);
		expect(scope.isDone()).toBe(true);
	});

	it.each([403, 429])(
		'explains a %s quota_exceeded answer with the quota and GET /workspace',
		async (status) => {
			timelinesApi().post(api('/chats/42/messages')).reply(status, {
				status: 'error',
				message: 'Messaging quota exceeded',
				error_code: 'quota_exceeded',
			});
			const run = runTimelinesAi({
				parameters: { resource: 'message', operation: 'sendToChat', chatId: '42', text: 'Hi' },
			});
			await expect(run).rejects.toMatchObject({
				message: expect.stringContaining('Messaging quota exceeded'),
				description: expect.stringContaining('GET /workspace'),
			});
		},
	);

	it('refuses a text of 2,001 characters with an error naming the field, before any request', async () => {
		await expect(
			runTimelinesAi({
				parameters: {
					resource: 'message',
					operation: 'sendToChat',
					chatId: '42',
					text: 'x'.repeat(2001),
				},
			}),
		).rejects.toThrow(/Text: 2,001 characters, but TimelinesAI accepts at most 2,000/);
	});

	it('gets a message and its status history, one item per status', async () => {
		const scope = timelinesApi()
			.get(api('/messages/m1'))
			.reply(200, ok({ uid: 'm1', status: 'Read' }))
			.get(api('/messages/m1/status_history'))
			.reply(
				200,
				ok([
					{ status: 'Sent', timestamp: '2024-01-08 10:35:18 +0200' },
					{ status: 'Read', timestamp: '2024-01-08 10:36:00 +0200' },
				]),
			);
		const message = await runTimelinesAi({
			parameters: { resource: 'message', operation: 'get', messageUid: 'm1' },
		});
		const history = await runTimelinesAi({
			parameters: { resource: 'message', operation: 'getStatusHistory', messageUid: 'm1' },
		});
		expect(message[0].json).toEqual({ uid: 'm1', status: 'Read' });
		expect(history.map((item) => item.json.status)).toEqual(['Sent', 'Read']);
		expect(scope.isDone()).toBe(true);
	});
});
