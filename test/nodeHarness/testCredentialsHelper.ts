/**
 * The test n8n's ICredentialsHelper (n8n's own node tests use the same shape, see packages/core/nodes-testing
 * in https://github.com/n8n-io/n8n): credentials stored decrypted per credential id, handed out as a fresh
 * copy per `getDecrypted` (as n8n decrypts them per call), the pack's credential types with their
 * `authenticate` function and `extends` (so n8n-core's httpRequestWithAuthentication takes its OAuth2 path
 * for the Zoho credentials: sign with the stored token, refresh on 401 through @n8n/client-oauth2, store
 * the new token here). Records every token refresh n8n stores.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

import { QueueModeRedisApi } from '../../credentials/QueueModeRedisApi.credentials';
import { TimelinesAiApi } from '../../credentials/TimelinesAiApi.credentials';
import { ZohoCrmOrgOAuth2Api } from '../../credentials/ZohoCrmOrgOAuth2Api.credentials';
import { ZohoCrmPersonalOAuth2Api } from '../../credentials/ZohoCrmPersonalOAuth2Api.credentials';

const CREDENTIAL_TYPES: ICredentialType[] = [
	new QueueModeRedisApi(),
	new TimelinesAiApi(),
	new ZohoCrmOrgOAuth2Api(),
	new ZohoCrmPersonalOAuth2Api(),
];

export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly stored = new Map<string, ICredentialDataDecryptedObject>();
	private readonly types = new Map(CREDENTIAL_TYPES.map((type) => [type.name, type]));
	/** Token refreshes n8n stored, per credential id. */
	readonly refreshes = new Map<string, number>();

	/** Stores (a copy of) a credential's decrypted data under its id. */
	set(id: string, data: ICredentialDataDecryptedObject): void {
		this.stored.set(id, structuredClone(data));
	}

	/** What n8n holds for the credential now (after any token refresh). */
	get(id: string): ICredentialDataDecryptedObject {
		const data = this.stored.get(id);
		if (!data) throw new Error(`Test n8n: no credential with id ${id}`);
		return data;
	}

	refreshesOf(id: string): number {
		return this.refreshes.get(id) ?? 0;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.types.get(typeName) ?? {};
		if (typeof authenticate === 'function')
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (authenticate)
			throw new Error(`Test n8n: ${typeName}'s generic authenticate block is not supported`);
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails): Promise<ICredentials> {
		throw new Error(`Test n8n: encrypted credentials are not used (${String(nodeCredentials.id)})`);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		if (!nodeCredentials.id) throw new Error(`Test n8n: the node's ${type} credential has no id`);
		return structuredClone(this.get(nodeCredentials.id));
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		if (nodeCredentials.id) this.set(nodeCredentials.id, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const id = nodeCredentials.id;
		if (!id) throw new Error(`Test n8n: the node's ${type} credential has no id`);
		this.set(id, { ...this.get(id), oauthTokenData: data.oauthTokenData });
		this.refreshes.set(id, this.refreshesOf(id) + 1);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type)?.properties ?? [];
	}
}
