/**
 * A real n8n execute context (n8n-core's ExecuteContext, from test/nodeHarness) of a Zoho node with a
 * connected zohoCrmOrgOAuth2Api credential, for the Zoho transport's unit tests. Calls go through n8n-core's
 * httpRequestWithAuthentication: its OAuth2 path signs them with the stored token, refreshes the token on
 * 401 through @n8n/client-oauth2 (form body, as the credential's `authentication: body`) and stores it, and
 * axios sends them over node:http, so nock answers. The requests the transport hands to n8n are recorded.
 */
import nock from 'nock';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IRequestOptionsSimplified,
} from 'n8n-workflow';

import { ZohoCrmMatchOrCreate } from '../../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { executeContextOf } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';

export const API_DOMAIN = 'https://www.zohoapis.eu';
export const ACCOUNTS_SERVER = 'https://accounts.zoho.eu';
export const ACCESS_TOKEN = 'access-token-1';
export const REFRESH_TOKEN = 'refresh-token-1';
export const ZOHO_CREDENTIAL = 'zohoCrmOrgOAuth2Api';

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

export interface ZohoExecution {
	context: IExecuteFunctions;
	/** The credential as n8n stores it now (a refreshed token included). */
	readonly credentials: ZohoTestCredentials;
	/** Token refreshes n8n stored for this credential. */
	readonly refreshes: number;
	/** Every request the transport handed to httpRequestWithAuthentication, in order. */
	requests: IHttpRequestOptions[];
}

export interface ZohoExecutionOptions {
	/** Node credential id: the key of the in-flight cap. Use one per test to keep tests apart. */
	credentialId: string;
	/** api_domain of the stored token (default https://www.zohoapis.eu); null = none. */
	tokenApiDomain?: string | null;
	/** The credential's "API Domain Override" field. */
	apiDomain?: string;
	/** The credential's "Zoho CRM Edition" field (sets the in-flight cap). */
	crmEdition?: string;
	/** The credential's "Daily Credit Budget" field. */
	dailyCreditBudget?: number;
}

export function zohoExecution(options: ZohoExecutionOptions): ZohoExecution {
	const tokenApiDomain = options.tokenApiDomain === undefined ? API_DOMAIN : options.tokenApiDomain;
	const credentials: ZohoTestCredentials = {
		grantType: 'authorizationCode',
		authentication: 'body',
		clientId: 'client-id',
		clientSecret: 'client-secret',
		accessTokenUrl: `${ACCOUNTS_SERVER}/oauth/v2/token`,
		scope: '',
		apiDomain: options.apiDomain ?? '',
		...(options.crmEdition ? { crmEdition: options.crmEdition } : {}),
		...(options.dailyCreditBudget ? { dailyCreditBudget: options.dailyCreditBudget } : {}),
		oauthTokenData: {
			access_token: ACCESS_TOKEN,
			refresh_token: REFRESH_TOKEN,
			token_type: 'Bearer',
			...(tokenApiDomain ? { api_domain: tokenApiDomain } : {}),
		},
	};
	const n8n = new TestN8n();
	const id = options.credentialId;
	const context = executeContextOf({
		n8n,
		type: packType(new ZohoCrmMatchOrCreate()),
		parameters: {},
		credentials: {
			[ZOHO_CREDENTIAL]: {
				id,
				name: 'Zoho CRM account',
				data: credentials as unknown as ICredentialDataDecryptedObject,
			},
		},
	});
	const requests: IHttpRequestOptions[] = [];
	const send = context.helpers.httpRequestWithAuthentication;
	context.helpers.httpRequestWithAuthentication = async function (
		this: IExecuteFunctions,
		type: string,
		request: IHttpRequestOptions | IRequestOptionsSimplified,
		...rest: unknown[]
	) {
		requests.push({ ...(request as IHttpRequestOptions) });
		return await (send as (...args: unknown[]) => Promise<unknown>).call(
			this,
			type,
			request,
			...rest,
		);
	} as typeof send;
	return {
		context,
		requests,
		get credentials() {
			return n8n.credentials.get(id) as ZohoTestCredentials;
		},
		get refreshes() {
			return n8n.credentials.refreshesOf(id);
		},
	};
}

/** nock on the Zoho API host; `token` restricts it to calls signed with that access token. */
export function zohoApi(host = API_DOMAIN, token = ACCESS_TOKEN): nock.Scope {
	return nock(host, { reqheaders: { authorization: `Bearer ${token}` } });
}

export const v8 = (path: string): string => `/crm/v8${path}`;

/** A failed connection as node:http reports it, for nock's replyWithError (axios hangs on a plain object). */
export function socketError(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

export function setUpNock(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => {
		nock.enableNetConnect();
		// Unpatch node:http: jest reuses the worker (and its http module) for the next test file, whose own nock
		// instance would otherwise share requests with this one.
		nock.restore();
	});
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
