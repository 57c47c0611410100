import {
	matchOrCreateRecord,
	type MatchSettings,
} from '../../../nodes/shared/sync/matchOrCreateRecord';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

let credential = 0;
function settings(overrides: Partial<MatchSettings> = {}): MatchSettings {
	return {
		credentialId: `cred-${credential++}`, // fresh caches per test
		module: 'Leads',
		phoneField: 'Mobile',
		convertedModule: 'Contacts',
		convertedPhoneField: 'Phone',
		whenConverted: 'continue',
		nameFields: ['First_Name', 'Last_Name'],
		cacheTtlSeconds: 600,
		create: {
			name: 'Ana Silva',
			nameMapping: { mode: 'firstLast', firstNameField: 'First_Name', lastNameField: 'Last_Name' },
			chatLinkField: 'WhatsApp_Chat_Link',
			chatUrl: 'https://app.timelines.ai/chat/1/messages/',
			leadSourceField: 'Lead_Source',
			leadSourceValue: 'TimelinesAI',
			ownerId: 'u-1',
			additionalFields: {},
		},
		...overrides,
	};
}

describe('matchOrCreateRecord', () => {
	it('creates a lead with name, E.164 phone, chat link, lead source and owner when nothing matches', async () => {
		const zoho = new InMemoryZohoCrm();
		const result = await matchOrCreateRecord(
			zoho,
			{ phone: '447911123456@s.whatsapp.net', isGroup: false },
			settings(),
		);
		expect(result.outcome).toBe('created');
		expect(zoho.records.get('Leads')).toEqual([
			expect.objectContaining({
				First_Name: 'Ana',
				Last_Name: 'Silva',
				Mobile: '+447911123456',
				WhatsApp_Chat_Link: 'https://app.timelines.ai/chat/1/messages/',
				Lead_Source: 'TimelinesAI',
				Owner: { id: 'u-1' },
			}),
		]);
	});

	it('matches a legacy local-format number when a default country is set', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.records.set('Leads', [{ id: 'L1', Mobile: '07911 123457', Last_Name: 'Legacy' }]);
		const result = await matchOrCreateRecord(
			zoho,
			{ phone: '+447911123457', isGroup: false },
			settings({ defaultCountry: 'GB' }),
		);
		expect(result).toMatchObject({
			outcome: 'matched',
			rule: 'destination_field',
			record: { id: 'L1' },
		});
	});

	it('does not match a longer number that merely contains the digits', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.records.set('Leads', [{ id: 'L1', Mobile: '+4479111234569' }]);
		const result = await matchOrCreateRecord(
			zoho,
			{ phone: '+447911123456', isGroup: false },
			settings({ create: undefined }),
		);
		expect(result).toMatchObject({ outcome: 'skipped', rule: 'not_found' });
	});

	it('matches in the converted-records module when the destination has no record', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.records.set('Contacts', [{ id: 'C1', Phone: '+447911123456' }]);
		const result = await matchOrCreateRecord(
			zoho,
			{ phone: '+447911123456', isGroup: false },
			settings(),
		);
		expect(result).toMatchObject({
			outcome: 'matched',
			module: 'Contacts',
			rule: 'converted_module_field',
		});
	});

	it('continues with the contact a converted lead became, or stops when set to stop', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.records.set('Leads', [
			{ id: 'L1', Mobile: '+447911123456', Converted__s: true, Converted_Contact: { id: 'C9' } },
		]);
		zoho.records.set('Contacts', [{ id: 'C9', Phone: '+44 7911 999999' }]);
		const followed = await matchOrCreateRecord(
			zoho,
			{ phone: '+447911123456', isGroup: false },
			settings(),
		);
		expect(followed).toMatchObject({
			outcome: 'matched',
			module: 'Contacts',
			rule: 'converted_traceback',
			record: { id: 'C9' },
		});
		const stopped = await matchOrCreateRecord(
			zoho,
			{ phone: '+447911123456', isGroup: false },
			settings({ whenConverted: 'stop' }),
		);
		expect(stopped).toMatchObject({ outcome: 'skipped', rule: 'lead_converted_stop' });
	});

	it('skips group chats and invalid numbers without calling Zoho', async () => {
		const zoho = new InMemoryZohoCrm();
		expect(
			await matchOrCreateRecord(zoho, { phone: '+447911123456', isGroup: true }, settings()),
		).toMatchObject({ outcome: 'skipped', rule: 'group_chat' });
		expect(
			await matchOrCreateRecord(zoho, { phone: '12', isGroup: false }, settings()),
		).toMatchObject({ outcome: 'skipped', rule: 'invalid_number' });
		expect(zoho.callCount).toBe(0);
	});

	it('creates one record when 20 first messages of a new number race, and the rest match it', async () => {
		const zoho = new InMemoryZohoCrm();
		const shared = settings();
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				matchOrCreateRecord(zoho, { phone: '+447911123456', isGroup: false }, shared),
			),
		);
		expect(zoho.records.get('Leads')).toHaveLength(1);
		expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
		expect(new Set(results.map((r) => r.record?.id)).size).toBe(1);
	});

	it('treats DUPLICATE_DATA from a unique phone field as a match with the existing record', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.uniqueFields.add('Mobile');
		// The search misses the record (e.g. stale index), the create collides.
		zoho.records.set('Leads', [{ id: 'L7', Mobile: '+447911123456' }]);
		zoho.searchRecords = async () => [];
		const result = await matchOrCreateRecord(
			zoho,
			{ phone: '+447911123456', isGroup: false },
			settings(),
		);
		expect(result).toMatchObject({
			outcome: 'matched',
			rule: 'duplicate_data',
			record: { id: 'L7' },
		});
	});

	it('refuses to create when a mandatory field is not mapped, naming it', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.fields.push({ api_name: 'Company', data_type: 'text', system_mandatory: true });
		await expect(
			matchOrCreateRecord(zoho, { phone: '+447911123456', isGroup: false }, settings()),
		).rejects.toThrow('Company');
	});
});
