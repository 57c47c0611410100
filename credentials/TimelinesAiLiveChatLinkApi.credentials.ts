import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The key that signs live-chat links (HMAC-SHA256). A credential, not a node parameter, so n8n stores it
 * encrypted and it never appears in the workflow JSON (exports, shares, the REST API). The Zoho button
 * function signs with the same value, kept in a Zoho CRM organization variable. Used by the TimelinesAI
 * Live Chat node only; it calls no API, so there is nothing to test.
 */
export class TimelinesAiLiveChatLinkApi implements ICredentialType {
	name = 'timelinesAiLiveChatLinkApi';

	displayName = 'TimelinesAI Live Chat Link API';

	icon: Icon = { light: 'file:icons/timelinesAi.svg', dark: 'file:icons/timelinesAi.dark.svg' };

	documentationUrl = 'https://www.zoho.com/crm/developer/docs/api/v8/create-custom-links.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Link Secret',
			name: 'linkSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The HMAC-SHA256 key that signs chat links: at least 32 random characters (e.g. openssl rand -hex 32). Store the same value in the Zoho CRM variable the button function reads.',
		},
	];
}
