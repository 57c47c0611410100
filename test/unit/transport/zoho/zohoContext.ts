/**
 * A minimal n8n context for the Zoho transport. httpRequestWithAuthentication performs real HTTP over
 * fetch (so nock sees every call) and behaves like n8n's OAuth2 helper (n8n-core requestOAuth2 with
 * isN8nRequest): it signs with `Bearer <access_token>`; with ignoreHttpStatusErrors it hands back any
 * status; otherwise a 401 makes it refresh the token at the credential's token URL (form body, as
 * `authentication: 'body'` does), store it and re-send the call once. Failures are thrown the way n8n
 * throws them: a NodeApiError whose cause is an axios-like error (response, or a network `code`).
 */
import nock from 'nock';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export const API_DOMAIN = 'https://www.zohoapis.eu';
export const ACCOUNTS_SERVER = 'https://accounts.zoho.eu';
export const ACCESS_TOKEN = 'access-token-1';
export const REFRESH_TOKEN = 'refresh-token-1';

export interface ZohoTestCredentials extends IDataObject {
	clientId: string;
	clientSecret: string;
	accessTokenUrl: string;
	apiDomain: string;
	oauthTokenData: {
		access_token: string;
		refresh_token: string;
		api_domain?: string;
		token_type: string;
	};
}

export interface ZohoTestContext {
	context: IExecuteFunctions;
	credentials: ZohoTestCredentials;
	/** Token refreshes this context performed (each one a POST to the accounts server). */
	refreshes: number;
	/** Every request the transport handed to httpRequestWithAuthentication, in order. */
	requests: IHttpRequestOptions[];
}

interface Answer {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
}

/** Named like axios's error so NodeApiError reads its HTTP status the way it does in n8n. */
class AxiosError extends Error {
	constructor(
		message: string,
		readonly code?: string,
		readonly response?: { status: number; data: unknown; headers: Record<string, string> },
	) {
		super(message);
	}
}

function networkError(node: INode, error: unknown): NodeApiError {
	if (error instanceof DOMException && error.name === 'TimeoutError')
		return new NodeApiError(
			node,
			new AxiosError('timeout exceeded', 'ECONNABORTED') as unknown as JsonObject,
		);
	// undici rejects with TypeError('fetch failed') whose cause has the socket code; nock's replyWithError
	// rejects with the given object itself.
	type Failure = { code?: string; message?: string; cause?: Failure };
	const failure = (error as Failure).cause ?? (error as Failure);
	return new NodeApiError(
		node,
		new AxiosError(failure.message ?? String(error), failure.code) as unknown as JsonObject,
	);
}

async function fetchOnce(
	node: INode,
	options: IHttpRequestOptions,
	accessToken: string,
): Promise<Answer> {
	const url = new URL(options.url);
	for (const [key, value] of Object.entries(options.qs ?? {}))
		url.searchParams.set(key, String(value));
	const headers: Record<string, string> = { Authorization: `Bearer ${accessToken}` };
	for (const [key, value] of Object.entries(options.headers ?? {})) headers[key] = String(value);
	let body: FormData | string | undefined;
	if (options.body instanceof FormData) body = options.body;
	else if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['Content-Type'] = 'application/json';
	}
	let response: Response;
	try {
		const signal = options.timeout ? AbortSignal.timeout(options.timeout) : undefined;
		response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal });
	} catch (error) {
		throw networkError(node, error);
	}
	const text = await response.text();
	const data: unknown = text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
	return { statusCode: response.status, body: data, headers: Object.fromEntries(response.headers) };
}

const statusError = (node: INode, answer: Answer) =>
	new NodeApiError(
		node,
		new AxiosError(`Request failed with status code ${answer.statusCode}`, 'ERR_BAD_REQUEST', {
			status: answer.statusCode,
			data: answer.body,
			headers: answer.headers,
		}) as unknown as JsonObject,
	);

