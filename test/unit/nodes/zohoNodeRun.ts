/**
 * A Zoho node of the pack run by n8n-core's WorkflowExecute (test/nodeHarness) with a connected
 * zohoCrmOrgOAuth2Api credential: n8n signs the calls with the stored token and axios sends them over
 * node:http, so nock answers (zohoApi/v8 from the transport tests).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	NodeExecutionHint,
} from 'n8n-workflow';

import { packType } from '../../nodeHarness/packNodeTypes';
import {
	executeContextOf,
	NODE_UNDER_TEST,
	runNode,
	type NodeRunOptions,
} from '../../nodeHarness/runNode';
import { ACCESS_TOKEN, API_DOMAIN, ZOHO_CREDENTIAL } from '../transport/zoho/zohoExecution';

function zohoCredential(credentialId: string) {
	const data = {
		grantType: 'authorizationCode',
		authentication: 'body',
		clientId: 'client-id',
		clientSecret: 'client-secret',
		accessTokenUrl: 'https://accounts.zoho.eu/oauth/v2/token',
		scope: '',
		apiDomain: '',
		oauthTokenData: {
			access_token: ACCESS_TOKEN,
			refresh_token: 'refresh-token-1',
			token_type: 'Bearer',
			api_domain: API_DOMAIN,
		},
	};
	return {
		[ZOHO_CREDENTIAL]: {
			id: credentialId,
			data: data as unknown as ICredentialDataDecryptedObject,
		},
	};
}

export interface ZohoNodeRun {
	node: INodeType;
	typeVersion: number;
	parameters: INodeParameters;
	items?: IDataObject[];
	/** One per test: the pack's caches are per credential. */
	credentialId: string;
	/** Further credentials of the node (e.g. Match or Create's TimelinesAI one for group chats). */
	credentials?: NodeRunOptions['credentials'];
	onError?: NodeRunOptions['onError'];
}

/** The node's outputs, the run, and the execution hints it added (n8n keeps them on the node's task data). */
export async function runZohoNode(
	options: ZohoNodeRun,
): Promise<{ outputs: INodeExecutionData[][]; run: IRun; hints: NodeExecutionHint[] }> {
	const { outputs, run } = await runNode({
		type: packType(options.node),
		typeVersion: options.typeVersion,
		parameters: options.parameters,
		items: (options.items ?? [{}]).map((json) => ({ json })),
		credentials: { ...zohoCredential(options.credentialId), ...options.credentials },
		onError: options.onError,
	});
	const hints = run.data.resultData.runData[NODE_UNDER_TEST]?.flatMap((task) => task.hints ?? []);
	return { outputs, run, hints: hints ?? [] };
}

/** n8n-core's ExecuteContext of the node, standing in for the load-options context of a list search. */
export function zohoLoadOptionsContext(
	node: INodeType,
	credentialId: string,
	parameters: INodeParameters = {},
): ILoadOptionsFunctions {
	return executeContextOf({
		type: packType(node),
		typeVersion: 2,
		parameters,
		credentials: zohoCredential(credentialId),
	}) as unknown as ILoadOptionsFunctions;
}
