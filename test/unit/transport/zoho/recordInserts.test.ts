import { NodeApiError } from 'n8n-workflow';

import { ZohoRecordsBulkHttpApi } from '../../../../nodes/shared/transport/zoho/zohoRecordsBulk';
import { setUpNock, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();

let credentials = 0;
const newApi = () =>
	new ZohoRecordsBulkHttpApi(
		zohoExecution({ credentialId: `record-inserts-${++credentials}` }).context,
	);

const records = [
	{ Last_Name: 'Ana', Mobile: '+447700900001' },
	{ Last_Name: 'Ben', Mobile: '+447700900002' },
	{ Last_Name: 'Cy', Mobile: '+447700900003' },
];

describe('Zoho records inserted together (POST /{module})', () => {
	it.each([202, 207])(
		'maps a partly refused insert (%s) back per record: created, a duplicate naming the existing record, an error for that record only',
		async (status) => {
			zohoApi()
				.post(v8('/Leads'), { data: records, trigger: ['workflow'] })
				.reply(status, {
					data: [
						{ code: 'SUCCESS', status: 'success', message: 'record added', details: { id: 'L1' } },
						{
							code: 'DUPLICATE_DATA',
							status: 'error',
							message: 'duplicate data',
							details: { api_name: 'Mobile', duplicate_record: { id: 'L0' } },
						},
						{
							code: 'MANDATORY_NOT_FOUND',
							status: 'error',
							message: 'required field not found',
							details: { api_name: 'Company' },
						},
					],
				});
			const api = newApi();
			const results = await api.createRecords('Leads', records, { trigger: ['workflow'] });
			expect(results.slice(0, 2)).toEqual([
				{ outcome: 'created', id: 'L1' },
				{ outcome: 'duplicate', id: 'L0' },
			]);
			expect(results[2]).toBeInstanceOf(NodeApiError);
			expect((results[2] as NodeApiError).message).toContain('MANDATORY_NOT_FOUND');
			expect(api.callCount).toBe(1);
		},
	);

	it('an answer without one result per record fails the whole call: nothing is known of any record', async () => {
		zohoApi()
			.post(v8('/Leads'))
			.reply(201, {
				data: [{ code: 'SUCCESS', status: 'success', details: { id: 'L1' } }],
			});
		await expect(newApi().createRecords('Leads', records, {})).rejects.toBeInstanceOf(NodeApiError);
	});

	it('a 500 is not repeated: the insert may have been written', async () => {
		const scope = zohoApi()
			.post(v8('/Leads'))
			.reply(500, { code: 'INTERNAL_ERROR', status: 'error', message: 'internal error' });
		const api = newApi();
		await expect(api.createRecords('Leads', records, {})).rejects.toBeInstanceOf(NodeApiError);
		expect(scope.isDone()).toBe(true);
		expect(api.callCount).toBe(1);
	});

	it('refuses more than 100 records in one call before sending anything', async () => {
		const many = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `N${i}` }));
		await expect(newApi().createRecords('Leads', many, {})).rejects.toThrow(RangeError);
	});
});
