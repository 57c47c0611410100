import type { ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';

import { searchWhatsappAccounts } from '../../../../nodes/TimelinesAi/methods/listSearch';
import { runTimelinesAi, timelinesExecuteContext } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

const sendToPhone = (options: INodeParameters) => ({
	resource: 'message',
	operation: 'sendToPhone',
	phone: '+447700900123',
	text: 'Hi',
	options,
});

describe('TimelinesAI node — WhatsApp account to send from (Send to Phone Number)', () => {
	it.each([
		['From List', { __rl: true, mode: 'list', value: '+15559876543' }],
		['By Phone Number', { __rl: true, mode: 'phone', value: '+15559876543' }],
		['a plain string saved before the picker', '+1 (555) 987-6543'],
	])('sends from the account chosen %s', async (_case, whatsappAccountPhone) => {
		const scope = timelinesApi()
			.post(api('/messages'), {
				phone: '+447700900123',
				whatsapp_account_phone: '+15559876543',
				text: 'Hi',
			})
			.reply(200, ok({ message_uid: 'msg-1' }));
		const output = await runTimelinesAi({
			typeVersion: 2,
			parameters: sendToPhone({ whatsappAccountPhone }),
		});
		expect(output[0].json).toEqual({ message_uid: 'msg-1' });
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['the option is not added', {}],
		['the picker is left empty', { whatsappAccountPhone: { __rl: true, mode: 'list', value: '' } }],
	])('lets TimelinesAI choose the account when %s', async (_case, options) => {
		const scope = timelinesApi()
			.post(api('/messages'), { phone: '+447700900123', text: 'Hi' })
			.reply(200, ok({ message_uid: 'msg-2' }));
		await runTimelinesAi({ typeVersion: 2, parameters: sendToPhone(options) });
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a typed number that is not in E.164', async () => {
		await expect(
			runTimelinesAi({
				typeVersion: 2,
				parameters: sendToPhone({
					whatsappAccountPhone: { __rl: true, mode: 'phone', value: '5559876543' },
				}),
			}),
		).rejects.toThrow(
			/^WhatsApp Account: "5559876543" is not a phone number in international format/,
		);
	});
});

describe('TimelinesAI node — WhatsApp account list search', () => {
	const context = () => timelinesExecuteContext() as unknown as ILoadOptionsFunctions;
	const accounts = [
		{
			id: '15559876543@s.whatsapp.net',
			phone: '+15559876543',
			account_name: 'Sales US',
			owner_name: 'Sam Sales',
			owner_email: 'sam@example.com',
			status: 'active',
		},
		{
			id: '447700900001@s.whatsapp.net',
			phone: '447700900001',
			account_name: '',
			owner_name: 'Priya Support',
			owner_email: 'priya@example.com',
			status: 'disconnected',
		},
		{ id: 'no-phone@s.whatsapp.net', account_name: 'Broken' },
	];
	const answer = () =>
		timelinesApi()
			.get(api('/whatsapp_accounts'))
			.reply(200, ok({ whatsapp_accounts: accounts }));

	it('lists every account as "+number (account name, owner email)" with the number in E.164 as value', async () => {
		const scope = answer();
		expect(await searchWhatsappAccounts.call(context())).toEqual({
			results: [
				{ name: '+15559876543 (Sales US, sam@example.com)', value: '+15559876543' },
				{
					name: '+447700900001 (priya@example.com, disconnected)',
					value: '+447700900001',
				},
			],
		});
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['an account name', 'sales us', '+15559876543'],
		['an owner name', 'PRIYA', '+447700900001'],
		['an owner email', 'sam@', '+15559876543'],
		['digits of the number, in any format', '(770) 0900', '+447700900001'],
	])('filters by %s', async (_case, filter, value) => {
		answer();
		const { results } = await searchWhatsappAccounts.call(context(), filter);
		expect(results.map((result) => result.value)).toEqual([value]);
	});
});
