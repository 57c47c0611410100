import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ZohoCrmMatchOrCreate } from '../../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { TestN8n } from '../../../nodeHarness/testN8n';
import { nodeUnderTest } from '../../../nodeHarness/runNode';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { setUpNock, v8, zohoApi } from '../../transport/zoho/zohoExecution';
import { runZohoNode } from '../zohoNodeRun';

setUpNock();

const LEAD_PHONE = '+447700900111';
const CONTACT_PHONE = '+447700900222';
const MESSAGES = [
	{ message: { uid: 'lead', contactPhone: LEAD_PHONE, isGroup: false } },
	{ message: { uid: 'contact', contactPhone: CONTACT_PHONE, isGroup: false } },
	{ message: { uid: 'group', contactPhone: '+447700900333', isGroup: true } },
];
const SETTINGS: INodeParameters = {
	module: 'Leads',
	phoneField: 'Mobile',
	convertedModule: 'Contacts',
	convertedPhoneField: 'Phone',
	whenConverted: 'continue',
	createIfNotFound: false,
};

/** Leads holds the first number; the second is only a Contact's (the converted-records module). */
function zohoWithLeadAndContact() {
	const criteria = (uri: string) => decodeURIComponent(uri);
	zohoApi()
		.get(v8('/Leads/search'))
		.query(true)
		.reply((uri) =>
			criteria(uri).includes(LEAD_PHONE)
				? [200, { data: [{ id: 'lead-1', Mobile: LEAD_PHONE, Last_Name: 'Lead' }] }]
				: [204, ''],
		)
		.persist();
	zohoApi()
		.get(v8('/Contacts/search'))
		.query(true)
		.reply((uri) =>
			criteria(uri).includes(CONTACT_PHONE)
				? [200, { data: [{ id: 'contact-1', Phone: CONTACT_PHONE, Last_Name: 'Contact' }] }]
				: [204, ''],
		)
		.persist();
}

let runs = 0;
const run = (typeVersion: number) =>
	runZohoNode({
		node: new ZohoCrmMatchOrCreate(),
		typeVersion,
		parameters: SETTINGS,
		items: MESSAGES,
		credentialId: `converted-output-${++runs}`,
	});
const uids = (items: Array<{ json: Record<string, unknown> }> | undefined) =>
	(items ?? []).map((item) => (item.json.message as { uid: string }).uid);

describe('Zoho CRM Match or Create — the Converted output (version 2)', () => {
	it('n8n reads four outputs at version 2 and the three of version 1 unchanged', () => {
		const n8n = new TestN8n();
		const namesAt = (typeVersion: number) => {
			const node = nodeUnderTest({
				type: packType(new ZohoCrmMatchOrCreate()),
				typeVersion,
				parameters: SETTINGS,
			});
			const workflow = n8n.workflow({ nodes: [node] });
			const outputs = NodeHelpers.getNodeOutputs(
				workflow,
				node,
				new ZohoCrmMatchOrCreate().description,
			);
			return outputs.map((output) => (typeof output === 'string' ? output : output.displayName));
		};
		expect(namesAt(1)).toEqual(['Matched', 'Created', 'Skipped']);
		expect(namesAt(2)).toEqual(['Matched', 'Created', 'Converted', 'Skipped']);
		expect(new ZohoCrmMatchOrCreate().description.defaultVersion).toBe(2);
	});

	it('version 2: a record of the converted-records module leaves on Converted with outcome "converted"', async () => {
		zohoWithLeadAndContact();
		const { outputs } = await run(2);
		expect(outputs).toHaveLength(4);
		expect(uids(outputs[0])).toEqual(['lead']);
		expect(uids(outputs[1])).toEqual([]);
		expect(uids(outputs[2])).toEqual(['contact']);
		expect(uids(outputs[3])).toEqual(['group']);
		expect(outputs[2][0].json.zoho).toMatchObject({ module: 'Contacts', id: 'contact-1' });
		expect(outputs[2][0].json.sync).toMatchObject({
			outcome: 'converted',
			module: 'Contacts',
			recordId: 'contact-1',
		});
		expect(outputs[0][0].json.sync).toMatchObject({ outcome: 'matched', module: 'Leads' });
		expect(outputs[3][0].json.sync).toMatchObject({ outcome: 'skipped', rule: 'group_chat' });
	});

	it('version 1 is unchanged: the same Contact leaves on Matched, group chats on the third output', async () => {
		zohoWithLeadAndContact();
		const { outputs } = await run(1);
		expect(outputs).toHaveLength(3);
		expect(uids(outputs[0])).toEqual(['lead', 'contact']);
		expect(uids(outputs[2])).toEqual(['group']);
		expect(outputs[0][1].json.sync).toMatchObject({ outcome: 'matched', module: 'Contacts' });
	});
});
