import type { INodeParameters } from 'n8n-workflow';

import { ZohoCrmMatchOrCreate } from '../../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { setUpNock, v8, zohoApi } from '../../transport/zoho/zohoExecution';
import { runZohoNode } from '../zohoNodeRun';

setUpNock();

// Group chats: the items are skipped without a search, so the only Zoho call is the field check.
const GROUP_MESSAGES = [
	{ message: { contactPhone: '+447700900123', isGroup: true } },
	{ message: { contactPhone: '+447700900124', isGroup: true } },
];
const SETTINGS: INodeParameters = {
	module: 'Leads',
	phoneField: 'Mobile',
	createIfNotFound: true,
	chatLinkField: 'WhatsApp_Chat_Link',
	leadSourceField: 'Lead_Source',
	leadSourceValue: 'TimelinesAI',
};
// An org without the chat link field; its lead source picklist offers TimelinesAI.
const FIELDS = {
	fields: [
		{ api_name: 'Last_Name', data_type: 'text', system_mandatory: true },
		{ api_name: 'Mobile', data_type: 'phone' },
		{
			api_name: 'Lead_Source',
			data_type: 'picklist',
			pick_list_values: [{ actual_value: 'TimelinesAI', display_value: 'TimelinesAI' }],
		},
	],
};
const fieldsOfLeads = () => zohoApi().get(v8('/settings/fields')).query({ module: 'Leads' });

let runs = 0;
const run = (credentialId: string, parameters: INodeParameters = SETTINGS) =>
	runZohoNode({
		node: new ZohoCrmMatchOrCreate(),
		typeVersion: 1,
		parameters,
		items: GROUP_MESSAGES,
		credentialId,
	});

describe('Zoho CRM Match or Create — execution hints', () => {
	it('adds a hint once per execution, not per item, from one read of the field metadata', async () => {
		const scope = fieldsOfLeads().once().reply(200, FIELDS);
		const { outputs, hints } = await run(`field-hints-${++runs}`);
		expect(outputs[2]).toHaveLength(2);
		expect(hints).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message: expect.stringContaining(
					'Chat Link Field "WhatsApp_Chat_Link" does not exist in Leads',
				),
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('costs no Zoho call when the metadata is cached, and still shows the hint in the next execution', async () => {
		const credentialId = `field-hints-${++runs}`;
		fieldsOfLeads().once().reply(200, FIELDS);
		await run(credentialId);
		// nock has nothing left to answer: a second read of the metadata would fail the run.
		const { outputs, hints } = await run(credentialId);
		expect(outputs[2].map((item) => item.json.sync)).toEqual([
			expect.objectContaining({ outcome: 'skipped', creditsSpent: 0 }),
			expect.objectContaining({ outcome: 'skipped', creditsSpent: 0 }),
		]);
		expect(hints).toHaveLength(1);
	});

	it('gives no hint when the module has what the settings name', async () => {
		fieldsOfLeads().reply(200, {
			fields: [...FIELDS.fields, { api_name: 'WhatsApp_Chat_Link', data_type: 'website' }],
		});
		expect((await run(`field-hints-${++runs}`)).hints).toEqual([]);
	});

	it('goes on without hints when the metadata cannot be read (the check is advisory)', async () => {
		const scope = fieldsOfLeads().reply(400, {
			code: 'INVALID_MODULE',
			status: 'error',
			message: 'the module name given seems to be invalid',
			details: {},
		});
		const { outputs, hints } = await run(`field-hints-${++runs}`);
		expect(outputs[2].map((item) => item.json.sync)).toEqual([
			expect.objectContaining({ outcome: 'skipped', rule: 'group_chat' }),
			expect.objectContaining({ outcome: 'skipped', rule: 'group_chat' }),
		]);
		expect(hints).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	it('checks nothing when the node does not create records', async () => {
		// No interceptor: any Zoho call would fail the run.
		const { outputs, hints } = await run(`field-hints-${++runs}`, {
			...SETTINGS,
			createIfNotFound: false,
		});
		expect(outputs[2]).toHaveLength(2);
		expect(hints).toEqual([]);
	});
});
