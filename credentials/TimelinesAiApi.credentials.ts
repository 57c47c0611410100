import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class TimelinesAiApi implements ICredentialType {
	name = 'timelinesAiApi';

	displayName = 'TimelinesAI API';

	icon: Icon = { light: 'file:icons/timelinesAi.svg', dark: 'file:icons/timelinesAi.dark.svg' };

	documentationUrl = 'https://timelines.ai/docs';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Workspace API token from TimelinesAI → Integrations → Public API',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.timelines.ai/integrations/api',
			description:
				'Change only for another deployment (https://app.timelines.global/integrations/api), a proxy, or the local sandbox. No trailing slash.',
		},
	];

	// A function rather than a generic block with `=Bearer {{$credentials.apiToken}}`: n8n 2.x evaluates
	// such an expression in a fresh isolate on every request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiToken ?? '')}`,
		},
	});

	// A cheap read: the workspace's connected WhatsApp numbers.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/whatsapp_accounts',
		},
	};
}
