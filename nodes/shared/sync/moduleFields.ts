import { PerCredentialCache } from '../coordination/boundedTtlCache';
import type { ZohoCrmApi, ZohoFieldMeta } from '../transport/zoho/zohoCrmApi';

// Module → its field metadata, per Zoho credential: it changes rarely, and every record creation (mandatory
// fields) and live-chat page (phone fields) needs it. One cache for both saves a Zoho call and credit.
const fieldsCache = new PerCredentialCache<string, ZohoFieldMeta[]>(10 * 60_000, 200);

export async function moduleFields(
	api: ZohoCrmApi,
	credentialId: string,
	module: string,
): Promise<ZohoFieldMeta[]> {
	const cache = fieldsCache.for(credentialId);
	let fields = cache.get(module);
	if (!fields) {
		fields = await api.listFields(module);
		cache.set(module, fields);
	}
	return fields;
}
