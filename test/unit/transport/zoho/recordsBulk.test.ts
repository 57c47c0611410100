import { NodeApiError } from 'n8n-workflow';

import { ZohoRecordsBulkHttpApi } from '../../../../nodes/shared/transport/zoho/zohoRecordsBulk';
import { rejectionOf, setUpNock, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();

let credentials = 0;
const newApi = () =>
	new ZohoRecordsBulkHttpApi(zohoExecution({ credentialId: `bulk-${++credentials}` }).context);

describe('Zoho records in bulk', () => {
	it('pages a module with the fields asked for, 200 a page; 204 = no records', async () => {
		zohoApi()
			.get(v8('/Leads'))
			.query({ fields: 'Mobile,Phone', page: '1', per_page: '200' })
			.reply(200, { data: [{ id: '1', Mobile: '07400 123456' }], info: { more_records: true } })
			.get(v8('/Leads'))
			.query({ fields: 'Mobile,Phone', page: '2', per_page: '200' })
			.reply(204);
		const api = newApi();
		await expect(
			api.listRecords('Leads', { fields: ['Mobile', 'Phone'], page: 1 }),
		).resolves.toEqual({
			records: [{ id: '1', Mobile: '07400 123456' }],
			more: true,
		});
		await expect(
			api.listRecords('Leads', { fields: ['Mobile', 'Phone'], page: 2 }),
		).resolves.toEqual({
			records: [],
			more: false,
		});
		expect(api.callCount).toBe(2);
	});

	it('maps per-record results back in the order sent, also when Zoho refuses every record (400)', async () => {
		zohoApi()
			.put(v8('/Leads'), {
				data: [
					{ Mobile: '+447400123456', id: '1' },
					{ Mobile: '+447400123457', id: '2' },
				],
			})
			.reply(200, {
				data: [
					{ code: 'SUCCESS', status: 'success', message: 'record updated', details: { id: '1' } },
					{
						code: 'INVALID_DATA',
						status: 'error',
						message: 'the id given seems to be invalid',
						details: { id: '2' },
					},
				],
			})
			.put(v8('/Leads'))
			.reply(400, {
				data: [{ code: 'INVALID_DATA', status: 'error', message: 'invalid data', details: {} }],
			});
		const api = newApi();
		await expect(
			api.updateRecords('Leads', [
				{ id: '1', fields: { Mobile: '+447400123456' } },
				{ id: '2', fields: { Mobile: '+447400123457' } },
			]),
		).resolves.toEqual([
			{ id: '1', outcome: 'updated' },
			{
				id: '2',
				outcome: 'failed',
				code: 'INVALID_DATA',
				message: 'the id given seems to be invalid',
			},
		]);
		await expect(
			api.updateRecords('Leads', [{ id: '3', fields: { Mobile: 'x' } }]),
		).resolves.toEqual([
			{ id: '3', outcome: 'failed', code: 'INVALID_DATA', message: 'invalid data' },
		]);
	});

	it('refuses more than 100 records in one call, and an answer that does not name each record', async () => {
		const api = newApi();
		const updates = Array.from({ length: 101 }, (_, n) => ({ id: String(n), fields: {} }));
		await expect(api.updateRecords('Leads', updates)).rejects.toThrow(RangeError);
		zohoApi()
			.put(v8('/Nope'))
			.reply(400, {
				code: 'INVALID_MODULE',
				status: 'error',
				message: 'the module name given seems to be invalid',
			});
		const error = await rejectionOf(
			api.updateRecords('Nope', [{ id: '1', fields: {} }]),
			NodeApiError,
		);
		expect(error.message).toContain('INVALID_MODULE');
	});
});
