import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ZohoCrmMatchOrCreate } from '../../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { setUpNock, v8, zohoApi } from '../../transport/zoho/zohoExecution';
import { BASE_URL, TIMELINES_CREDENTIAL, TOKEN } from '../TimelinesAi/runTimelinesAi';
import { api, ok, timelinesApi } from '../TimelinesAi/timelinesApi';
import { runZohoNode } from '../zohoNodeRun';

setUpNock();

const ACCOUNT = '+447700900001';
const ANA = '+447700900201';
const BEN = '+447700900202';
const CAROL = '+447700900203';
const DAN = '+447700900204';
const GROUP_CHAT = 77;

const SETTINGS: INodeParameters = {
	module: 'Leads',
	phoneField: 'Mobile',
	convertedModule: 'Contacts',
	convertedPhoneField: 'Phone',
	whenConverted: 'continue',
	createIfNotFound: false,
	groupChats: 'perParticipant',
};

const groupMessage = (
	uid: string,
	direction: 'sent' | 'received',
	sender: IDataObject,
): IDataObject => ({
	message: {
		uid,
		chatId: GROUP_CHAT,
		chatName: 'Project Falcon',
		isGroup: true,
		direction,
		contactPhone: '',
		sender,
		whatsappAccount: { phone: ACCOUNT },
	},
});

/** Leads: Ana, Ben and Dan have one; Ben's search is refused by Zoho; Carol has no record anywhere. */
function zoho() {
	const leads: Record<string, string> = { [ANA]: 'lead-ana', [DAN]: 'lead-dan' };
	zohoApi()
		.get(v8('/Leads/search'))
		.query(true)
		.reply((uri) => {
			const criteria = decodeURIComponent(uri);
			if (criteria.includes(BEN.slice(1)))
				return [400, { code: 'INVALID_QUERY', message: 'refused for this test', status: 'error' }];
			const phone = Object.keys(leads).find((number) => criteria.includes(number.slice(1)));
			return phone
				? [200, { data: [{ id: leads[phone], Mobile: phone, Last_Name: 'L' }] }]
				: [204, ''];
		})
		.persist();
	zohoApi().get(v8('/Contacts/search')).query(true).reply(204, '').persist();
}

function timelinesGroup() {
	return timelinesApi()
		.get(api(`/chats/${GROUP_CHAT}`))
		.reply(
			200,
			ok({
				id: GROUP_CHAT,
				name: 'Project Falcon',
				is_group: true,
				phone: null,
				group_members: [
					{ name: 'Sam Sales', phone: ACCOUNT, role: 'admin', chat_id: null },
					{ name: 'Ana Silva', phone: ANA, role: 'member', chat_id: 5 },
					{ name: 'Ben Ode', phone: BEN, role: 'member', chat_id: null },
					{ name: 'Carol New', phone: CAROL, role: 'member', chat_id: null },
				],
			}),
		);
}

let runs = 0;
const run = async (items: IDataObject[], parameters: INodeParameters = {}) =>
	await runZohoNode({
		node: new ZohoCrmMatchOrCreate(),
		typeVersion: 2,
		parameters: { ...SETTINGS, ...parameters },
		items,
		credentialId: `group-chats-${++runs}`,
		credentials: {
			[TIMELINES_CREDENTIAL]: {
				id: `timelines-${runs}`,
				data: { apiToken: TOKEN, baseUrl: BASE_URL },
			},
		},
		onError: 'continueErrorOutput',
	});

const summary = (items: INodeExecutionData[] | undefined) =>
	(items ?? []).map((item) => ({
		uid: (item.json.message as { uid: string }).uid,
		record: (item.json.zoho as { id?: string } | undefined)?.id,
		pairedItem: item.pairedItem,
	}));

describe("Zoho CRM Match or Create — Group Chats: Log to Each Participant's Record", () => {
	it('fans a sent group message out to each participant in Zoho, paired with its input; a refused participant alone leaves on the error output', async () => {
		zoho();
		const members = timelinesGroup();
		const { outputs } = await run([
			groupMessage('sent-1', 'sent', { name: 'Sam Sales', phone: ACCOUNT }),
			{ message: { uid: 'direct-1', contactPhone: DAN, isGroup: false } },
		]);
		expect(summary(outputs[0])).toEqual([
			{ uid: 'sent-1', record: 'lead-ana', pairedItem: { item: 0 } },
			{ uid: 'direct-1', record: 'lead-dan', pairedItem: { item: 1 } },
		]);
		expect(outputs[4]).toHaveLength(1);
		// n8n merges the input's fields back in from pairedItem when the node has a previous node (here none).
		expect(outputs[4][0]).toMatchObject({
			json: { error: expect.stringContaining('refused') },
			pairedItem: { item: 0 },
		});
		expect(outputs[1] ?? []).toEqual([]); // nobody created
		expect(outputs[3] ?? []).toEqual([]);
		expect(members.isDone()).toBe(true);
	});

	it("logs a received message to its sender's record without reading the group", async () => {
		zoho();
		const { outputs } = await run([
			groupMessage('received-1', 'received', { name: 'Ana Silva', phone: ANA }),
		]);
		expect(summary(outputs[0])).toEqual([
			{ uid: 'received-1', record: 'lead-ana', pairedItem: { item: 0 } },
		]);
		expect((outputs[0][0].json.sync as { reason: string }).reason).toMatch(
			/^Group "Project Falcon", sender Ana Silva \(\+447700900201\): Matched/,
		);
	});

	it('finds a received sender without a phone by name in the group, and skips a sender who has no record', async () => {
		zoho();
		timelinesGroup();
		const { outputs } = await run([
			groupMessage('received-2', 'received', { name: 'Ana Silva' }),
			groupMessage('received-3', 'received', { name: 'Carol New' }),
		]);
		expect(summary(outputs[0]).map((item) => item.record)).toEqual(['lead-ana']);
		expect(outputs[3].map((item) => item.json.sync)).toEqual([
			expect.objectContaining({
				outcome: 'skipped',
				reason:
					'The group sender Carol New (+447700900203) has no record in Zoho ("Create Records for Group Participants" is off)',
			}),
		]);
	});

	it('skips group messages as before when Group Chats is Skip', async () => {
		const { outputs } = await run(
			[groupMessage('skip-1', 'received', { name: 'Ana Silva', phone: ANA })],
			{ groupChats: 'skip' },
		);
		expect(outputs[3].map((item) => (item.json.sync as { rule: string }).rule)).toEqual([
			'group_chat',
		]);
	});
});
