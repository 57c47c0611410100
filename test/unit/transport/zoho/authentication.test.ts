import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ZohoCrmOrgOAuth2Api } from '../../../../credentials/ZohoCrmOrgOAuth2Api.credentials';
import { ZohoCrmHttpApi } from '../../../../nodes/shared/transport/zoho/zohoCrmHttpApi';
import {
	ACCOUNTS_SERVER,
	API_DOMAIN,
	REFRESH_TOKEN,
	rejectionOf,
	setUpNock,
	v8,
	zohoApi,
	zohoExecution,
} from './zohoExecution';

setUpNock();

let credentials = 0;
const newZoho = (options: { apiDomain?: string } = {}) =>
	zohoExecution({ credentialId: `auth-${++credentials}`, ...options });

const NEW_TOKEN = 'access-token-2';
const INVALID_TOKEN = {
	code: 'INVALID_TOKEN',
	details: {},
	message: 'invalid oauth token',
	status: 'error',
};
const found = {
	data: [{ id: '5725767000000524001', Mobile: '+4915112345678' }],
	info: { more_records: false },
};
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
const search = (api: ZohoCrmHttpApi) =>
	api.searchRecords('Leads', '(Mobile:equals:4915112345678)', { fields: ['Mobile'] });

/** Zoho's accounts server refreshing the stored refresh token (form body, as the credential's `authentication: body`). */
function tokenRefresh(
	answer: object = {
		access_token: NEW_TOKEN,
		api_domain: API_DOMAIN,
		token_type: 'Bearer',
		expires_in: 3600,
	},
): nock.Scope {
	return nock(ACCOUNTS_SERVER)
		.post(
			'/oauth/v2/token',
			(body: Record<string, string>) =>
				body.grant_type === 'refresh_token' &&
				body.refresh_token === REFRESH_TOKEN &&
				body.client_id === 'client-id',
		)
		.reply(200, answer);
}

