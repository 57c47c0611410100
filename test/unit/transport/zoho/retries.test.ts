// Back-off delays are recorded instead of waited for.
jest.mock('n8n-workflow', () => ({
	...jest.requireActual<object>('n8n-workflow'),
	sleep: jest.fn(async () => undefined),
}));

import { NodeApiError, sleep } from 'n8n-workflow';

import { ZohoCrmHttpApi } from '../../../../nodes/shared/transport/zoho/zohoCrmHttpApi';
import { MAX_ATTEMPTS } from '../../../../nodes/shared/transport/zoho/zohoRetryPolicy';
import { rejectionOf, setUpNock, socketError, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();
const sleepMock = jest.mocked(sleep);
beforeEach(() => sleepMock.mockClear());

let credentials = 0;
const newApi = () =>
	new ZohoCrmHttpApi(zohoExecution({ credentialId: `retries-${++credentials}` }).context);

const CRITERIA = '(Mobile:equals:4915112345678)';
const search = (api: ZohoCrmHttpApi) =>
	api.searchRecords('Leads', CRITERIA, { fields: ['Mobile'] });
const found = {
	data: [{ id: '5725767000000524001', Mobile: '+4915112345678' }],
	info: { more_records: false },
};
const zohoError = (code: string, message: string) => ({
	code,
	details: {},
	message,
	status: 'error',
});
const TOO_MANY = zohoError(
	'TOO_MANY_REQUESTS',
	'You have made too many requests. Please try again after some time.',
);
const INTERNAL = zohoError('INTERNAL_ERROR', 'Internal Server Error');
const created = {
	data: [
		{
			code: 'SUCCESS',
			status: 'success',
			message: 'record added',
			details: { id: '5725767000000524099' },
		},
	],
};
const noteWritten = {
	data: [
		{
			code: 'SUCCESS',
			status: 'success',
			message: 'record updated',
			details: { id: '77', Modified_Time: '2026-03-05T10:00:00+01:00' },
		},
	],
};

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, NodeApiError);

