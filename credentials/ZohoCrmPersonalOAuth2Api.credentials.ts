import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { zohoOAuth2Properties } from './zohoDataCentres';

/** The individual user's connection used by the live chat: read records, users and the own profile. */
const SCOPES = [
	'ZohoCRM.modules.READ',
	'ZohoCRM.users.READ',
	'ZohoCRM.settings.fields.READ',
	'AaaServer.profile.READ',
].join(',');

export class ZohoCrmPersonalOAuth2Api implements ICredentialType {
	name = 'zohoCrmPersonalOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Zoho CRM Personal OAuth2 API';

	icon: Icon = { light: 'file:icons/zoho.svg', dark: 'file:icons/zoho.dark.svg' };

	documentationUrl = 'https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html';

	properties: INodeProperties[] = zohoOAuth2Properties(
		SCOPES,
		'access_type=offline&prompt=consent',
	);
}
