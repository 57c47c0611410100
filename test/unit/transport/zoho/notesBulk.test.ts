import { NodeApiError } from 'n8n-workflow';

import { ZohoCrmHttpApi } from '../../../../nodes/shared/transport/zoho/zohoCrmHttpApi';
import { ZohoNotesBulkHttpApi } from '../../../../nodes/shared/transport/zoho/zohoNotesBulk';
import { setUpNock, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();

let credentials = 0;
const newApi = () =>
	new ZohoNotesBulkHttpApi(zohoExecution({ credentialId: `notes-bulk-${++credentials}` }).context);

const success = (id: string, modified = '2026-12-01T10:00:00+00:00') => ({
	code: 'SUCCESS',
	status: 'success',
	message: 'record updated',
	details: { id, Modified_Time: modified },
});

describe('Zoho notes in bulk', () => {
	it.each([202, 207])(
		'maps a partly refused update (%s) back per note: written, gone, too long, and an error for that note only',
		async (status) => {
			zohoApi()
				.put(v8('/Notes'), {
					data: [
						{ id: 'n1', Note_Content: 'a' },
						{ id: 'n2', Note_Content: 'b' },
						{ id: 'n3', Note_Content: 'c' },
						{ id: 'n4', Note_Content: 'd' },
					],
				})
				.reply(status, {
					data: [
						success('n1'),
						{
							code: 'INVALID_DATA',
							status: 'error',
							message: 'the id given seems to be invalid',
							details: { id: 'n2' },
						},
						{
							code: 'INVALID_DATA',
							status: 'error',
							message: 'invalid data',
							details: { api_name: 'Note_Content', maximum_length: 32000 },
						},
						{
							code: 'MANDATORY_NOT_FOUND',
							status: 'error',
							message: 'required field not found',
							details: {},
						},
					],
				});
			const api = newApi();
			const results = await api.updateNotes([
				{ id: 'n1', content: 'a' },
				{ id: 'n2', content: 'b' },
				{ id: 'n3', content: 'c' },
				{ id: 'n4', content: 'd' },
			]);
			expect(results.slice(0, 3)).toEqual([
				{ outcome: 'written', id: 'n1', modifiedTime: '2026-12-01T10:00:00+00:00' },
				{ outcome: 'gone', what: 'note', code: 'INVALID_DATA' },
				{ outcome: 'too_long', maximumLength: 32000 },
			]);
			expect(results[3]).toBeInstanceOf(NodeApiError);
			expect((results[3] as NodeApiError).message).toContain('MANDATORY_NOT_FOUND');
			expect(api.callCount).toBe(1);
		},
	);

	it('creates notes on several records in one POST /Notes with v8 Parent_Id, every item refused = 400 with the same items', async () => {
		zohoApi()
			.post(v8('/Notes'), {
				data: [
					{
						Note_Title: 'WhatsApp Chat with Ana (01/12/2026)',
						Note_Content: 'hi',
						Parent_Id: { module: { api_name: 'Leads' }, id: 'L1' },
					},
					{
						Note_Title: 'WhatsApp Chat with Ben (01/12/2026)',
						Note_Content: 'yo',
						Parent_Id: { module: { api_name: 'Contacts' }, id: 'C1' },
					},
				],
			})
			.reply(201, { data: [success('new1'), success('new2')] })
			.post(v8('/Notes'))
			.reply(400, {
				data: [
					{
						code: 'INVALID_DATA',
						status: 'error',
						message: 'the related id given seems to be invalid',
						details: { api_name: 'Parent_Id', json_path: '$.data[0].Parent_Id' },
					},
				],
			});
		const api = newApi();
		await expect(
			api.createNotes([
				{
					module: 'Leads',
					recordId: 'L1',
					title: 'WhatsApp Chat with Ana (01/12/2026)',
					content: 'hi',
				},
				{
					module: 'Contacts',
					recordId: 'C1',
					title: 'WhatsApp Chat with Ben (01/12/2026)',
					content: 'yo',
				},
			]),
		).resolves.toEqual([
			{ outcome: 'written', id: 'new1', modifiedTime: '2026-12-01T10:00:00+00:00' },
			{ outcome: 'written', id: 'new2', modifiedTime: '2026-12-01T10:00:00+00:00' },
		]);
		await expect(
			api.createNotes([{ module: 'Leads', recordId: 'gone', title: 't', content: 'c' }]),
		).resolves.toEqual([{ outcome: 'gone', what: 'record', code: 'INVALID_DATA' }]);
	});

	it('fails every note of an answer that does not name each one, and refuses more than 100 notes a call', async () => {
		zohoApi()
			.put(v8('/Notes'))
			.reply(400, { code: 'INVALID_DATA', status: 'error', message: 'invalid data', details: {} });
		const api = newApi();
		const results = await api.updateNotes([
			{ id: 'n1', content: 'a' },
			{ id: 'n2', content: 'b' },
		]);
		expect(results).toHaveLength(2);
		for (const result of results) expect(result).toBeInstanceOf(NodeApiError);
		const many = Array.from({ length: 101 }, (_, n) => ({ id: `n${n}`, content: 'x' }));
		await expect(api.updateNotes(many)).rejects.toThrow(RangeError);
		await expect(api.getNotesByIds(many.map((note) => note.id))).rejects.toThrow(RangeError);
	});

	it('reads notes by ids in one call as an admin, and says not_admin on 403 NO_PERMISSION', async () => {
		zohoApi()
			.get(v8('/users'))
			.query({ type: 'CurrentUser' })
			.reply(200, {
				users: [
					{ id: 'u1', email: 'alex@example.com', profile: { name: 'Administrator', id: 'p1' } },
				],
			})
			.get(v8('/Notes'))
			.query({ ids: 'n1,n2', fields: 'Note_Title,Note_Content,Modified_Time' })
			.reply(200, {
				data: [
					{ id: 'n1', Note_Content: 'one', Modified_Time: '2026-12-01T10:00:00+00:00' },
					{ id: 'n2', Note_Content: 'two', Modified_Time: '2026-12-01T10:00:01+00:00' },
				],
			})
			.get(v8('/Notes'))
			.query(true)
			.reply(403, {
				code: 'NO_PERMISSION',
				status: 'error',
				message: 'permission denied',
				details: {},
			});
		const execution = zohoExecution({ credentialId: `notes-bulk-${++credentials}` });
		const me = await new ZohoCrmHttpApi(execution.context).getCurrentUser();
		expect(me?.profileName).toBe('Administrator');
		const api = new ZohoNotesBulkHttpApi(execution.context);
		const notes = await api.getNotesByIds(['n1', 'n2']);
		expect(notes).toEqual([
			{ id: 'n1', Note_Content: 'one', Modified_Time: '2026-12-01T10:00:00+00:00' },
			{ id: 'n2', Note_Content: 'two', Modified_Time: '2026-12-01T10:00:01+00:00' },
		]);
		await expect(api.getNotesByIds(['n3'])).resolves.toBe('not_admin');
		expect(api.callCount).toBe(2);
	});
});
