// Back-off delays are recorded instead of waited for.
jest.mock('n8n-workflow', () => ({
	...jest.requireActual<object>('n8n-workflow'),
	sleep: jest.fn(async () => undefined),
}));

import { NodeApiError, sleep } from 'n8n-workflow';

import { ZohoCrmHttpApi } from '../../../../nodes/shared/transport/zoho/zohoCrmHttpApi';
import { creditReport } from '../../../../nodes/shared/transport/zoho/zohoCredits';
import { rejectionOf, setUpNock, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();
const sleepMock = jest.mocked(sleep);
beforeEach(() => sleepMock.mockClear());

let credentials = 0;
const CRITERIA = '(Mobile:equals:4915112345678)';
const found = { data: [{ id: '1', Mobile: '+4915112345678' }], info: { more_records: false } };
const TOO_MANY = {
	code: 'TOO_MANY_REQUESTS',
	details: {},
	message: 'You have made too many requests. Please try again after some time.',
	status: 'error',
};

function newApi(budget?: number) {
	const credentialId = `budget-${++credentials}`;
	const api = new ZohoCrmHttpApi(
		zohoExecution({ credentialId, dailyCreditBudget: budget }).context,
	);
	return { api, credentialId };
}
const search = (api: ZohoCrmHttpApi) =>
	api.searchRecords('Leads', CRITERIA, { fields: ['Mobile'] });

it("stops sending once the connection's Daily Credit Budget is spent: a retryable 429 that says why, nothing sent", async () => {
	const scope = zohoApi().get(v8('/Leads/search')).query(true).times(3).reply(200, found);
	const { api, credentialId } = newApi(3);
	for (let i = 0; i < 3; i++) await expect(search(api)).resolves.toEqual(found.data);
	expect(creditReport(credentialId)).toMatchObject({ budget: 3, spentLast24h: 3 });
	const error = await rejectionOf(search(api), NodeApiError);
	expect(error.message).toBe("Zoho CRM: the connection's Daily Credit Budget (3) is spent");
	expect(error.description).toContain('the catch-up writes it once credits are free');
	expect(error.httpCode).toBe('429');
	expect(api.callCount).toBe(3);
	expect(scope.isDone()).toBe(true);
});

it('reads X-API-CREDITS-REMAINING; a 429 once Zoho says 0 is left is not retried, and calls are held back', async () => {
	const scope = zohoApi()
		.get(v8('/Leads/search'))
		.query(true)
		.reply(200, found, { 'X-API-CREDITS-REMAINING': '1' })
		.get(v8('/Leads/search'))
		.query(true)
		.reply(429, TOO_MANY, { 'X-API-CREDITS-REMAINING': '0' });
	const { api, credentialId } = newApi();
	await expect(search(api)).resolves.toEqual(found.data);
	expect(creditReport(credentialId).zohoRemaining).toBe(1);
	const refused = await rejectionOf(search(api), NodeApiError);
	expect(refused.httpCode).toBe('429');
	expect(sleepMock).not.toHaveBeenCalled();
	expect(api.callCount).toBe(2);
	const held = await rejectionOf(search(api), NodeApiError);
	expect(held.message).toBe("Zoho CRM: the org's API credits for the day are used up");
	expect(api.callCount).toBe(2);
	expect(scope.isDone()).toBe(true);
});

it('without a budget or a header, spends freely and retries a 429 as before', async () => {
	const scope = zohoApi()
		.get(v8('/Leads/search'))
		.query(true)
		.reply(429, TOO_MANY)
		.get(v8('/Leads/search'))
		.query(true)
		.reply(200, found);
	const { api, credentialId } = newApi();
	await expect(search(api)).resolves.toEqual(found.data);
	expect(sleepMock).toHaveBeenCalledTimes(1);
	expect(creditReport(credentialId)).toMatchObject({ budget: 0, spentLast24h: 2 });
	expect(scope.isDone()).toBe(true);
});
