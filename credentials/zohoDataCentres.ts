import type { INodeProperties } from 'n8n-workflow';

/**
 * Zoho accounts servers per data centre (reference: docs/api-facts.md, Zoho §1.1; Zoho's multi-DC OAuth page).
 * API calls never use this table: they go to the `api_domain` of the token response, as n8n's own
 * Zoho node does, because Zoho decides the API host per account.
 */
const ACCOUNTS_SERVERS: Array<{ name: string; value: string; server: string }> = [
	{ name: 'Australia (zoho.com.au)', value: 'au', server: 'https://accounts.zoho.com.au' },
	{ name: 'Canada (zohocloud.ca)', value: 'ca', server: 'https://accounts.zohocloud.ca' },
	{ name: 'China (zoho.com.cn)', value: 'cn', server: 'https://accounts.zoho.com.cn' },
	{ name: 'Custom Accounts Server', value: 'custom', server: '' },
	{ name: 'Europe (zoho.eu)', value: 'eu', server: 'https://accounts.zoho.eu' },
	{ name: 'India (zoho.in)', value: 'in', server: 'https://accounts.zoho.in' },
	{ name: 'Japan (zoho.jp)', value: 'jp', server: 'https://accounts.zoho.jp' },
	{ name: 'Saudi Arabia (zoho.sa)', value: 'sa', server: 'https://accounts.zoho.sa' },
	{ name: 'United Kingdom (zoho.uk)', value: 'uk', server: 'https://accounts.zoho.uk' },
	{ name: 'United States (zoho.com)', value: 'us', server: 'https://accounts.zoho.com' },
];

const serverExpression = (path: string): string => {
	const cases = ACCOUNTS_SERVERS.filter((dc) => dc.server !== '')
		.map((dc) => `$self["dataCentre"] === "${dc.value}" ? "${dc.server}${path}"`)
		.join(' : ');
	return `={{ ${cases} : ($self["customAccountsUrl"] || "").replace(/\\/+$/, "") + "${path}" }}`;
};

/** Properties shared by the organization and personal Zoho OAuth2 credentials. */
export function zohoOAuth2Properties(
	scope: string,
	authQueryParameters: string,
): INodeProperties[] {
	return [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Data Centre',
			name: 'dataCentre',
			type: 'options',
			options: ACCOUNTS_SERVERS.map(({ name, value }) => ({ name, value })),
			default: 'us',
			description: 'Where your Zoho account lives (the domain you log in at)',
		},
		{
			displayName: 'Custom Accounts Server URL',
			name: 'customAccountsUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4580',
			description: 'Base URL of the accounts server, e.g. the local sandbox',
			displayOptions: { show: { dataCentre: ['custom'] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: serverExpression('/oauth/v2/auth'),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: serverExpression('/oauth/v2/token'),
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: scope },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: authQueryParameters,
		},
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{
			displayName: 'API Domain Override',
			name: 'apiDomain',
			type: 'string',
			default: '',
			placeholder: 'https://www.zohoapis.eu',
			description:
				'Leave empty to use the api_domain Zoho returns with the token (recommended). Set it for a proxy, a Zoho sandbox org (https://sandbox.zohoapis.com) or the local sandbox.',
		},
	];
}
