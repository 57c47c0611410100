import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { zohoOAuth2Properties } from './zohoDataCentres';

/**
 * Everything the sync pipeline and the live chat do with the organization connection
 * (reference: zoho-crm.md §1.4). Search needs ZohoSearch.securesearch.READ, which n8n's stock
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

	documentationUrl = 'https://github.com/timelinesai-zoho/n8n-nodes-timelinesai-zoho#credentials';

	// access_type=offline returns a refresh token; prompt=consent makes Zoho issue a new one on reconnect.
	properties: INodeProperties[] = zohoOAuth2Properties(SCOPES, 'access_type=offline&prompt=consent');
}
