import type { IWebhookFunctions } from 'n8n-workflow';

import {
	exchangeZohoAuthorizationCode,
	zohoTokenCanReadRecord,
	zohoTokenUserEmail,
} from '../shared/transport/zoho/zohoUserToken';
import type { ZohoSignIn } from './chat/chatBackend';

// "Sign in with Zoho" over the personal Zoho OAuth2 credential: its client id/secret and its auth/token
// URLs (the data-centre choice of the credential). The chat page URL must be registered as an additional
// redirect URI of that Zoho client (API console → the client → Authorized Redirect URIs).

export const PERSONAL_CREDENTIAL = 'zohoCrmPersonalOAuth2Api';

export async function zohoSignInFromCredential(context: IWebhookFunctions): Promise<ZohoSignIn> {
	const data = await context.getCredentials(PERSONAL_CREDENTIAL);
	const field = (name: string) => (typeof data[name] === 'string' ? data[name] : '');
	const client = {
		clientId: field('clientId'),
		clientSecret: field('clientSecret'),
		authUrl: field('authUrl'),
		accessTokenUrl: field('accessTokenUrl'),
		scope: field('scope'),
	};
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
		exchangeCode: async (code, redirectUri) =>
			await exchangeZohoAuthorizationCode(context, client, code, redirectUri),
		currentUserEmail: async (token) => await zohoTokenUserEmail(context, token),
		canReadRecord: async (token, module, recordId) =>
			await zohoTokenCanReadRecord(context, token, module, recordId),
	};
}
