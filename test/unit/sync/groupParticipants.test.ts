import type { GroupChatMessage } from '../../../nodes/shared/domain/syncItem';
import {
	matchGroupParticipants,
	type GroupMembersSource,
} from '../../../nodes/shared/sync/groupParticipants';
import type { MatchSettings } from '../../../nodes/shared/sync/matchOrCreateRecord';
import type { TimelinesGroupMember } from '../../../nodes/shared/transport/timelinesai/groupMembers';
import type { ZohoRecord } from '../../../nodes/shared/transport/zoho/zohoCrmApi';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

const ACCOUNT = '+447700900001';
const ANA = '+447700900201';
const BEN = '+447700900202';
const CAROL = '+447700900203';

let fresh = 0;
function settings(): MatchSettings {
	return {
		credentialId: `group-cred-${fresh++}`, // fresh caches per test
		module: 'Leads',
		phoneField: 'Mobile',
		convertedModule: 'Contacts',
		convertedPhoneField: 'Phone',
		whenConverted: 'continue',
		nameFields: ['First_Name', 'Last_Name'],
		cacheTtlSeconds: 600,
		create: {
			name: 'Project Falcon', // the chat's name: a group's, never a participant's
			nameMapping: { mode: 'firstLast', firstNameField: 'First_Name', lastNameField: 'Last_Name' },
			leadSourceField: 'Lead_Source',
			leadSourceValue: 'TimelinesAI',
			additionalFields: {},
		},
	};
}

/** A group's members as GET /chats/{id} lists them, counting the reads. */
function members(list: TimelinesGroupMember[]): GroupMembersSource & { reads: number } {
	const source = {
		workspace: `ws-${fresh++}`,
		reads: 0,
		load: async () => {
			source.reads += 1;
			return list;
		},
	};
	return source;
}

const falcon: TimelinesGroupMember[] = [
	{ name: 'Sam Sales', phone: ACCOUNT, role: 'admin' },
	{ name: 'Ana Silva', phone: ANA, role: 'member' },
	{ name: 'Ben Ode', phone: BEN, role: 'member' },
	{ name: 'Carol New', phone: CAROL, role: 'member' },
];

const message = (overrides: Partial<GroupChatMessage>): GroupChatMessage => ({
	chatId: 77,
	chatName: 'Project Falcon',
	direction: 'received',
	senderName: 'Ana Silva',
	accountPhone: ACCOUNT,
	...overrides,
});

function zohoWith(...records: ZohoRecord[]): InMemoryZohoCrm {
	const zoho = new InMemoryZohoCrm();
	zoho.records.set('Leads', records);
	return zoho;
}

const recordIds = (outcome: Awaited<ReturnType<typeof matchGroupParticipants>>) =>
	'matches' in outcome
		? outcome.matches.map((entry) =>
				entry instanceof Error ? entry.message : (entry.result.record?.id ?? entry.result.rule),
			)
		: outcome.skipped.rule;

