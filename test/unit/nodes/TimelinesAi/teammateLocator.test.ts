import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { searchTeammates } from '../../../../nodes/TimelinesAi/methods/listSearch';
import { runTimelinesAi, timelinesExecuteContext } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

const chat = { id: 55, name: 'Ann', phone: '+447700900055' };

describe('TimelinesAI node — Responsible teammate (Chat → Update, Chat → Get Many)', () => {
	it.each([
		['From List', { __rl: true, mode: 'list', value: 'agent@example.com' }, 'agent@example.com'],
		['By Email', { __rl: true, mode: 'email', value: 'agent@example.com' }, 'agent@example.com'],
		['a plain string saved before the picker', 'agent@example.com', 'agent@example.com'],
		['an empty picker (unassigns the chat)', { __rl: true, mode: 'list', value: '' }, ''],
	])('assigns the chat to the teammate chosen %s', async (_case, responsible, sent) => {
		const scope = timelinesApi()
			.patch(api('/chats/55'), { responsible: sent })
			.reply(200, ok({ ...chat, responsible_email: sent || null }));
		await runTimelinesAi({
			typeVersion: 2,
			parameters: {
				resource: 'chat',
				operation: 'update',
				chatId: { __rl: true, mode: 'id', value: '55' },
				updateFields: { responsible },
			},
		});
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a typed email that is not one', async () => {
		await expect(
			runTimelinesAi({
				typeVersion: 2,
				parameters: {
					resource: 'chat',
					operation: 'update',
					chatId: { __rl: true, mode: 'id', value: '55' },
					updateFields: { responsible: { __rl: true, mode: 'email', value: 'agent' } },
				},
			}),
		).rejects.toThrow(/^Responsible: "agent" is not an email address/);
	});

	it("filters chats by the chosen teammate's email", async () => {
		const scope = timelinesApi()
			.get(api('/chats'))
			.query({ responsible: 'agent@example.com', page: '1' })
			.reply(200, ok({ chats: [chat], has_more_pages: false }));
		const output = await runTimelinesAi({
			typeVersion: 2,
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				returnAll: true,
				filters: { responsible: { __rl: true, mode: 'list', value: 'agent@example.com' } },
			},
		});
		expect(output.map((item) => item.json.id)).toEqual([55]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('TimelinesAI node — teammate list search', () => {
	const context = () => timelinesExecuteContext() as unknown as ILoadOptionsFunctions;
	const answer = () =>
		timelinesApi()
			.get(api('/workspace/teammates'))
			.reply(
				200,
				ok({
					teams: [{ title: 'Default' }],
					teammates: [
						{ user_id: 1, display_name: 'Sam Sales', email: 'sam@example.com', role: 'owner' },
						{ user_id: 2, display_name: '', email: 'priya@example.com', role: 'member' },
						{ user_id: 3, display_name: 'No Email' },
					],
				}),
			);

	it('lists teammates as "Name (email)" with the email as value, skipping entries without one', async () => {
		const scope = answer();
		expect(await searchTeammates.call(context())).toEqual({
			results: [
				{ name: 'Sam Sales (sam@example.com)', value: 'sam@example.com' },
				{ name: 'priya@example.com', value: 'priya@example.com' },
			],
		});
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['a name', 'SALES', 'sam@example.com'],
		['an email', 'priya@', 'priya@example.com'],
	])('filters by %s', async (_case, filter, value) => {
		answer();
		const { results } = await searchTeammates.call(context(), filter);
		expect(results.map((result) => result.value)).toEqual([value]);
	});
});
