import {
	firstItemResult,
	hasMoreRecords,
	listIn,
	orgTimeZoneOf,
	parseField,
	parseNote,
	parseRecord,
	parseUser,
} from '../../../../nodes/shared/transport/zoho/zohoAnswers';

describe('Zoho answers parsed at the transport boundary', () => {
	it('keeps the elements that carry their identity and drops the rest', () => {
		const body = {
			data: [
				{ id: '1', Note_Title: 'T', Note_Content: null },
				{ Note_Title: 'no id' },
				'junk',
				null,
			],
			info: { more_records: true },
		};
		expect(listIn(body, 'data', parseNote)).toEqual([
			{
				id: '1',
				Note_Title: 'T',
				Note_Content: null,
				Created_Time: undefined,
				Modified_Time: undefined,
			},
		]);
		expect(hasMoreRecords(body)).toBe(true);
		expect(listIn({ data: 'not a list' }, 'data', parseRecord)).toEqual([]);
		expect(listIn(undefined, 'data', parseRecord)).toEqual([]);
	});

	it('reads a record whose id is a number as no record (Zoho ids are strings in v8)', () => {
		expect(parseRecord({ id: 123, Mobile: '+44' })).toBeUndefined();
		expect(parseRecord({ id: '123', Mobile: '+44' })).toEqual({ id: '123', Mobile: '+44' });
	});

	it('types the metadata the nodes rely on and ignores wrong types', () => {
		expect(
			parseField({ api_name: 'Mobile', data_type: 'phone', system_mandatory: 'yes' }),
		).toMatchObject({ api_name: 'Mobile', data_type: 'phone', system_mandatory: undefined });
		expect(parseField({ api_name: 'Mobile' })).toBeUndefined();
		expect(parseUser({ id: '9', email: 42 })).toMatchObject({ id: '9', email: '' });
	});

	it("takes a write's first item result, else the request-level error", () => {
		expect(
			firstItemResult({ data: [{ code: 'SUCCESS', status: 'success', details: { id: '5' } }] }),
		).toMatchObject({ status: 'success', details: { id: '5' } });
		expect(
			firstItemResult({ code: 'INVALID_DATA', status: 'error', details: 'bad' }),
		).toMatchObject({ code: 'INVALID_DATA', details: {} });
		expect(orgTimeZoneOf({ org: [{ time_zone: 'Asia/Kolkata' }] })).toBe('Asia/Kolkata');
		expect(orgTimeZoneOf({ org: [{ time_zone: 5 }] })).toBeUndefined();
	});
});