describe('matchGroupParticipants', () => {
	it("logs a received message to its sender's record only, without reading the group", async () => {
		const zoho = zohoWith(
			{ id: 'L-ana', Mobile: ANA, Last_Name: 'Silva' },
			{ id: 'L-ben', Mobile: BEN, Last_Name: 'Ode' },
		);
		const source = members(falcon);
		const outcome = await matchGroupParticipants(
			zoho,
			message({ senderPhone: ANA }),
			source,
			settings(),
			false,
		);
		expect(recordIds(outcome)).toEqual(['L-ana']);
		expect(source.reads).toBe(0);
	});

	it("finds a sender sent without a phone by name among the group's members, reading the group once per burst", async () => {
		const zoho = zohoWith({ id: 'L-ana', Mobile: ANA, Last_Name: 'Silva' });
		const source = members(falcon);
		const s = settings();
		const first = await matchGroupParticipants(zoho, message({}), source, s, false);
		const again = await matchGroupParticipants(
			zoho,
			message({ senderName: '  ana   SILVA ' }),
			source,
			s,
			false,
		);
		expect([recordIds(first), recordIds(again)]).toEqual([['L-ana'], ['L-ana']]);
		expect(source.reads).toBe(1);
	});

	it('skips a sender without a phone whose name no member (or several) has, saying why', async () => {
		const zoho = zohoWith();
		const unknown = await matchGroupParticipants(
			zoho,
			message({ senderName: 'Dave' }),
			members(falcon),
			settings(),
			true,
		);
		expect(unknown).toEqual({
			skipped: {
				rule: 'group_sender_unknown',
				reason:
					'TimelinesAI sent no phone for the group sender "Dave", and no participant of "Project Falcon" with a phone has that name',
			},
		});
		const twins = await matchGroupParticipants(
			zoho,
			message({}),
			members([...falcon, { name: 'Ana Silva', phone: '+447700900299' }]),
			settings(),
			true,
		);
		expect('skipped' in twins && twins.skipped.reason).toMatch(/2 participants .* have that name/);
		expect(zoho.records.get('Leads')).toEqual([]);
	});

	it('logs a sent message to every participant already in Zoho, never to the account, and creates nobody', async () => {
		const zoho = zohoWith(
			{ id: 'L-ana', Mobile: ANA, Last_Name: 'Silva' },
			{ id: 'L-ben', Mobile: BEN, Last_Name: 'Ode' },
			{ id: 'L-sam', Mobile: ACCOUNT, Last_Name: 'Sales' },
		);
		const outcome = await matchGroupParticipants(
			zoho,
			message({ direction: 'sent', senderName: 'Sam Sales', senderPhone: ACCOUNT }),
			members(falcon),
			settings(),
			false,
		);
		expect(recordIds(outcome)).toEqual(['L-ana', 'L-ben']);
		expect(zoho.records.get('Leads')).toHaveLength(3);
	});

	it('creates records for participants without one only when asked, named after the participant (not the group)', async () => {
		const zoho = zohoWith({ id: 'L-ana', Mobile: ANA, Last_Name: 'Silva' });
		const outcome = await matchGroupParticipants(
			zoho,
			message({ direction: 'sent', senderName: 'Sam Sales' }),
			members(falcon),
			settings(),
			true,
		);
		expect(
			'matches' in outcome && outcome.matches.map((m) => !(m instanceof Error) && m.result.outcome),
		).toEqual(['matched', 'created', 'created']);
		expect(zoho.records.get('Leads')).toHaveLength(3);
		expect(zoho.records.get('Leads')).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ First_Name: 'Ben', Last_Name: 'Ode', Mobile: BEN }),
				expect.objectContaining({ First_Name: 'Carol', Last_Name: 'New', Mobile: CAROL }),
			]),
		);
	});

	it('skips a sent message when no participant is in Zoho, saying so', async () => {
		const outcome = await matchGroupParticipants(
			zohoWith(),
			message({ direction: 'sent' }),
			members(falcon),
			settings(),
			false,
		);
		expect(outcome).toEqual({
			skipped: {
				rule: 'group_participants_not_found',
				reason:
					'None of the 3 participants of "Project Falcon" has a record in Zoho ("Create Records for Group Participants" is off)',
			},
		});
	});

	it('fails only the participant whose search failed; the others are matched', async () => {
		const zoho = zohoWith(
			{ id: 'L-ana', Mobile: ANA, Last_Name: 'Silva' },
			{ id: 'L-ben', Mobile: BEN, Last_Name: 'Ode' },
		);
		const search = zoho.searchRecords.bind(zoho);
		zoho.searchRecords = async (module, criteria, options) => {
			if (criteria.includes(BEN.slice(1))) throw new Error('Zoho answered 500 for Ben');
			return await search(module, criteria, options);
		};
		const outcome = await matchGroupParticipants(
			zoho,
			message({ direction: 'sent' }),
			members(falcon),
			settings(),
			false,
		);
		expect(recordIds(outcome)).toEqual(['L-ana', 'Zoho answered 500 for Ben']);
	});

	it('does not keep a failed read of the members: the next message reads the group again', async () => {
		let reads = 0;
		const source: GroupMembersSource = {
			workspace: `ws-${fresh++}`,
			load: async () => {
				reads += 1;
				if (reads === 1) throw new Error('TimelinesAI 500');
				return falcon;
			},
		};
		const zoho = zohoWith({ id: 'L-ana', Mobile: ANA, Last_Name: 'Silva' });
		await expect(
			matchGroupParticipants(zoho, message({}), source, settings(), false),
		).rejects.toThrow('TimelinesAI 500');
		const outcome = await matchGroupParticipants(zoho, message({}), source, settings(), false);
		expect(recordIds(outcome)).toEqual(['L-ana']);
	});
});
