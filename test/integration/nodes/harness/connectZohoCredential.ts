/**
 * Connects a zohoCrmOrgOAuth2Api credential to the sandbox the way n8n's OAuth2 callback does: the consent
 * redirect hands back a code and the accounts server, the code is exchanged for tokens, and the token
 * response is stored as `oauthTokenData` (its `api_domain` is where the pack sends CRM calls).
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import { ZohoCrmOrgOAuth2Api } from '../../../../credentials/ZohoCrmOrgOAuth2Api.credentials';
import { SANDBOX_CLIENT } from '../../../../sandbox';

const REDIRECT_URI = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

function hiddenDefault(properties: INodeProperties[], name: string): string {
	const value = properties.find((p) => p.name === name)?.default;
	if (typeof value !== 'string')
		throw new Error(`credential property ${name} has no string default`);
	return value;
}

export async function connectZohoCredential(
	sandboxUrl: string,
): Promise<ICredentialDataDecryptedObject> {
	const { properties } = new ZohoCrmOrgOAuth2Api();
	const scope = hiddenDefault(properties, 'scope');
	const authQueryParameters = hiddenDefault(properties, 'authQueryParameters');
	const consent = new URL('/oauth/v2/auth', sandboxUrl);
	consent.search = new URLSearchParams({
		client_id: SANDBOX_CLIENT.clientId,
		response_type: 'code',
		redirect_uri: REDIRECT_URI,
		scope,
		state: 'test',
	}).toString();
	consent.search += `&${authQueryParameters}`;
	const redirect = await fetch(consent, { redirect: 'manual' });
	const callback = new URL(redirect.headers.get('location') ?? 'about:blank');
	const code = callback.searchParams.get('code');
	const accountsServer = callback.searchParams.get('accounts-server');
	if (!code || !accountsServer)
		throw new Error(
			`consent did not redirect with a code: ${redirect.status} ${callback.toString()}`,
		);
	const tokenResponse = await fetch(`${accountsServer}/oauth/v2/token`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			client_id: SANDBOX_CLIENT.clientId,
			client_secret: SANDBOX_CLIENT.clientSecret,
			redirect_uri: REDIRECT_URI,
			code,
		}),
	});
	const oauthTokenData = (await tokenResponse.json()) as Record<string, unknown>;
	if (
		typeof oauthTokenData.access_token !== 'string' ||
		typeof oauthTokenData.refresh_token !== 'string'
	) {
		throw new Error(`token exchange failed: ${JSON.stringify(oauthTokenData)}`);
	}
	return {
		grantType: 'authorizationCode',
		dataCentre: 'custom',
		customAccountsUrl: sandboxUrl,
		authUrl: `${accountsServer}/oauth/v2/auth`,
		accessTokenUrl: `${accountsServer}/oauth/v2/token`,
		clientId: SANDBOX_CLIENT.clientId,
		clientSecret: SANDBOX_CLIENT.clientSecret,
		scope,
		authQueryParameters,
		authentication: 'body',
		apiDomain: '',
		oauthTokenData: oauthTokenData as ICredentialDataDecryptedObject['oauthTokenData'],
	};
}