describe('Zoho transport — retries', () => {
	it('retries a 429 with growing, jittered delays and returns the answer that follows', async () => {
		const scope = zohoApi()
			.get(v8('/Leads/search'))
			.query(true)
			.times(2)
			.reply(429, TOO_MANY)
			.get(v8('/Leads/search'))
			.query(true)
			.reply(200, found);
		const api = newApi();
		await expect(search(api)).resolves.toEqual(found.data);
		expect(api.callCount).toBe(3);
		expect(scope.isDone()).toBe(true);
		const [first, second] = sleepMock.mock.calls.map(([ms]) => ms);
		expect(sleepMock).toHaveBeenCalledTimes(2);
		expect(first).toBeGreaterThanOrEqual(200);
		expect(first).toBeLessThan(300);
		expect(second).toBeGreaterThanOrEqual(400);
		expect(second).toBeLessThan(600);
	});

	it(`gives up after ${MAX_ATTEMPTS} answers of 429 with an error that says so`, async () => {
		const scope = zohoApi()
			.get(v8('/Leads/search'))
			.query(true)
			.times(MAX_ATTEMPTS)
			.reply(429, TOO_MANY);
		const api = newApi();
		const error = await rejection(search(api));
		expect(error.message).toBe(
			'Zoho CRM: TOO_MANY_REQUESTS — You have made too many requests. Please try again after some time.',
		);
		expect(error.description).toContain('credits or the concurrency limit are exhausted');
		expect(error.description).toContain(`refused all ${MAX_ATTEMPTS} attempts`);
		expect(error.httpCode).toBe('429');
		expect(api.callCount).toBe(MAX_ATTEMPTS);
		expect(sleepMock).toHaveBeenCalledTimes(MAX_ATTEMPTS - 1);
		expect(scope.isDone()).toBe(true);
	});

	it('repeats a create refused with 429: Zoho processed nothing', async () => {
		const scope = zohoApi()
			.post(v8('/Leads'))
			.reply(429, TOO_MANY)
			.post(v8('/Leads'))
			.reply(201, created);
		const api = newApi();
		await expect(api.createRecord('Leads', { Last_Name: 'Ana' }, {})).resolves.toEqual({
			outcome: 'created',
			id: '5725767000000524099',
		});
		expect(api.callCount).toBe(2);
		expect(scope.isDone()).toBe(true);
	});

	it.each([500, 502, 503, 504])(
		'retries a search answered %i and returns the answer that follows',
		async (status) => {
			const scope = zohoApi()
				.get(v8('/Leads/search'))
				.query(true)
				.reply(status, INTERNAL)
				.get(v8('/Leads/search'))
				.query(true)
				.reply(200, found);
			const api = newApi();
			await expect(search(api)).resolves.toEqual(found.data);
			expect(api.callCount).toBe(2);
			expect(scope.isDone()).toBe(true);
		},
	);

	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED'])(
		'retries a search whose connection failed with %s',
		async (code) => {
			const scope = zohoApi()
				.get(v8('/Leads/search'))
				.query(true)
				.replyWithError(socketError(code, `socket failed (${code})`))
				.get(v8('/Leads/search'))
				.query(true)
				.reply(200, found);
			const api = newApi();
			await expect(search(api)).resolves.toEqual(found.data);
			expect(api.callCount).toBe(2);
			expect(scope.isDone()).toBe(true);
		},
	);

	it('sets a timeout on every call, so a hung connection fails (and is retried) instead of waiting for ever', async () => {
		zohoApi().get(v8('/Leads/search')).query(true).reply(200, found);
		const zoho = zohoExecution({ credentialId: 'retries-timeout' });
		await search(new ZohoCrmHttpApi(zoho.context));
		expect(zoho.requests[0].timeout).toBe(60_000);
	});

	it(`gives up on a search whose connection keeps dropping after ${MAX_ATTEMPTS} attempts, naming the network error`, async () => {
		const scope = zohoApi()
			.get(v8('/Leads/search'))
			.query(true)
			.times(MAX_ATTEMPTS)
			.replyWithError(socketError('ECONNRESET', 'socket hang up'));
		const api = newApi();
		const error = await rejection(search(api));
		expect(error.message).toBe('Zoho CRM did not answer');
		expect(error.description).toContain(
			`The connection failed (ECONNRESET); gave up after ${MAX_ATTEMPTS} attempts`,
		);
		expect(api.callCount).toBe(MAX_ATTEMPTS);
		expect(scope.isDone()).toBe(true);
	});

	it('retries a note update (PUT of the whole content) answered 500', async () => {
		const scope = zohoApi()
			.put(v8('/Notes/77'))
			.reply(500, INTERNAL)
			.put(v8('/Notes/77'))
			.reply(200, noteWritten);
		const api = newApi();
		await expect(api.updateNote('77', 'line 1', {})).resolves.toEqual({
			outcome: 'written',
			id: '77',
			modifiedTime: '2026-03-05T10:00:00+01:00',
		});
		expect(api.callCount).toBe(2);
		expect(scope.isDone()).toBe(true);
	});

	it('does not repeat a create answered 500, because Zoho may have written the record', async () => {
		const scope = zohoApi().post(v8('/Leads')).reply(500, INTERNAL);
		const api = newApi();
		const error = await rejection(api.createRecord('Leads', { Last_Name: 'Ana' }, {}));
		expect(error.message).toBe('Zoho CRM: INTERNAL_ERROR — Internal Server Error');
		expect(error.description).toContain('The call was not repeated');
		expect(api.callCount).toBe(1);
		expect(sleepMock).not.toHaveBeenCalled();
		expect(scope.isDone()).toBe(true);
	});

	it('does not repeat a note create whose connection was reset', async () => {
		const scope = zohoApi()
			.post(v8('/Leads/1/Notes'))
			.replyWithError(socketError('ECONNRESET', 'socket hang up'));
		const api = newApi();
		const error = await rejection(
			api.createNote('Leads', '1', {
				title: 'WhatsApp Chat with Ana (05/03/2026)',
				content: 'line 1',
			}),
		);
		expect(error.message).toBe('Zoho CRM did not answer');
		expect(error.description).toContain(
			'The connection failed (ECONNRESET). The call was not repeated',
		);
		expect(api.callCount).toBe(1);
		expect(scope.isDone()).toBe(true);
	});

	it('does not retry a 4xx refusal', async () => {
		const scope = zohoApi()
			.get(v8('/Laeds/search'))
			.query(true)
			.reply(400, zohoError('INVALID_MODULE', 'the module name given seems to be invalid'));
		const api = newApi();
		const error = await rejection(api.searchRecords('Laeds', CRITERIA, { fields: ['Mobile'] }));
		expect(error.message).toBe(
			'Zoho CRM: INVALID_MODULE — the module name given seems to be invalid',
		);
		expect(api.callCount).toBe(1);
		expect(scope.isDone()).toBe(true);
	});
});
