import type {
	IExecuteFunctions,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as chat from './actions/chat/Chat.resource';
import * as file from './actions/file/File.resource';
import * as message from './actions/message/Message.resource';
import { router } from './actions/router';
import { searchChats, searchTeammates, searchWhatsappAccounts } from './methods/listSearch';
import { sendAndWaitWebhook } from './sendAndWaitWebhook';
import * as template from './actions/template/Template.resource';
import * as webhook from './actions/webhook/Webhook.resource';
import * as whatsappAccount from './actions/whatsappAccount/WhatsappAccount.resource';

export class TimelinesAi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI',
		name: 'timelinesAi',
		icon: { light: 'file:timelinesAi.svg', dark: 'file:timelinesAi.dark.svg' },
		group: ['output'],
		// 2: Chat is a resource locator (list, ID, link); version 1 keeps its plain Chat ID field.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send and read WhatsApp messages, chats, files and webhooks through TimelinesAI',
		defaults: { name: 'TimelinesAI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'timelinesAiApi', required: true }],
		// Send and Wait: n8n resumes the waiting execution on <webhook-waiting>/<executionId>/<nodeId>.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: '={{ $nodeId }}',
				restartWebhook: true,
				isFullPath: true,
			},
		],
		waitingNodeTooltip: 'Waiting for the contact to reply in the TimelinesAI chat',
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Chat', value: 'chat' },
					{ name: 'File', value: 'file' },
					{ name: 'Message', value: 'message' },
					{ name: 'Template', value: 'template' },
					{ name: 'Webhook', value: 'webhook' },
					{ name: 'WhatsApp Account', value: 'whatsappAccount' },
				],
				default: 'message',
			},
			...chat.description,
			...file.description,
			...message.description,
			...template.description,
			...webhook.description,
			...whatsappAccount.description,
		],
	};

	methods = { listSearch: { searchChats, searchTeammates, searchWhatsappAccounts } };

	// n8n never calls these for restart webhooks (activation ignores them); the community scanner's lint
	// (webhook-lifecycle-complete) wants them on any node with webhooks. Send and Wait registers its own.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
