/**
 * Zoho CRM Match or Create against the sandbox when the org lacks what the bundled workflow's settings name:
 * the chat link field (an org that never created WhatsApp_Chat_Link) and the TimelinesAI lead source value.
 * The sandbox refuses unknown api_names with INVALID_DATA, the stricter reading of Zoho (docs/api-facts.md):
 * the node leaves the missing field out and says so once per execution in the output pane.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { ZohoCrmMatchOrCreate } from '../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { packType } from '../../nodeHarness/packNodeTypes';
import { NODE_UNDER_TEST, runNode } from '../../nodeHarness/runNode';
import { connectZohoCredential } from './harness/connectZohoCredential';

let sandbox: RunningSandbox;
let credential: ICredentialDataDecryptedObject;

beforeAll(async () => {
	sandbox = await startSandbox({ zoho: { seedRecords: false } });
	credential = await connectZohoCredential(sandbox.url);
});

afterAll(async () => {
	await sandbox?.close();
});

// As in workflows/timelinesai-zoho-sync.json.
const BUNDLED_SETTINGS = {
	module: 'Leads',
	phoneField: 'Mobile',
	convertedModule: 'Contacts',
	convertedPhoneField: 'Phone',
	whenConverted: 'continue',
	createIfNotFound: true,
	nameMapping: 'firstLast',
	firstNameField: 'First_Name',
	lastNameField: 'Last_Name',
	chatLinkField: 'WhatsApp_Chat_Link',
	leadSourceField: 'Lead_Source',
	leadSourceValue: 'TimelinesAI',
};

let runs = 0;
/** Two messages from new numbers through the node; a credential of its own, so no metadata is cached. */
async function createTwoLeads(numbers: [string, string]) {
	const items = numbers.map((contactPhone, i) => ({
		json: {
			message: {
				contactPhone,
				chatName: `Field Check ${i}`,
				chatUrl: `https://app.timelines.ai/chat/${9000 + i}/`,
			},
		} as IDataObject,
	}));
	const { run, outputs } = await runNode({
		type: packType(new ZohoCrmMatchOrCreate()),
		parameters: BUNDLED_SETTINGS,
		items,
		credentials: { zohoCrmOrgOAuth2Api: { id: `field-hints-${++runs}`, data: credential } },
	});
	const hints = run.data.resultData.runData[NODE_UNDER_TEST]?.[0]?.hints ?? [];
	const leads = numbers.map((phone) =>
		sandbox.zoho.records('Leads').find((record) => record.Mobile === phone),
	);
	return { created: outputs[1] ?? [], skipped: outputs[2] ?? [], hints, leads };
}

it('gives no hint when the org has the chat link field and the lead source value', async () => {
	const { created, hints, leads } = await createTwoLeads(['+447700900401', '+447700900402']);
	expect(created).toHaveLength(2);
	expect(hints).toEqual([]);
	expect(leads[0]).toMatchObject({
		WhatsApp_Chat_Link: 'https://app.timelines.ai/chat/9000/',
		Lead_Source: 'TimelinesAI',
	});
});

it('creates records without the chat link when the field is missing, and warns once per execution', async () => {
	const leadsModule = sandbox.zoho.state.module('Leads');
	if (!leadsModule) throw new Error('the sandbox has no Leads module');
	const seeded = [...leadsModule.fields];
	leadsModule.fields.splice(0, leadsModule.fields.length, ...seeded.map((field) => ({ ...field })));
	leadsModule.fields.splice(
		leadsModule.fields.findIndex((field) => field.api_name === 'WhatsApp_Chat_Link'),
		1,
	);
	const leadSource = leadsModule.fields.find((field) => field.api_name === 'Lead_Source');
	if (!leadSource) throw new Error('the sandbox has no Lead_Source');
	leadSource.pick_list_values = leadSource.pick_list_values?.filter((v) => v !== 'TimelinesAI');
	try {
		const { created, skipped, hints, leads } = await createTwoLeads([
			'+447700900403',
			'+447700900404',
		]);
		expect(skipped).toEqual([]);
		expect(created).toHaveLength(2);
		expect(leads.map((lead) => lead?.WhatsApp_Chat_Link)).toEqual([undefined, undefined]);
		expect(hints).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message: expect.stringContaining(
					'Chat Link Field "WhatsApp_Chat_Link" does not exist in Leads',
				),
			},
			{
				type: 'warning',
				location: 'outputPane',
				message: expect.stringContaining(
					'Lead Source Value "TimelinesAI" is not a value of the Lead Source picklist (Lead_Source) in Leads',
				),
			},
		]);
	} finally {
		leadsModule.fields.splice(0, leadsModule.fields.length, ...seeded);
	}
});
