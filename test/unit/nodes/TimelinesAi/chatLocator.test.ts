import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { TimelinesAi } from '../../../../nodes/TimelinesAi/TimelinesAi.node';
import { searchChats } from '../../../../nodes/TimelinesAi/methods/listSearch';
import { runTimelinesAi, timelinesExecuteContext } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

const chat = { id: 123, name: 'Ann', phone: '+447700900123', is_group: false };

describe('TimelinesAI node — Chat resource locator', () => {
	it('is version 2 by default; version 1 stays available', () => {
		const { description } = new TimelinesAi();
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it.each([
		['a plain string (version 1 workflows)', 1, '123'],
		['an expression in a plain string (version 1)', 1, '={{ $json.chat }}'],
		['list mode', 2, { __rl: true, mode: 'list', value: '123' }],
		['id mode', 2, { __rl: true, mode: 'id', value: '123' }],
		[
			'a TimelinesAI chat link',
			2,
			{ __rl: true, mode: 'url', value: 'https://app.timelines.ai/chat/123/messages/' },
		],
		['a plain string saved in version 2', 2, '123'],
	])('reads the chat id from %s', async (_case, typeVersion, chatId) => {
		const scope = timelinesApi().get(api('/chats/123')).reply(200, ok(chat));
		const output = await runTimelinesAi({
			typeVersion,
			parameters: { resource: 'chat', operation: 'get', chatId },
			items: [{ chat: 123 }],
		});
		expect(output).toEqual([{ json: chat, pairedItem: { item: 0 } }]);
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a link that is not a chat link', async () => {
		await expect(
			runTimelinesAi({
				typeVersion: 2,
				parameters: {
					resource: 'chat',
					operation: 'get',
					chatId: { __rl: true, mode: 'url', value: 'https://app.timelines.ai/settings/' },
				},
			}),
		).rejects.toThrow(/Not a TimelinesAI chat link/);
	});
});

describe('TimelinesAI node — Chat list search', () => {
	// searchChats only uses the credential and the HTTP helpers, which an execute context has too.
	const context = () => timelinesExecuteContext() as unknown as ILoadOptionsFunctions;

	it('searches chat names page by page, the token being the next page', async () => {
		const scope = timelinesApi()
			.get(api('/chats'))
			.query({ name: 'ann', page: '1' })
			.reply(
				200,
				ok({ chats: [chat, { id: 7, name: 'Sales', is_group: true }], has_more_pages: true }),
			)
			.get(api('/chats'))
			.query({ name: 'ann', page: '2' })
			.reply(200, ok({ chats: [{ id: 8, name: '', phone: '+15550001' }], has_more_pages: false }));

		const first = await searchChats.call(context(), 'ann');
		expect(first).toEqual({
			results: [
				{ name: 'Ann (+447700900123)', value: '123', url: undefined },
				{ name: 'Sales (group)', value: '7', url: undefined },
			],
			paginationToken: '2',
		});
		const second = await searchChats.call(context(), 'ann', first.paginationToken);
		expect(second).toEqual({
			results: [{ name: '+15550001', value: '8', url: undefined }],
			paginationToken: undefined,
		});
		expect(scope.isDone()).toBe(true);
	});

	it('searches by phone number when the filter looks like one', async () => {
		const scope = timelinesApi()
			.get(api('/chats'))
			.query({ phone: '+447700900123', page: '1' })
			.reply(200, ok({ chats: [{ ...chat, chat_url: 'https://app.timelines.ai/chat/123/' }] }));
		const result = await searchChats.call(context(), '+44 7700 900123');
		expect(result.results).toEqual([
			{ name: 'Ann (+447700900123)', value: '123', url: 'https://app.timelines.ai/chat/123/' },
		]);
		expect(result.paginationToken).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});
});
