import { NodeApiError } from 'n8n-workflow';

import { ZohoCrmHttpApi } from '../../../../nodes/shared/transport/zoho/zohoCrmHttpApi';
import { rejectionOf, setUpNock, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();

let credentials = 0;
const newApi = () =>
	new ZohoCrmHttpApi(zohoExecution({ credentialId: `answers-${++credentials}` }).context);

const NOTE = { title: 'WhatsApp Chat with Ana (05/03/2026)', content: '10:02 Ana: hello' };
const itemError = (code: string, message: string, details: Record<string, unknown>) => ({
	data: [{ code, status: 'error', message, details }],
});
const duplicateOf = (details: Record<string, unknown>) =>
	itemError('DUPLICATE_DATA', 'duplicate data', {
		api_name: 'Mobile',
		json_path: '$.data[0].Mobile',
		...details,
	});
const tooLong = (apiName: string, maximumLength: number | string) =>
	itemError('INVALID_DATA', 'invalid data', {
		api_name: apiName,
		json_path: `$.data[0].${apiName}`,
		maximum_length: maximumLength,
	});

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, NodeApiError);

describe('Zoho transport — 204 means "none"', () => {
	it('answers no records for a search that Zoho answers 204 (no body), without an error or a retry', async () => {
		const scope = zohoApi()
			.get(v8('/Leads/search'))
			.query({ criteria: '(Mobile:equals:4915112345678)', fields: 'Mobile', per_page: '50' })
			.reply(204);
		const api = newApi();
		await expect(
			api.searchRecords('Leads', '(Mobile:equals:4915112345678)', { fields: ['Mobile'] }),
		).resolves.toEqual([]);
		expect(api.callCount).toBe(1);
		expect(scope.isDone()).toBe(true);
	});

	it('answers no note, no notes and no attachments when Zoho answers 204', async () => {
		const scope = zohoApi()
			.get(v8('/Notes/77'))
			.query(true)
			.reply(204)
			.get(v8('/Leads/1/Notes'))
			.query(true)
			.reply(204)
			.get(v8('/Notes/77/Attachments'))
			.query(true)
			.reply(204)
			.get(v8('/Leads/2'))
			.query(true)
			.reply(204);
		const api = newApi();
		await expect(api.getNote('77')).resolves.toBeUndefined();
		await expect(api.listRecordNotes('Leads', '1', 1)).resolves.toEqual({ notes: [], more: false });
		await expect(api.listNoteAttachments('77')).resolves.toEqual([]);
		await expect(api.getRecord('Leads', '2', { fields: ['Mobile'] })).resolves.toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});
});

describe('Zoho transport — errors inside a 2xx answer', () => {
	it('answers "duplicate" with the existing record id for a per-item DUPLICATE_DATA in a 202 answer (v8 details.duplicate_record.id)', async () => {
		const body = duplicateOf({
			duplicate_record: {
				id: '5725767000000524001',
				module: { api_name: 'Leads', id: '1' },
				Owner: { id: '9', name: 'Bo' },
			},
		});
		const scope = zohoApi()
			.post(v8('/Leads'), { data: [{ Last_Name: 'Ana', Mobile: '+4915112345678' }] })
			.reply(202, body);
		await expect(
			newApi().createRecord('Leads', { Last_Name: 'Ana', Mobile: '+4915112345678' }, {}),
		).resolves.toEqual({
			outcome: 'duplicate',
			id: '5725767000000524001',
		});
		expect(scope.isDone()).toBe(true);
	});

	it('also reads the existing record id from details.id, as older API versions answer DUPLICATE_DATA', async () => {
		const scope = zohoApi()
			.post(v8('/Leads'))
			.reply(400, duplicateOf({ id: '5725767000000524002' }));
		await expect(newApi().createRecord('Leads', { Last_Name: 'Ana' }, {})).resolves.toEqual({
			outcome: 'duplicate',
			id: '5725767000000524002',
		});
		expect(scope.isDone()).toBe(true);
	});

	it('throws a per-item MANDATORY_NOT_FOUND inside a 202 answer, naming the field, instead of reading it as created', async () => {
		const scope = zohoApi()
			.post(v8('/Leads'))
			.reply(
				202,
				itemError('MANDATORY_NOT_FOUND', 'required field not found', {
					api_name: 'Last_Name',
					json_path: '$.data[0].Last_Name',
				}),
			);
		const error = await rejection(newApi().createRecord('Leads', { First_Name: 'Ana' }, {}));
		expect(error.message).toBe('Zoho CRM: MANDATORY_NOT_FOUND — required field not found');
		expect(error.description).toBe('Zoho requires the field Last_Name.');
		expect(scope.isDone()).toBe(true);
	});

	it('throws a request-level error that arrives with HTTP 200 instead of reading it as "no records"', async () => {
		const scope = zohoApi().get(v8('/Leads/search')).query(true).reply(200, {
			code: 'INTERNAL_ERROR',
			details: {},
			message: 'Internal Server Error',
			status: 'error',
		});
		const error = await rejection(
			newApi().searchRecords('Leads', '(Mobile:equals:1)', { fields: ['Mobile'] }),
		);
		expect(error.message).toBe('Zoho CRM: INTERNAL_ERROR — Internal Server Error');
		expect(scope.isDone()).toBe(true);
	});

	it('throws a failed attachment upload answered inside a 2xx', async () => {
		const scope = zohoApi()
			.post(v8('/Notes/77/Attachments'))
			.reply(200, itemError('FILE_SIZE_MORE_THAN_ALLOWED_SIZE', 'file size exceeds the limit', {}));
		const error = await rejection(
			newApi().uploadNoteAttachment('77', {
				filename: 'photo.jpg',
				data: Buffer.from('jpeg'),
				mimetype: 'image/jpeg',
			}),
		);
		expect(error.message).toBe(
			'Zoho CRM: FILE_SIZE_MORE_THAN_ALLOWED_SIZE — file size exceeds the limit',
		);
		expect(scope.isDone()).toBe(true);
	});
});

