import type { IExecuteFunctions } from 'n8n-workflow';

import { ZOHO_CREDENTIAL } from '../transport/zoho/zohoCrmHttpApi';

/** Key for per-credential caches and locks: two Zoho organisations never share an entry. */
export function credentialIdOf(context: IExecuteFunctions): string {
	const credential = context.getNode().credentials?.[ZOHO_CREDENTIAL];
	return credential?.id ?? credential?.name ?? 'default';
}
