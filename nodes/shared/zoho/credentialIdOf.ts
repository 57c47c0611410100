import type { IExecuteFunctions } from 'n8n-workflow';

import { zohoCredentialKey } from '../transport/zoho/zohoRequest';

/** Key for per-credential caches and locks: two Zoho organisations never share an entry. */
export function credentialIdOf(context: IExecuteFunctions): string {
	return zohoCredentialKey(context);
}
