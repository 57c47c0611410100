import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { chatRuntimeFor } from './chat/session/chatRuntimeRegistry';
import type { ChatRequest } from './chat/actions/chatRequest';
import { handleChatRequest } from './chat/actions/handleChatRequest';
import { liveChatBackend } from './liveChatBackend';
import { liveChatConfig, requestsPerMinute, type LiveChatParameters } from './liveChatConfig';
import { liveChatProperties } from './liveChatProperties';
import { zohoSignInFromCredential } from './zohoSignInFromCredential';

function firstString(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return undefined;
}

function toChatRequest(context: IWebhookFunctions): ChatRequest {
	const request = context.getRequestObject();
	const query: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(context.getQueryData() as IDataObject))
		query[name] = firstString(value);
	const headers: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(context.getHeaderData()))
		headers[name.toLowerCase()] = firstString(value);
	const forwardedProto = headers['x-forwarded-proto']?.split(',')[0]?.trim();
	return {
		method: request.method,
		path: new URL(request.originalUrl, 'http://placeholder').pathname,
		query,
		headers,
		body: request.method === 'POST' ? context.getBodyData() : undefined,
		secure: request.secure || forwardedProto === 'https',
		clientAddress: request.ip,
	};
}

// The chat page is served, not subscribed: nothing is registered with a third party (the Zoho button
// simply opens this URL), so there is no webhook lifecycle to implement.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class TimelinesAiLiveChat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI Live Chat',
		name: 'timelinesAiLiveChat',
		icon: { light: 'file:timelinesAiLiveChat.svg', dark: 'file:timelinesAiLiveChat.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"/" + $parameter["path"]}}',
		description:
			'Serves a live WhatsApp chat page for a Zoho CRM record, opened from a signed Zoho button link',
		defaults: { name: 'TimelinesAI Live Chat' },
		// A page view or a reply runs no workflow: the node answers every request itself.
		inputs: [],
		outputs: [],
		credentials: [
			{ name: 'zohoCrmOrgOAuth2Api', required: true },
			{ name: 'timelinesAiApi', required: true },
			{
				name: 'zohoCrmPersonalOAuth2Api',
				required: true,
				displayOptions: { show: { signInWithZoho: [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
			},
		],
		properties: liveChatProperties,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const parameters: LiveChatParameters = {
			linkSecret: this.getNodeParameter('linkSecret', '') as string,
			maxLinkLifetimeMinutes: this.getNodeParameter('maxLinkLifetimeMinutes', 15) as number,
			defaultCountry: this.getNodeParameter('defaultCountry', '') as string,
			allowedModules: this.getNodeParameter('allowedModules', []) as string[],
			signInWithZoho: this.getNodeParameter('signInWithZoho', false) as boolean,
			options: this.getNodeParameter('options', {}) as LiveChatParameters['options'],
		};
		const config = liveChatConfig(parameters);
		const runtime = chatRuntimeFor(`${this.getWorkflow().id ?? ''}:${this.getNode().id}`, {
			sessionIdleSeconds: config.sessionIdleSeconds,
			requestsPerMinute: requestsPerMinute(parameters),
		});
		const response = await handleChatRequest(toChatRequest(this), {
			config,
			runtime,
			backend: liveChatBackend(this),
			zohoSignIn: parameters.signInWithZoho ? await zohoSignInFromCredential(this) : undefined,
		});
		const res = this.getResponseObject();
		res.status(response.status);
		for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
		res.end(typeof response.body === 'string' ? response.body : Buffer.from(response.body));
		return { noWebhookResponse: true };
	}
}
