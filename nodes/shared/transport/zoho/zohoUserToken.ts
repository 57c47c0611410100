import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { asObject } from './zohoApiError';

/*
 * Zoho calls made with a signed-in person's own access token ("Sign in with Zoho" on the live chat page),
 * not with the organization connection: the authorization-code exchange and two reads that check what
 * that person may see. A person is waiting, so nothing here is retried.
 */

export interface ZohoUserToken {
	accessToken: string;
	apiDomain: string;
}

export interface ZohoOAuthClient {
	clientId: string;
	clientSecret: string;
	accessTokenUrl: string;
}

function text(source: IDataObject, name: string): string {
	const value = source[name];
	return typeof value === 'string' ? value : '';
}

async function getWithUserToken(
	context: IWebhookFunctions,
	token: ZohoUserToken,
	path: string,
	qs: IDataObject,
) {
	return (await context.helpers.httpRequest({
		method: 'GET',
		url: `${token.apiDomain.replace(/\/+$/, '')}/crm/v8${path}`,
		qs,
		headers: { Authorization: `Zoho-oauthtoken ${token.accessToken}` },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as { statusCode: number; body: unknown };
}

/** Exchanges an authorization code at the credential's own token URL (never at a host the callback names). */
export async function exchangeZohoAuthorizationCode(
	context: IWebhookFunctions,
	client: ZohoOAuthClient,
	code: string,
	redirectUri: string,
): Promise<ZohoUserToken> {
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
	) as IDataObject;
	const accessToken = text(response, 'access_token');
	const apiDomain = text(response, 'api_domain');
	// Zoho reports a bad code with HTTP 200 and {"error": "invalid_code"} (docs/api-facts.md).
	if (!accessToken || !apiDomain)
		throw new Error(`Zoho sign-in failed: ${text(response, 'error') || 'no access token'}`);
	return { accessToken, apiDomain };
}

/** E-mail of the token's user (GET /users?type=CurrentUser). */
export async function zohoTokenUserEmail(
	context: IWebhookFunctions,
	token: ZohoUserToken,
): Promise<string> {
	const response = await getWithUserToken(context, token, '/users', { type: 'CurrentUser' });
	const users = asObject(response.body).users;
	return text(Array.isArray(users) ? (asObject(users[0]) as IDataObject) : {}, 'email');
}

/** Whether the token's user may read the record (GET /{module}/{id} answers it). */
export async function zohoTokenCanReadRecord(
	context: IWebhookFunctions,
	token: ZohoUserToken,
	module: string,
	recordId: string,
): Promise<boolean> {
	const response = await getWithUserToken(
		context,
		token,
		`/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}`,
		{ fields: 'id' },
	);
	const records = asObject(response.body).data;
	return response.statusCode === 200 && Array.isArray(records) && records.length > 0;
}
