import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { ZohoCrmOrgOAuth2Api } from '../../../credentials/ZohoCrmOrgOAuth2Api.credentials';
import { ZohoCrmPersonalOAuth2Api } from '../../../credentials/ZohoCrmPersonalOAuth2Api.credentials';

// What n8n does with stored credential data before an OAuth2 flow or an API call
// (credentials-helper applyDefaultsAndOverwrites → NodeHelpers.getNodeParameters).
const resolved = (properties: ZohoCrmOrgOAuth2Api['properties'], data: INodeParameters) =>
	NodeHelpers.getNodeParameters(properties, data, true, false, null, null) as Record<string, unknown>;

describe.each([
	['organization', new ZohoCrmOrgOAuth2Api().properties],
	['personal', new ZohoCrmPersonalOAuth2Api().properties],
])('Zoho %s OAuth2 credential', (_kind, properties) => {
	it.each([
		['us', 'https://accounts.zoho.com'],
		['eu', 'https://accounts.zoho.eu'],
		['jp', 'https://accounts.zoho.jp'],
		['ca', 'https://accounts.zohocloud.ca'],
		['sa', 'https://accounts.zoho.sa'],
		['uk', 'https://accounts.zoho.uk'],
		['cn', 'https://accounts.zoho.com.cn'],
	])('data centre %s → the OAuth endpoints of %s', (dataCentre, server) => {
		const data = resolved(properties, { dataCentre });
		expect(data.authUrl).toBe(`${server}/oauth/v2/auth`);
		expect(data.accessTokenUrl).toBe(`${server}/oauth/v2/token`);
	});

	it('takes both endpoints as typed for a custom accounts server', () => {
		const data = resolved(properties, { dataCentre: 'custom', authUrl: 'http://127.0.0.1:4580/oauth/v2/auth', accessTokenUrl: 'http://127.0.0.1:4580/oauth/v2/token' });
		expect([data.authUrl, data.accessTokenUrl]).toEqual(['http://127.0.0.1:4580/oauth/v2/auth', 'http://127.0.0.1:4580/oauth/v2/token']);
	});

	it('holds no expression n8n would evaluate on every API call', () => {
		const values = properties.map((property) => String(property.default));
		expect(values.filter((value) => value.startsWith('='))).toEqual([]);
	});
});
