/**
 * The credentials of a test "n8n instance" and n8n's `helpers.httpRequestWithAuthentication` for them:
 * - timelinesAiApi: the credential's generic `authenticate` block, `Authorization: Bearer <apiToken>`;
 * - zohoCrmOrgOAuth2Api (extends oAuth2Api): n8n-core's requestOAuth2 — the request signed by
 *   @n8n/client-oauth2 from the stored token (`token_type` Bearer → `Authorization: Bearer <access_token>`;
 *   Zoho accepts Bearer as well as Zoho-oauthtoken, zoho-crm.md §1.2), and when the call throws a 401 the
 *   token is refreshed with the refresh token, stored, and the call repeated once (not for a FormData
 *   body, which n8n cannot send twice). Like n8n, one refresh per credential at a time, and none when
 *   another call already stored a newer token.
 * Every failure comes out as a NodeApiError, as httpRequestWithAuthentication wraps it.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AxiosError, httpRequest } from './n8nHttp';

export const ZOHO_CREDENTIAL_TYPE = 'zohoCrmOrgOAuth2Api';
export const TIMELINES_CREDENTIAL_TYPE = 'timelinesAiApi';

export class CredentialVault {
	/** credential id → decrypted data (what getCredentials returns). */
	private readonly data = new Map<string, ICredentialDataDecryptedObject>();
	/** Token refreshes done, per credential id. */
	readonly refreshes = new Map<string, number>();
	private readonly refreshing = new Map<string, Promise<IDataObject>>();

	set(id: string, data: ICredentialDataDecryptedObject): void {
		this.data.set(id, structuredClone(data));
	}

	/** The node's credential of that type, as n8n's getCredentials resolves it. */
	get(node: INode, type: string): ICredentialDataDecryptedObject {
		const id = node.credentials?.[type]?.id;
		const data = id ? this.data.get(id) : undefined;
		if (!id || !data) throw new Error(`Test n8n: node "${node.name}" has no ${type} credential`);
		return data;
	}

	async request(node: INode, type: string, options: IHttpRequestOptions): Promise<unknown> {
		try {
			if (type === TIMELINES_CREDENTIAL_TYPE) {
				const { apiToken } = this.get(node, type);
				return await httpRequest({
					...options,
					headers: { ...options.headers, Authorization: `Bearer ${String(apiToken)}` },
				});
			}
			if (type === ZOHO_CREDENTIAL_TYPE) return await this.requestOAuth2(node, type, options);
			throw new Error(`Test n8n: unknown credential type ${type}`);
		} catch (error) {
			throw new NodeApiError(node, error as JsonObject);
		}
	}

	private async requestOAuth2(
		node: INode,
		type: string,
		options: IHttpRequestOptions,
	): Promise<unknown> {
		const credentials = this.get(node, type);
		if (credentials.oauthTokenData === undefined)
			throw new Error('OAuth credentials not connected');
		const signed = (token: IDataObject): IHttpRequestOptions => {
			if (String(token.token_type ?? 'bearer').toLowerCase() !== 'bearer')
				throw new Error(`client-oauth2 cannot sign token type ${String(token.token_type)}`);
			return {
				...options,
				headers: { ...options.headers, Authorization: `Bearer ${String(token.access_token)}` },
			};
		};
		const used = credentials.oauthTokenData as IDataObject;
		try {
			return await httpRequest(signed(used));
		} catch (error) {
			if (!(error instanceof AxiosError) || error.response.status !== 401) throw error;
			const token = await this.freshToken(node, type, used);
			if (options.body instanceof FormData) throw error;
			return await httpRequest(signed(token));
		}
	}

	/** n8n-core's refreshOrFetchToken: the stored token if another call refreshed already, else one refresh in flight. */
	private async freshToken(node: INode, type: string, used: IDataObject): Promise<IDataObject> {
		const stored = this.get(node, type).oauthTokenData as IDataObject;
		if (stored.access_token !== used.access_token) return stored;
		const id = String(node.credentials?.[type]?.id);
		let refresh = this.refreshing.get(id);
		if (!refresh) {
			refresh = this.refresh(node, type).finally(() => this.refreshing.delete(id));
			this.refreshing.set(id, refresh);
		}
		return await refresh;
	}

	/** client-oauth2's refresh with `authentication: body`: grant_type=refresh_token plus client id and secret in the form. */
	private async refresh(node: INode, type: string): Promise<IDataObject> {
		const credentials = this.get(node, type);
		const current = credentials.oauthTokenData as IDataObject;
		const form = new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: String(current.refresh_token),
			client_id: String(credentials.clientId),
			client_secret: String(credentials.clientSecret),
		});
		const answer = (await httpRequest({
			method: 'POST',
			url: String(credentials.accessTokenUrl),
			body: form,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		})) as IDataObject;
		if (typeof answer.error === 'string' || typeof answer.access_token !== 'string')
			throw new Error(`Token refresh refused: ${JSON.stringify(answer)}`);
		credentials.oauthTokenData = { ...current, ...answer };
		const id = String(node.credentials?.[type]?.id);
		this.refreshes.set(id, (this.refreshes.get(id) ?? 0) + 1);
		return credentials.oauthTokenData as IDataObject;
	}
}
