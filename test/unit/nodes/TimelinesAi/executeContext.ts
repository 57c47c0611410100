/**
 * A minimal IExecuteFunctions for running the TimelinesAI node's execute in a unit test: parameters per
 * item, the credential, binary input, continueOnFail, and httpRequestWithAuthentication over fetch (so
 * nock sees real HTTP) applying the credential's `Authorization: Bearer` header the way its
 * `authenticate` block does.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TimelinesAi } from '../../../../nodes/TimelinesAi/TimelinesAi.node';

export const BASE_URL = 'https://app.timelines.ai/integrations/api';
export const TOKEN = 'test-workspace-token';

const NODE: INode = {
	id: 'timelines-ai-test',
	name: 'TimelinesAI',
	type: 'n8n-nodes-timelinesai-zoho.timelinesAi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface RunOptions {
	/** Parameters of each input item (one entry per item). */
	parameters: IDataObject[];
	binary?: Array<Record<string, IBinaryData> | undefined>;
	continueOnFail?: boolean;
	credentials?: IDataObject;
}

/** An error shaped like n8n's request helper throws for a 4xx/5xx answer. */
class HttpStatusError extends Error {
	constructor(
		readonly httpCode: string,
		readonly response: { status: number; data: unknown },
	) {
		super(`Request failed with status code ${httpCode}`);
	}
}

async function httpRequestOverFetch(
	credentials: IDataObject,
	options: IHttpRequestOptions,
): Promise<unknown> {
	const url = new URL(options.url);
	for (const [key, value] of Object.entries(options.qs ?? {}))
		url.searchParams.set(key, String(value));
	const headers: Record<string, string> = {
		Authorization: `Bearer ${String(credentials.apiToken)}`,
	};
	for (const [key, value] of Object.entries(options.headers ?? {})) headers[key] = String(value);
	let body: Uint8Array | string | undefined;
	if (Buffer.isBuffer(options.body)) body = new Uint8Array(options.body);
	else if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const response = await fetch(url, { method: options.method ?? 'GET', headers, body });
	const text = await response.text();
	const data: unknown = text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
	if (!response.ok)
		throw new HttpStatusError(String(response.status), { status: response.status, data });
	return data;
}

export function executeContext(options: RunOptions): IExecuteFunctions {
	const credentials: IDataObject = options.credentials ?? { apiToken: TOKEN, baseUrl: BASE_URL };
	const items: INodeExecutionData[] = options.parameters.map((_, i) => ({
		json: {},
		binary: options.binary?.[i],
	}));
	const binaryOf = (i: number, field: string): IBinaryData => {
		const binary = items[i]?.binary?.[field];
		if (!binary)
			throw new NodeOperationError(
				NODE,
				`This operation expects the node's input data to contain a binary file '${field}'`,
			);
		return binary;
	};
	const context = {
		getNode: () => NODE,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, i: number, fallback?: unknown) => {
			const value = options.parameters[i]?.[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Test context: parameter "${name}" of item ${i} is not set`);
		},
		helpers: {
			httpRequestWithAuthentication: async (
				credentialType: string,
				request: IHttpRequestOptions,
			) => {
				if (credentialType !== 'timelinesAiApi')
					throw new Error(`Test context: unexpected credential ${credentialType}`);
				return await httpRequestOverFetch(credentials, request);
			},
			assertBinaryData: binaryOf,
			getBinaryDataBuffer: async (i: number, field: string) =>
				Buffer.from(binaryOf(i, field).data, 'base64'),
		},
	};
	return context as unknown as IExecuteFunctions;
}

/** Runs the node over the given items and returns its single output. */
export async function runTimelinesAi(options: RunOptions): Promise<INodeExecutionData[]> {
	const [output] = await new TimelinesAi().execute.call(executeContext(options));
	return output;
}

export function binaryFile(content: string, fileName: string, mimeType: string): IBinaryData {
	return { data: Buffer.from(content).toString('base64'), fileName, mimeType };
}
