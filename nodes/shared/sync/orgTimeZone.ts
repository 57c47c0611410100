import { PerCredentialCache } from '../coordination/boundedTtlCache';
import type { ZohoCrmApi } from '../transport/zoho/zohoCrmApi';

// GET /org once per credential per 6 h: the org time zone decides the note's day (implication 12).
const timeZones = new PerCredentialCache<string, string>(6 * 3600_000, 100);

export async function orgTimeZone(api: ZohoCrmApi, credentialId: string): Promise<string> {
	const cache = timeZones.for(credentialId);
	const cached = cache.get('org');
	if (cached) return cached;
	const timeZone = await api.getOrgTimeZone();
	cache.set('org', timeZone);
	return timeZone;
}
