import {
	checkCreationFields,
	withoutMissingFields,
} from '../../../nodes/shared/sync/creationFieldCheck';
import type { CreateSettings } from '../../../nodes/shared/sync/recordCreation';
import type { ZohoFieldMeta } from '../../../nodes/shared/transport/zoho/zohoCrmApi';

const leadSource = (...values: string[]): ZohoFieldMeta => ({
	api_name: 'Lead_Source',
	data_type: 'picklist',
	display_label: 'Lead Source',
	pick_list_values: values.map((value) => ({ actual_value: value, display_value: value })),
});
const chatLink: ZohoFieldMeta = { api_name: 'WhatsApp_Chat_Link', data_type: 'website' };
const bundled = {
	chatLinkField: 'WhatsApp_Chat_Link',
	leadSourceField: 'Lead_Source',
	leadSourceValue: 'TimelinesAI',
};

describe('checkCreationFields', () => {
	it('finds nothing to say when the chat link field exists and the picklist offers the value', () => {
		const fields = [chatLink, leadSource('Web', 'TimelinesAI')];
		expect(checkCreationFields('Leads', fields, bundled)).toEqual({
			missingFields: [],
			hints: [],
		});
	});

	it('warns, naming both, when the lead source value is not in the picklist, and still writes it', () => {
		const check = checkCreationFields('Leads', [chatLink, leadSource('Web', 'Partner')], bundled);
		expect(check.missingFields).toEqual([]);
		expect(check.hints).toEqual([
			expect.stringContaining(
				'Lead Source Value "TimelinesAI" is not a value of the Lead Source picklist (Lead_Source) in Leads',
			),
		]);
		expect(check.hints[0]).toContain(
			'Settings → Modules and Fields → Leads → Lead Source → add value "TimelinesAI"',
		);
	});

	it("accepts the value when it is the picklist entry's display value", () => {
		const field: ZohoFieldMeta = {
			...leadSource(),
			pick_list_values: [{ actual_value: 'timelines_ai', display_value: 'TimelinesAI' }],
		};
		expect(checkCreationFields('Leads', [chatLink, field], bundled).hints).toEqual([]);
	});

	it('says nothing about values of a lead source field that is not a picklist', () => {
		const text: ZohoFieldMeta = { api_name: 'Lead_Source', data_type: 'text' };
		expect(checkCreationFields('Leads', [chatLink, text], bundled).hints).toEqual([]);
	});

	it('leaves out a chat link field the module does not have, with a hint on creating it', () => {
		const check = checkCreationFields('Leads', [leadSource('TimelinesAI')], bundled);
		expect(check.missingFields).toEqual(['WhatsApp_Chat_Link']);
		expect(check.hints).toEqual([
			expect.stringMatching(
				/^Chat Link Field "WhatsApp_Chat_Link" does not exist in Leads: records are created without the link.*Create a URL field/,
			),
		]);
	});

	it('leaves out a lead source field the module does not have, only when a value would be written', () => {
		expect(checkCreationFields('Leads', [chatLink], bundled)).toEqual({
			missingFields: ['Lead_Source'],
			hints: [expect.stringContaining('Lead Source Field "Lead_Source" does not exist in Leads')],
		});
		expect(
			checkCreationFields('Leads', [chatLink], { ...bundled, leadSourceValue: undefined }),
		).toEqual({ missingFields: [], hints: [] });
	});

	it('checks nothing the settings leave empty', () => {
		expect(checkCreationFields('Leads', [], {})).toEqual({ missingFields: [], hints: [] });
	});
});

describe('withoutMissingFields', () => {
	const create: CreateSettings = {
		name: 'Ann',
		nameMapping: { mode: 'single', field: 'Name' },
		chatUrl: 'https://app.timelines.ai/chat/1/',
		additionalFields: {},
		...bundled,
	};

	it('drops only the missing fields from the creation settings', () => {
		expect(
			withoutMissingFields(create, { missingFields: ['WhatsApp_Chat_Link'], hints: [] }),
		).toEqual({ ...create, chatLinkField: undefined });
		expect(withoutMissingFields(create, { missingFields: [], hints: ['x'] })).toBe(create);
	});
});