export interface ZohoContextOptions {
	/** Node credential id: the key of the in-flight cap. Use one per test to keep tests apart. */
	credentialId: string;
	/** api_domain of the stored token (default https://www.zohoapis.eu); undefined = none. */
	tokenApiDomain?: string | null;
	/** The credential's "API Domain Override" field. */
	apiDomain?: string;
	/** The credential's "Zoho CRM Edition" field (sets the in-flight cap). */
	crmEdition?: string;
}

export function zohoContext(options: ZohoContextOptions): ZohoTestContext {
	const node: INode = {
		id: 'zoho-transport-test',
		name: 'Zoho CRM Match or Create',
		type: 'n8n-nodes-timelinesai-zoho.zohoCrmMatchOrCreate',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { zohoCrmOrgOAuth2Api: { id: options.credentialId, name: 'Zoho CRM account' } },
	};
	const tokenApiDomain = options.tokenApiDomain === undefined ? API_DOMAIN : options.tokenApiDomain;
	const credentials: ZohoTestCredentials = {
		clientId: 'client-id',
		clientSecret: 'client-secret',
		accessTokenUrl: `${ACCOUNTS_SERVER}/oauth/v2/token`,
		apiDomain: options.apiDomain ?? '',
		...(options.crmEdition ? { crmEdition: options.crmEdition } : {}),
		oauthTokenData: {
			access_token: ACCESS_TOKEN,
			refresh_token: REFRESH_TOKEN,
			token_type: 'Bearer',
			...(tokenApiDomain ? { api_domain: tokenApiDomain } : {}),
		},
	};
	const state = { credentials, refreshes: 0, requests: [] as IHttpRequestOptions[] };

	const refresh = async (): Promise<void> => {
		state.refreshes += 1;
		const form = new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: credentials.oauthTokenData.refresh_token,
			client_id: credentials.clientId,
			client_secret: credentials.clientSecret,
		});
		const response = await fetch(credentials.accessTokenUrl, { method: 'POST', body: form });
		const token = (await response.json()) as IDataObject;
		// Zoho refuses a refresh with HTTP 200 and {"error": …}; n8n then asks to reconnect the credential.
		if (!response.ok || typeof token.access_token !== 'string') {
			throw new NodeOperationError(
				node,
				'The credential "Zoho CRM account" needs to be reconnected.',
			);
		}
		credentials.oauthTokenData = {
			...credentials.oauthTokenData,
			...(token as Partial<ZohoTestCredentials['oauthTokenData']>),
		};
	};

	const httpRequestWithAuthentication = async (
		credentialType: string,
		request: IHttpRequestOptions,
	): Promise<unknown> => {
		if (credentialType !== 'zohoCrmOrgOAuth2Api')
			throw new Error(`Test context: unexpected credential ${credentialType}`);
		state.requests.push(request);
		const shape = (answer: Answer) => (request.returnFullResponse ? answer : answer.body);
		const first = await fetchOnce(node, request, credentials.oauthTokenData.access_token);
		if (request.ignoreHttpStatusErrors) return shape(first);
		if (first.statusCode !== 401) {
			if (first.statusCode >= 400) throw statusError(node, first);
			return shape(first);
		}
		await refresh();
		const second = await fetchOnce(node, request, credentials.oauthTokenData.access_token);
		if (second.statusCode >= 400) throw statusError(node, second);
		return shape(second);
	};

	const context = {
		getNode: () => node,
		getCredentials: async () => credentials,
		helpers: { httpRequestWithAuthentication },
	} as unknown as IExecuteFunctions;
	return Object.assign(state, { context });
}

/** nock on the Zoho API host; `token` restricts it to calls signed with that access token. */
export function zohoApi(host = API_DOMAIN, token = ACCESS_TOKEN): nock.Scope {
	return nock(host, { reqheaders: { authorization: `Bearer ${token}` } });
}

export const v8 = (path: string): string => `/crm/v8${path}`;

export function setUpNock(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());
}

/** The error a promise rejects with, checked to be of `type` (fails the test if it resolves). */
export async function rejectionOf<E>(
	promise: Promise<unknown>,
	type: new (...args: never[]) => E,
): Promise<E> {
	const error = await promise.then(
		() => undefined,
		(reason: unknown) => reason,
	);
	expect(error).toBeInstanceOf(type);
	return error as E;
}