describe('Zoho transport — expired access token', () => {
	it('lets n8n refresh the token on 401 INVALID_TOKEN and re-sends the call once with the new token', async () => {
		const expired = zohoApi()
			.get(v8('/Leads/search'))
			.query(true)
			.times(2)
			.reply(401, INVALID_TOKEN);
		const accounts = tokenRefresh();
		const renewed = zohoApi(API_DOMAIN, NEW_TOKEN)
			.get(v8('/Leads/search'))
			.query(true)
			.reply(200, found);
		const zoho = newZoho();
		await expect(search(new ZohoCrmHttpApi(zoho.context))).resolves.toEqual(found.data);
		expect(zoho.refreshes).toBe(1);
		expect(zoho.credentials.oauthTokenData.access_token).toBe(NEW_TOKEN);
		// The first call hands the 401 back; only the second, sent letting the 401 fail, makes n8n refresh.
		expect(zoho.requests.map((request) => request.ignoreHttpStatusErrors)).toEqual([true, false]);
		expect([expired.isDone(), accounts.isDone(), renewed.isDone()]).toEqual([true, true, true]);
	});

	it('creates the record once when the token had expired', async () => {
		zohoApi().post(v8('/Leads')).times(2).reply(401, INVALID_TOKEN);
		tokenRefresh();
		let creates = 0;
		zohoApi(API_DOMAIN, NEW_TOKEN)
			.post(v8('/Leads'))
			.times(2)
			.reply(() => [201, { ...created, call: ++creates }]);
		await expect(
			new ZohoCrmHttpApi(newZoho().context).createRecord('Leads', { Last_Name: 'Ana' }, {}),
		).resolves.toEqual({
			outcome: 'created',
			id: '5725767000000524099',
		});
		expect(creates).toBe(1);
	});

	it('does not send a create a third time when the call re-sent after the refresh fails with 500', async () => {
		zohoApi().post(v8('/Leads')).times(2).reply(401, INVALID_TOKEN);
		tokenRefresh();
		let sentWithNewToken = 0;
		zohoApi(API_DOMAIN, NEW_TOKEN)
			.post(v8('/Leads'))
			.times(3)
			.reply(() => [
				500,
				{
					code: 'INTERNAL_ERROR',
					details: {},
					message: `Internal Server Error ${++sentWithNewToken}`,
					status: 'error',
				},
			]);
		const error = await rejectionOf(
			new ZohoCrmHttpApi(newZoho().context).createRecord('Leads', { Last_Name: 'Ana' }, {}),
			NodeApiError,
		);
		expect(error.message).toBe('Zoho CRM: INTERNAL_ERROR — Internal Server Error 1');
		expect(error.description).toContain('The call was not repeated');
		expect(sentWithNewToken).toBe(1);
	});

	it('says to reconnect the credential when Zoho refuses the refreshed token too, refreshing only once', async () => {
		zohoApi().get(v8('/Leads/search')).query(true).times(2).reply(401, INVALID_TOKEN);
		tokenRefresh();
		zohoApi(API_DOMAIN, NEW_TOKEN).get(v8('/Leads/search')).query(true).reply(401, INVALID_TOKEN);
		const zoho = newZoho();
		const error = await rejectionOf(search(new ZohoCrmHttpApi(zoho.context)), NodeApiError);
		expect(error.message).toBe('Zoho CRM: INVALID_TOKEN — invalid oauth token');
		expect(error.description).toMatch(/^Reconnect the Zoho CRM credential/);
		expect(error.httpCode).toBe('401');
		expect(zoho.refreshes).toBe(1);
	});

	it('says to reconnect the credential when Zoho refuses the refresh (HTTP 200 {"error": "invalid_code"}), refreshing only once and not retrying (Zoho allows 10 refreshes per 10 minutes)', async () => {
		// n8n keeps the old access token when the token answer has none, and sends the call once more with it.
		const refused = zohoApi()
			.get(v8('/Leads/search'))
			.query(true)
			.times(3)
			.reply(401, INVALID_TOKEN);
		const accounts = tokenRefresh({ error: 'invalid_code' });
		const zoho = newZoho();
		const error = await rejectionOf(search(new ZohoCrmHttpApi(zoho.context)), NodeApiError);
		expect(error.message).toBe('Zoho CRM: INVALID_TOKEN — invalid oauth token');
		expect(error.description).toMatch(/^Reconnect the Zoho CRM credential/);
		expect(zoho.refreshes).toBe(1);
		expect(zoho.requests).toHaveLength(2);
		expect([refused.isDone(), accounts.isDone()]).toEqual([true, true]);
	});

	it('passes on n8n\'s "reconnect" error when the accounts server answers invalid_grant, without retrying', async () => {
		zohoApi().get(v8('/Leads/search')).query(true).times(2).reply(401, INVALID_TOKEN);
		const accounts = nock(ACCOUNTS_SERVER)
			.post('/oauth/v2/token')
			.reply(400, { error: 'invalid_grant' });
		const zoho = newZoho();
		const error = await rejectionOf(search(new ZohoCrmHttpApi(zoho.context)), NodeApiError);
		// n8n's httpRequestWithAuthentication wraps its own NodeOperationError in a NodeApiError.
		expect(error.message).toBe('The credential "Zoho CRM account" needs to be reconnected.');
		expect(error.description).toMatch(/reconnect it to continue/);
		expect(error.cause).toBeInstanceOf(NodeOperationError);
		expect(zoho.refreshes).toBe(0);
		expect(zoho.requests).toHaveLength(2);
		expect(accounts.isDone()).toBe(true);
	});

	it('does not refresh on 401 OAUTH_SCOPE_MISMATCH and says which scopes to reconnect with', async () => {
		const scopes = String(
			new ZohoCrmOrgOAuth2Api().properties.find((property) => property.name === 'scope')?.default,
		).split(',');
		expect(scopes).toContain('ZohoSearch.securesearch.READ');
		zohoApi().get(v8('/Leads/search')).query(true).reply(401, {
			code: 'OAUTH_SCOPE_MISMATCH',
			details: {},
			message: 'invalid oauth scope to access this URL',
			status: 'error',
		});
		const zoho = newZoho();
		const error = await rejectionOf(search(new ZohoCrmHttpApi(zoho.context)), NodeApiError);
		expect(error.message).toBe(
			'Zoho CRM: OAUTH_SCOPE_MISMATCH — invalid oauth scope to access this URL',
		);
		expect(error.description).toMatch(
			/^Reconnect the Zoho CRM credential so it grants every scope the pack needs: /,
		);
		for (const scope of scopes) expect(error.description).toContain(scope);
		expect(zoho.refreshes).toBe(0);
		expect(zoho.requests).toHaveLength(1);
	});
});

describe('Zoho transport — API host', () => {
	it("sends every call to the api_domain of the credential's token (an EU org answers at www.zohoapis.eu)", async () => {
		const eu = nock('https://www.zohoapis.eu')
			.get('/crm/v8/org')
			.reply(200, { org: [{ time_zone: 'Europe/Berlin' }] });
		const zoho = newZoho();
		await expect(new ZohoCrmHttpApi(zoho.context).getOrgTimeZone()).resolves.toBe('Europe/Berlin');
		expect(zoho.requests[0].url).toBe('https://www.zohoapis.eu/crm/v8/org');
		expect(eu.isDone()).toBe(true);
	});

	it("uses the credential's API Domain Override when set (a Zoho sandbox org), without a double slash", async () => {
		const sandbox = nock('https://sandbox.zohoapis.com')
			.get('/crm/v8/org')
			.reply(200, { org: [{ time_zone: 'Asia/Kolkata' }] });
		const zoho = newZoho({ apiDomain: 'https://sandbox.zohoapis.com/' });
		await expect(new ZohoCrmHttpApi(zoho.context).getOrgTimeZone()).resolves.toBe('Asia/Kolkata');
		expect(sandbox.isDone()).toBe(true);
	});
});
