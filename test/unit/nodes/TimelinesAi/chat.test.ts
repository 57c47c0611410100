import { ReportedExecutionError } from '../../../nodeHarness/testN8n';
import { runTimelinesAi } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

const chat = (id: number, phone: string) => ({
	id,
	name: `Chat ${id}`,
	phone,
	is_group: false,
	responsible: null,
	closed: false,
	read: true,
});

describe('TimelinesAI node — Chat', () => {
	it("gets a chat by id with the Bearer token and outputs the API's data", async () => {
		const scope = timelinesApi()
			.get(api('/chats/123'))
			.reply(200, ok(chat(123, '+447700900123')));
		const output = await runTimelinesAi({
			parameters: { resource: 'chat', operation: 'get', chatId: '123' },
		});
		expect(output).toEqual([{ json: chat(123, '+447700900123'), pairedItem: { item: 0 } }]);
		expect(scope.isDone()).toBe(true);
	});

	it('reads every page for Return All, passing the filters as query parameters', async () => {
		const scope = timelinesApi()
			.get(api('/chats'))
			.query({ label: 'vip', read: 'false', group: 'false', page: '1' })
			.reply(
				200,
				ok({ chats: [chat(1, '+447700900001'), chat(2, '+447700900002')], has_more_pages: true }),
			)
			.get(api('/chats'))
			.query({ label: 'vip', read: 'false', group: 'false', page: '2' })
			.reply(200, ok({ chats: [chat(3, '+447700900003')], has_more_pages: false }));
		const output = await runTimelinesAi({
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				returnAll: true,
				filters: { label: 'vip', read: false, group: false },
			},
		});
		expect(output.map((item) => item.json.id)).toEqual([1, 2, 3]);
		expect(scope.isDone()).toBe(true);
	});

	it('stops paging once the limit is reached', async () => {
		const scope = timelinesApi()
			.get(api('/chats'))
			.query({ page: '1' })
			.reply(
				200,
				ok({
					chats: [chat(1, '+447700900001'), chat(2, '+447700900002'), chat(3, '+447700900003')],
					has_more_pages: true,
				}),
			);
		const output = await runTimelinesAi({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: false, limit: 2 },
		});
		expect(output.map((item) => item.json.id)).toEqual([1, 2]);
		expect(scope.isDone()).toBe(true); // and no request for page 2: nock would have refused it
	});

	it('finds chats by a local number normalised to E.164 with the default country, keeping only exact matches', async () => {
		// The API's phone filter is UNVERIFIED: a chat with another number in the answer must not come out.
		const scope = timelinesApi()
			.get(api('/chats'))
			.query({ phone: '+447700900123', page: '1' })
			.reply(
				200,
				ok({
					chats: [chat(7, '+44 7700 900123'), chat(8, '+447700900999')],
					has_more_pages: false,
				}),
			);
		const output = await runTimelinesAi({
			parameters: {
				resource: 'chat',
				operation: 'findByPhone',
				phone: '07700 900123',
				options: { defaultCountry: 'GB' },
			},
		});
		expect(output.map((item) => item.json.id)).toEqual([7]);
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a number it cannot normalise with an error naming the field and the value, before any request', async () => {
		const run = runTimelinesAi({
			parameters: {
				resource: 'chat',
				operation: 'findByPhone',
				phone: '07700 900123',
				options: {},
			},
		});
		await expect(run).rejects.toMatchObject({ name: 'NodeOperationError' });
		await expect(run).rejects.toThrow(
			/^Phone Number: "07700 900123" is not a valid phone number: it has no country code/,
		);
	});

	it('updates a chat with PATCH and only the fields that were set', async () => {
		const scope = timelinesApi()
			.patch(api('/chats/55'), { responsible: 'agent@example.com', closed: true })
			.reply(
				200,
				ok({ ...chat(55, '+447700900055'), responsible: 'agent@example.com', closed: true }),
			);
		const output = await runTimelinesAi({
			parameters: {
				resource: 'chat',
				operation: 'update',
				chatId: '55',
				updateFields: { responsible: 'agent@example.com', closed: true },
			},
		});
		expect(output[0].json).toMatchObject({
			id: 55,
			responsible: 'agent@example.com',
			closed: true,
		});
		expect(scope.isDone()).toBe(true);
	});

	it('refuses an update without fields', async () => {
		const run = runTimelinesAi({
			parameters: { resource: 'chat', operation: 'update', chatId: '55', updateFields: {} },
		});
		await expect(run).rejects.toThrow('Update Fields: add at least one field to change');
	});

	it('turns an API error into a NodeApiError that points at the failing item', async () => {
		timelinesApi().get(api('/chats/9')).reply(404, { status: 'error', message: 'Chat not found' });
		const error: unknown = await runTimelinesAi({
			parameters: { resource: 'chat', operation: 'get', chatId: '9' },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ReportedExecutionError);
		expect(error).toMatchObject({ name: 'NodeApiError' });
		expect((error as ReportedExecutionError).message).toBe(
			'TimelinesAI GET /chats/9 failed: Chat not found',
		);
		expect((error as ReportedExecutionError).description).toMatch(/Check the ID/);
		expect((error as ReportedExecutionError).context.itemIndex).toBe(0);
	});

	it('treats {status:"error"} inside a 200 as a failure', async () => {
		timelinesApi().get(api('/chats/9')).reply(200, { status: 'error', message: 'Chat not found' });
		const run = runTimelinesAi({
			parameters: { resource: 'chat', operation: 'get', chatId: '9' },
		});
		await expect(run).rejects.toThrow('TimelinesAI GET /chats/9: Chat not found');
	});

	it('with Continue On Fail, outputs the error for the failing item and goes on with the next', async () => {
		const scope = timelinesApi()
			.get(api('/chats/1'))
			.reply(404, { status: 'error', message: 'Chat not found' })
			.get(api('/chats/2'))
			.reply(200, ok(chat(2, '+447700900002')));
		const output = await runTimelinesAi({
			continueOnFail: true,
			parameters: { resource: 'chat', operation: 'get', chatId: '={{ $json.chatId }}' },
			items: [{ chatId: '1' }, { chatId: '2' }],
		});
		expect(output).toEqual([
			{
				json: { error: 'TimelinesAI GET /chats/1 failed: Chat not found' },
				pairedItem: { item: 0 },
			},
			{ json: chat(2, '+447700900002'), pairedItem: { item: 1 } },
		]);
		expect(scope.isDone()).toBe(true);
	});
});
