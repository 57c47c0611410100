import { parseField } from '../../../../nodes/shared/transport/zoho/zohoAnswers';

describe('Zoho field metadata: picklist values (fields.json pick_list_values)', () => {
	it('keeps actual and display value of each entry and drops entries without an actual value', () => {
		const field = parseField({
			api_name: 'Lead_Source',
			data_type: 'picklist',
			pick_list_values: [
				{ actual_value: 'TimelinesAI', display_value: 'TimelinesAI', sequence_number: 1, id: '1' },
				{ actual_value: 'web_form', display_value: 'Web Form' },
				{ display_value: 'no actual value' },
				{ actual_value: 7 },
				'junk',
			],
		});
		expect(field?.pick_list_values).toEqual([
			{ actual_value: 'TimelinesAI', display_value: 'TimelinesAI' },
			{ actual_value: 'web_form', display_value: 'Web Form' },
		]);
	});

	it('has no picklist values for a field whose metadata has none', () => {
		expect(
			parseField({ api_name: 'Mobile', data_type: 'phone' })?.pick_list_values,
		).toBeUndefined();
		expect(
			parseField({ api_name: 'Mobile', data_type: 'phone', pick_list_values: 'x' })
				?.pick_list_values,
		).toBeUndefined();
	});
});
