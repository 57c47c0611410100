import { randomBytes } from 'node:crypto';

import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { chatRuntimeFor, endChatRuntime } from './chat/session/chatRuntimeRegistry';
import type { ChatDependencies, ChatRequest, ChatResponse } from './chat/actions/chatRequest';
import { htmlErrorResponse } from './chat/actions/chatResponses';
import { handleChatRequest } from './chat/actions/handleChatRequest';
import { DEFAULT_FRAME_ANCESTORS } from './chat/page/chatPageHeaders';
import { liveChatBackend } from './liveChatBackend';
import { getPhoneModules } from '../shared/n8n/zohoLoadOptions';
import { queueModeRedisConnectionTest } from '../shared/n8n/queueModeLock';
import { localPushChannel } from '../shared/coordination/chatEventBus';
import {
	chatPushChannelOf,
	QUEUE_MODE_PUSH_REDIS_CREDENTIAL,
	timelinesWorkspaceOf,
} from '../shared/n8n/queueModePush';
import {
	allowedModulesOf,
	chatRuntimeSettings,
	liveChatConfig,
	LiveChatConfigError,
	liveChatRefreshSettings,
	type LiveChatParameters,
} from './liveChatConfig';
import { linkSecretFromCredential, liveChatLinkSecretTest } from './liveChatLinkSecret';
import { liveChatProperties } from './liveChatProperties';
import { warmRecordFieldPlans } from './recordFieldPlan';
import { zohoSignInFromCredential } from './zohoSignInFromCredential';

const WARM_UP_WAIT_MS = 5_000;

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
		// Express's req.ip: the socket's address unless n8n trusts a proxy (N8N_PROXY_HOPS sets Express's
		// `trust proxy`), then the X-Forwarded-For entry that many hops back. Never the raw header.
		clientAddress: request.ip,
	};
}

async function chatDependencies(context: IWebhookFunctions): Promise<ChatDependencies> {
	const parameters: LiveChatParameters = {
		maxLinkLifetimeMinutes: context.getNodeParameter('maxLinkLifetimeMinutes', 15) as number,
		defaultCountry: context.getNodeParameter('defaultCountry', '') as string,
		allowedModules: context.getNodeParameter('allowedModules', []) as string[] | string,
		signInWithZoho: context.getNodeParameter('signInWithZoho', false) as boolean,
		options: context.getNodeParameter('options', {}) as LiveChatParameters['options'],
	};
	const config = liveChatConfig(parameters, await linkSecretFromCredential(context));
	const refresh = liveChatRefreshSettings(parameters);
	const node = context.getNode().name;
	return {
		config,
		runtime: chatRuntimeFor(runtimeKey(context), chatRuntimeSettings(parameters)),
		backend: liveChatBackend(context, { defaultCountry: config.defaultCountry }),
		zohoSignIn: parameters.signInWithZoho ? await zohoSignInFromCredential(context) : undefined,
		push: refresh && {
			...refresh,
			workspace: await timelinesWorkspaceOf(context),
			// Redis unreachable: this process's pages still get what this process receives, and the refresh.
			channel: await chatPushChannelOf(context).catch((error: unknown) => {
				context.logger.warn(`TimelinesAI Live Chat "${node}": Queue Mode Push: ${String(error)}`);
				return localPushChannel();
			}),
		},
		log: (message) => context.logger.warn(`TimelinesAI Live Chat "${node}": ${message}`),
	};
}

/** One chat runtime per node of a workflow, the same key from a webhook call and from the lifecycle hooks. */
function runtimeKey(context: IWebhookFunctions | IHookFunctions): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
}

async function answer(context: IWebhookFunctions): Promise<ChatResponse> {
	let deps: ChatDependencies;
	try {
		deps = await chatDependencies(context);
	} catch (error) {
		if (!(error instanceof LiveChatConfigError))
			throw new NodeOperationError(context.getNode(), error as Error);
		// The viewer sees what to ask for; the administrator finds the same line in n8n's log.
		context.logger.error(`TimelinesAI Live Chat "${context.getNode().name}": ${error.message}`);
		return htmlErrorResponse(
			500,
			'Chat unavailable',
			`The chat is not set up completely (tell your n8n administrator): ${error.message}`,
			randomBytes(18).toString('base64'),
			DEFAULT_FRAME_ANCESTORS,
		);
	}
	return await handleChatRequest(toChatRequest(context), deps);
}

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
			{ name: 'timelinesAiLiveChatLinkApi', required: true, testedBy: 'liveChatLinkSecretTest' },
			{ name: 'zohoCrmOrgOAuth2Api', required: true },
			{ name: 'timelinesAiApi', required: true },
			{
				name: 'zohoCrmPersonalOAuth2Api',
				required: true,
				displayOptions: { show: { signInWithZoho: [true] } },
			},
			{
				name: QUEUE_MODE_PUSH_REDIS_CREDENTIAL,
				required: true,
				testedBy: 'queueModeRedisConnectionTest',
				displayOptions: { show: { queueModePush: ['redis'] } },
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

	methods = {
		credentialTest: { liveChatLinkSecretTest, queueModeRedisConnectionTest },
		loadOptions: { getPhoneModules },
	};

	// The chat page is served, not subscribed: nothing is registered at a third party (the Zoho button simply
	// opens this URL). The lifecycle still matters: activation always starts the page afresh, and
	// deactivation ends every session, link claim and rate limit of the page in this process at once,
	// instead of leaving them in memory until they expire. Activation also reads the allowed modules' field
	// metadata (warming), so the first page opening needs one Zoho round trip.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				endChatRuntime(runtimeKey(this));
				// The first page opening then costs one Zoho round trip (record), not two (metadata, record).
				// Activation waits for Zoho a few seconds at most (a slow Zoho must not hold up n8n's start);
				// the warming goes on in the background and never fails the activation.
				await Promise.race([
					warmRecordFieldPlans(
						this,
						allowedModulesOf(this.getNodeParameter('allowedModules', []) as string[] | string),
					),
					sleep(WARM_UP_WAIT_MS),
				]);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				endChatRuntime(runtimeKey(this));
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = await answer(this);
		const res = this.getResponseObject();
		if (response.stream) {
			// The page's event stream: n8n leaves the response alone after { noWebhookResponse: true } and holds
			// nothing for it; `no-transform` keeps n8n's compression from buffering, flush() sends each event.
			res.writeHead(response.status, response.headers);
			res.flushHeaders();
			const flushable = res as unknown as { flush?: () => void };
			const stop = response.stream.open({
				write: (text) => {
					if (res.writableEnded) return;
					res.write(text);
					flushable.flush?.();
				},
				end: () => res.end(),
			});
			res.on('close', stop);
			return { noWebhookResponse: true };
		}
		res.status(response.status);
		for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
		res.end(typeof response.body === 'string' ? response.body : Buffer.from(response.body));
		return { noWebhookResponse: true };
	}
}
