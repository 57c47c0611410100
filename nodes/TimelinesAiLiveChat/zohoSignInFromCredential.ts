import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { ZohoSignIn } from '../shared/chat/chatBackend';

// "Sign in with Zoho" over the personal Zoho OAuth2 credential: its client id/secret and its auth/token
// URLs (the data-centre choice of the credential). The chat page URL must be registered as an additional
// redirect URI of that Zoho client (API console → the client → Authorized Redirect URIs).

export const PERSONAL_CREDENTIAL = 'zohoCrmPersonalOAuth2Api';

interface PersonalClient {
	clientId: string;
	clientSecret: string;
	authUrl: string;
	accessTokenUrl: string;
	scope: string;
}

function stringField(data: IDataObject, name: string): string {
	const value = data[name];
	return typeof value === 'string' ? value : '';
}

function asObject(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null ? (value as IDataObject) : {};
}

export async function zohoSignInFromCredential(context: IWebhookFunctions): Promise<ZohoSignIn> {
	const data = await context.getCredentials(PERSONAL_CREDENTIAL);
	const client: PersonalClient = {
		clientId: stringField(data, 'clientId'),
		clientSecret: stringField(data, 'clientSecret'),
		authUrl: stringField(data, 'authUrl'),
		accessTokenUrl: stringField(data, 'accessTokenUrl'),
		scope: stringField(data, 'scope'),
	};
	const zohoGet = async (token: { accessToken: string; apiDomain: string }, path: string, qs: IDataObject) =>
		(await context.helpers.httpRequest({
			method: 'GET',
			url: `${token.apiDomain.replace(/\/+$/, '')}/crm/v8${path}`,
			qs,
			headers: { Authorization: `Zoho-oauthtoken ${token.accessToken}` },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };

	return {
		authorizationUrl(state, redirectUri) {
			const query = new URLSearchParams({
				scope: client.scope,
				client_id: client.clientId,
				response_type: 'code',
				redirect_uri: redirectUri,
				state,
				// No refresh token is needed: the token is used once, during this request.
				access_type: 'online',
			});
			return `${client.authUrl}?${query.toString()}`;
		},
		async exchangeCode(code, redirectUri) {
			const response = asObject(
				await context.helpers.httpRequest({
					method: 'POST',
					url: client.accessTokenUrl,
					body: new URLSearchParams({
						grant_type: 'authorization_code',
						code,
						client_id: client.clientId,
						client_secret: client.clientSecret,
						redirect_uri: redirectUri,
					}).toString(),
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					json: true,
				}),
			);
			const accessToken = stringField(response, 'access_token');
			const apiDomain = stringField(response, 'api_domain');
			// Zoho reports a bad code with HTTP 200 and {"error": "invalid_code"} (zoho-crm.md §1.3).
			if (!accessToken || !apiDomain) throw new Error(`Zoho sign-in failed: ${stringField(response, 'error') || 'no access token'}`);
			return { accessToken, apiDomain };
		},
		async currentUserEmail(token) {
			const response = await zohoGet(token, '/users', { type: 'CurrentUser' });
			const users = asObject(response.body).users;
			const first = Array.isArray(users) ? asObject(users[0]) : {};
			return stringField(first, 'email');
		},
		async canReadRecord(token, module, recordId) {
			const response = await zohoGet(token, `/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}`, { fields: 'id' });
			const records = asObject(response.body).data;
			return response.statusCode === 200 && Array.isArray(records) && records.length > 0;
		},
	};
}
