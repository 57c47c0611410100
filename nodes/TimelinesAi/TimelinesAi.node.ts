import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as chat from './actions/chat/Chat.resource';
import * as file from './actions/file/File.resource';
import * as message from './actions/message/Message.resource';
import { router } from './actions/router';
import { searchChats } from './methods/listSearch';
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

	methods = { listSearch: { searchChats } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