describe('Zoho transport — note writes', () => {
	it('answers "written" with the note id and Modified_Time of a created note', async () => {
		const details = { id: '88', Modified_Time: '2026-03-05T10:02:00+01:00' };
		const scope = zohoApi()
			.post(v8('/Leads/1/Notes'), {
				data: [{ Note_Title: NOTE.title, Note_Content: NOTE.content }],
			})
			.reply(201, {
				data: [{ code: 'SUCCESS', status: 'success', message: 'record added', details }],
			});
		await expect(newApi().createNote('Leads', '1', NOTE)).resolves.toEqual({
			outcome: 'written',
			id: '88',
			modifiedTime: details.Modified_Time,
		});
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['per item in a 202', 202, tooLong('Note_Content', 32000)],
		['per item in a 400', 400, tooLong('Note_Content', 32000)],
		['with the limit as a string (record.json types it so)', 202, tooLong('Note_Content', '32000')],
		['at request level', 400, tooLong('Note_Content', 32000).data[0]],
	])(
		'answers "too_long" with Zoho\'s limit when the note content is too long (%s)',
		async (_, status, body) => {
			const scope = zohoApi().put(v8('/Notes/77')).reply(status, body);
			await expect(newApi().updateNote('77', 'x'.repeat(32001), {})).resolves.toEqual({
				outcome: 'too_long',
				maximumLength: 32000,
			});
			expect(scope.isDone()).toBe(true);
		},
	);

	it('throws (rather than rolling the content over) when it is the note title that is too long', async () => {
		const scope = zohoApi().post(v8('/Leads/1/Notes')).reply(202, tooLong('Note_Title', 120));
		const error = await rejection(
			newApi().createNote('Leads', '1', {
				...NOTE,
				title: `WhatsApp Chat with ${'A'.repeat(200)}`,
			}),
		);
		expect(error.message).toBe('Zoho CRM: INVALID_DATA — invalid data');
		expect(error.description).toBe("Note_Title is longer than Zoho's limit of 120 characters.");
		expect(scope.isDone()).toBe(true);
	});

	it('answers "precondition_failed" when a conditional note write gets 412, sending If-Unmodified-Since once', async () => {
		const since = '2026-03-05T10:02:00+01:00';
		const scope = zohoApi()
			.put(v8('/Notes/77'))
			.matchHeader('if-unmodified-since', since)
			.reply(412, {
				code: 'ALREADY_MODIFIED',
				details: {},
				message: 'the record was modified',
				status: 'error',
			});
		const api = newApi();
		await expect(
			api.updateNote('77', 'merged content', { ifUnmodifiedSince: since }),
		).resolves.toEqual({ outcome: 'precondition_failed' });
		expect(api.callCount).toBe(1);
		expect(scope.isDone()).toBe(true);
	});
});
