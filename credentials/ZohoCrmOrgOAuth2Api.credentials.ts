import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { zohoOAuth2Properties } from './zohoDataCentres';

/**
 * Everything the sync pipeline and the live chat do with the organization connection
 * (reference: docs/api-facts.md, Zoho §1.4). Search needs ZohoSearch.securesearch.READ, which n8n's stock
 * zohoOAuth2Api lacks.
 */
const SCOPES = [
	'ZohoCRM.modules.ALL',
	'ZohoCRM.settings.fields.READ',
	'ZohoCRM.settings.modules.READ',
	'ZohoCRM.users.READ',
	'ZohoCRM.org.READ',
	'ZohoCRM.coql.READ',
	'ZohoSearch.securesearch.READ',
].join(',');

export class ZohoCrmOrgOAuth2Api implements ICredentialType {
	name = 'zohoCrmOrgOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Zoho CRM Organization OAuth2 API';

	icon: Icon = { light: 'file:icons/zoho.svg', dark: 'file:icons/zoho.dark.svg' };

	documentationUrl = 'https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html';

	// access_type=offline returns a refresh token; prompt=consent makes Zoho issue a new one on reconnect.
	properties: INodeProperties[] = [
		...zohoOAuth2Properties(SCOPES, 'access_type=offline&prompt=consent'),
		{
			displayName: 'Zoho CRM Edition',
			name: 'crmEdition',
			type: 'options',
			// Zoho's limit on calls in flight per user and OAuth client (docs/api-facts.md, Zoho §6, Kaizen #35).
			options: [
				{ name: 'Free (5 Calls at Once)', value: 'free' },
				{ name: 'Standard / Starter (10 Calls at Once)', value: 'standard' },
				{ name: 'Professional (15 Calls at Once)', value: 'professional' },
				{ name: 'Enterprise / Zoho One / CRM Plus (20 Calls at Once)', value: 'enterprise' },
				{ name: 'Ultimate (25 Calls at Once)', value: 'ultimate' },
			],
			default: 'standard',
			description:
				"The pack keeps at most 80 % of your edition's concurrency limit of Zoho calls in flight for this connection (the rest is left to people and other integrations); above the limit Zoho answers 429",
		},
		{
			displayName: 'Daily Credit Budget',
			name: 'dailyCreditBudget',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			// Zoho counts credits per org over a rolling 24 hours (docs/api-facts.md, Zoho §6).
			description:
				"Zoho credits the pack may spend in 24 hours with this connection (0 = no budget). When its projected use nears the budget, or Zoho reports the org's credits running low, note writes wait longer (up to 2 s) to batch more messages per call. Messages that still find no credits are retried and caught up later.",
		},
	];
}
