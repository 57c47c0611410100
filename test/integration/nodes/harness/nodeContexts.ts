/**
 * The `this` n8n gives a node, for the calls the pack's nodes make: IExecuteFunctions (per-item
 * parameters, input items, credentials, continueOnFail, the HTTP helpers), IWebhookFunctions (query,
 * body, express-like response, static data) and IHookFunctions (webhook URL, static data) — all backed by
 * real HTTP through CredentialVault.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { CredentialVault } from './credentialVault';
import { httpRequest } from './n8nHttp';
import { resolveNodeParameter } from './resolveNodeParameter';

export interface NodeSetup {
	node: INode;
	properties: INodeProperties[];
	vault: CredentialVault;
}

function helpers(setup: NodeSetup) {
	return {
		httpRequest: async (options: IHttpRequestOptions) => await httpRequest(options),
		httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) =>
			await setup.vault.request(setup.node, type, options),
	};
}

export function executeContext(
	setup: NodeSetup,
	items: INodeExecutionData[],
	options: { continueOnFail?: boolean } = {},
): IExecuteFunctions {
	const context = {
		getNode: () => setup.node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async (type: string) => setup.vault.get(setup.node, type),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const item = items[itemIndex];
			if (!item) throw new Error(`Test n8n: no input item ${itemIndex}`);
			return resolveNodeParameter(
				setup.node.parameters,
				setup.properties,
				name,
				item.json,
				fallback,
			);
		},
		helpers: helpers(setup),
	};
	return context as unknown as IExecuteFunctions;
}

export interface WebhookCall {
	query: IDataObject;
	body: unknown;
	staticData: IDataObject;
}

export interface WebhookAnswer {
	status: number;
	body: unknown;
}

export function webhookContext(
	setup: NodeSetup,
	call: WebhookCall,
): { context: IWebhookFunctions; answer: () => WebhookAnswer | undefined } {
	let answer: WebhookAnswer | undefined;
	const response = {
		statusCode: 200,
		status(code: number) {
			response.statusCode = code;
			return response;
		},
		json(body: unknown) {
			answer = { status: response.statusCode, body };
			return response;
		},
	};
	const context = {
		getNode: () => setup.node,
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`Test n8n: static data "${type}" is not supported`);
			return call.staticData;
		},
		getQueryData: () => call.query,
		getBodyData: () => call.body as IDataObject,
		getResponseObject: () => response,
		getCredentials: async (type: string) => setup.vault.get(setup.node, type),
		getNodeParameter: (name: string, fallback?: unknown) =>
			resolveNodeParameter(setup.node.parameters, setup.properties, name, {}, fallback),
		helpers: helpers(setup),
	};
	return { context: context as unknown as IWebhookFunctions, answer: () => answer };
}

export function hookContext(
	setup: NodeSetup,
	webhookUrl: string,
	staticData: IDataObject,
): IHookFunctions {
	const context = {
		getNode: () => setup.node,
		getWorkflowStaticData: () => staticData,
		getNodeWebhookUrl: (name: string) => (name === 'default' ? webhookUrl : undefined),
		getCredentials: async (type: string) => setup.vault.get(setup.node, type),
		getNodeParameter: (name: string, fallback?: unknown) =>
			resolveNodeParameter(setup.node.parameters, setup.properties, name, {}, fallback),
		helpers: helpers(setup),
	};
	return context as unknown as IHookFunctions;
}
