import { followChatOwner } from '../../../nodes/shared/sync/ownerFollowsChat';
import type { OwnerFollowsChatSettings } from '../../../nodes/shared/sync/ownerFollowsChat';
import type { RecordUpdate } from '../../../nodes/shared/transport/zoho/zohoRecordsBulk';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

const SAM = { id: '11', email: 'sam@example.com' };
const PRIYA = { id: '22', email: 'Priya@Example.com' };

let credential = 0;
function setUp() {
	const zoho = new InMemoryZohoCrm();
	zoho.users = [SAM, PRIYA];
	zoho.records.set('Leads', [
		{ id: '1', Mobile: '+447400123456', Lead_Source: 'TimelinesAI', Owner: { id: SAM.id } },
		{ id: '2', Mobile: '+447400123457', Lead_Source: 'Web', Owner: { id: SAM.id } },
	]);
	const puts: RecordUpdate[][] = [];
	const writer = {
		updateRecords: async (module: string, updates: RecordUpdate[]) => {
			puts.push(updates);
			return updates.map((update) => {
				const record = zoho.records.get(module)?.find((candidate) => candidate.id === update.id);
				if (record) Object.assign(record, update.fields);
				return { id: update.id, outcome: 'updated' as const };
			});
		},
	};
	credential += 1; // the owner directory is cached per credential
	const settings: OwnerFollowsChatSettings = {
		credentialId: `owner-follows-${credential}`,
		module: 'Leads',
		phoneField: 'Mobile',
		records: 'createdByPack',
		leadSourceField: 'Lead_Source',
		leadSourceValue: 'TimelinesAI',
	};
	return { zoho, writer, puts, settings };
}

it("moves the owner of the pack's record to the new responsible's Zoho user (email case-insensitive)", async () => {
	const { zoho, writer, puts, settings } = setUp();
	const result = await followChatOwner(
		zoho,
		writer,
		{ phone: '+447400123456', responsibleEmail: 'priya@example.com' },
		settings,
	);
	expect(result).toEqual({
		outcome: 'updated',
		module: 'Leads',
		recordId: '1',
		ownerId: PRIYA.id,
		previousOwnerId: SAM.id,
	});
	expect(puts).toEqual([[{ id: '1', fields: { Owner: { id: PRIYA.id } } }]]);
});

it('leaves a record the pack did not create, unless All Records is chosen', async () => {
	const { zoho, writer, puts, settings } = setUp();
	const chat = { phone: '+447400123457', responsibleEmail: PRIYA.email };
	expect(await followChatOwner(zoho, writer, chat, settings)).toMatchObject({
		outcome: 'skipped',
		recordId: '2',
		reason: 'not created by the pack (Lead_Source is not "TimelinesAI")',
	});
	expect(puts).toEqual([]);
	expect(await followChatOwner(zoho, writer, chat, { ...settings, records: 'all' })).toMatchObject({
		outcome: 'updated',
		recordId: '2',
	});
});

it('changes nothing for a responsible without a Zoho user, an unassigned or group chat, or the same owner', async () => {
	const { zoho, writer, puts, settings } = setUp();
	const phone = '+447400123456';
	expect(
		await followChatOwner(
			zoho,
			writer,
			{ phone, responsibleEmail: 'temp@agency.example' },
			settings,
		),
	).toMatchObject({
		outcome: 'skipped',
		reason: 'temp@agency.example is not an active Zoho user: the owner stays',
	});
	expect(
		await followChatOwner(zoho, writer, { phone, responsibleEmail: '' }, settings),
	).toMatchObject({
		outcome: 'skipped',
	});
	expect(
		await followChatOwner(zoho, writer, { phone: '', responsibleEmail: PRIYA.email }, settings),
	).toMatchObject({ reason: 'the chat has no phone (a group chat)' });
	expect(
		await followChatOwner(zoho, writer, { phone, responsibleEmail: SAM.email }, settings),
	).toMatchObject({ outcome: 'skipped', reason: 'already the owner' });
	expect(
		await followChatOwner(
			zoho,
			writer,
			{ phone: '+447400999999', responsibleEmail: PRIYA.email },
			settings,
		),
	).toMatchObject({ outcome: 'skipped', reason: 'no record has +447400999999' });
	expect(puts).toEqual([]);
});
