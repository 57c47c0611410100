import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ZohoCrmOrgOAuth2Api } from '../../../../credentials/ZohoCrmOrgOAuth2Api.credentials';

/** One HTTP answer from Zoho (n8n's `returnFullResponse` shape). */
export interface ZohoAnswer {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

/** Zoho's error body, at request level or per item inside `data[]` ([OAS common.json] API_Exception). */
export interface ZohoItemResult {
	code?: string;
	status?: string;
	message?: string;
	details?: IDataObject;
}

export function asObject(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

/** The scopes the credential asks Zoho for, read from the credential itself so the two never drift. */
const REQUIRED_SCOPES = String(
	new ZohoCrmOrgOAuth2Api().properties.find((property) => property.name === 'scope')?.default ?? '',
)
	.split(',')
	.filter((scope) => scope !== '');

const RECONNECT =
	'Open the Zoho CRM credential in n8n and reconnect it (sign in to Zoho again and accept the consent screen).';

const stringList = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** What the user can do about a Zoho error code (codes: docs/api-facts.md, Zoho §7, Kaizen #25). */
function hintFor(code: string, details: IDataObject): string | undefined {
	switch (code) {
		case 'OAUTH_SCOPE_MISMATCH':
			return `Reconnect the Zoho CRM credential so it grants every scope the pack needs: ${REQUIRED_SCOPES.join(', ')}. The token in use was granted fewer (for example a credential connected before a scope was added). ${RECONNECT}`;
		case 'INVALID_TOKEN':
		case 'INVALID_OAUTHTOKEN':
		case 'AUTHENTICATION_FAILURE':
			// Only thrown after n8n refreshed the token and Zoho still refused it.
			return `Reconnect the Zoho CRM credential: Zoho refused the access token even after n8n refreshed it (the refresh token was revoked, or more than 15 access tokens were issued for it). ${RECONNECT}`;
		case 'NO_PERMISSION': {
			const permissions = stringList(details.permissions);
			const which =
				permissions.length > 0
					? `the permission ${permissions.join(', ')}`
					: 'a permission this call needs (Zoho did not name it)';
			return `The connected Zoho user's profile lacks ${which}. In Zoho CRM open Setup → Users and Control → Security Control → Profiles, edit that user's profile and allow it, or reconnect the credential as a user whose profile has it.`;
		}
		case 'TOO_MANY_REQUESTS':
			return 'Zoho API credits or the concurrency limit are exhausted; retry later or lower the load.';
		case 'MANDATORY_NOT_FOUND':
			return `Zoho requires the field ${String(details.api_name ?? '')}.`;
		case 'DUPLICATE_DATA': {
			const duplicate = asObject(details.duplicate_record);
			const id = typeof duplicate.id === 'string' ? duplicate.id : details.id;
			return `Zoho already has a record with this ${String(details.api_name ?? 'value')}${id ? ` (id ${String(id)})` : ''}: the field is set to "Do not allow duplicate values".`;
		}
		case 'INVALID_DATA':
			if (details.maximum_length !== undefined)
				return `${String(details.api_name ?? 'A field')} is longer than Zoho's limit of ${String(details.maximum_length)} characters.`;
			if (details.expected_data_type !== undefined)
				return `${String(details.api_name ?? 'A field')} must be of type ${String(details.expected_data_type)}.`;
			return undefined;
		default:
			return undefined;
	}
}

/**
 * The NodeApiError for a Zoho refusal: `Zoho CRM: CODE — message`, an actionable description, and
 * Zoho's body (with `details`) as the error's context. `item` is a per-item result from `data[]` when the
 * refusal sits inside a 2xx; `note` adds what the transport did (e.g. how many attempts it made).
 */
export function zohoApiError(
	node: INode,
	answer: ZohoAnswer,
	item?: ZohoItemResult,
	note?: string,
): NodeApiError {
	const body = item ?? (asObject(answer.body) as ZohoItemResult);
	const code = body.code ?? `HTTP ${answer.statusCode}`;
	const description = [hintFor(code, asObject(body.details)), note]
		.filter((part) => part !== undefined)
		.join(' ');
	return new NodeApiError(node, { ...body } as JsonObject, {
		httpCode: String(answer.statusCode),
		message: `Zoho CRM: ${code}${body.message ? ` — ${body.message}` : ''}`,
		description: description === '' ? undefined : description,
	});
}
