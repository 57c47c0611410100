import { PerCredentialCache } from '../coordination/boundedTtlCache';
import { resolveOwner, type OwnerResolution } from '../domain/ownerResolution';
import type { ZohoCrmApi, ZohoUser } from '../transport/zoho/zohoCrmApi';

interface Directory {
	activeUsers: ZohoUser[];
	connectingUser?: ZohoUser;
}

// Active users and the connecting (current) user per credential: 2 calls per hour, 0 per message
// in steady state (docs/api-facts.md, Zoho implication 11). A user added in Zoho is seen within the TTL.
const directories = new PerCredentialCache<string, Directory>(3600_000, 100);

export async function loadOwnerDirectory(
	api: ZohoCrmApi,
	credentialId: string,
): Promise<Directory> {
	const cache = directories.for(credentialId);
	const cached = cache.get('directory');
	if (cached) return cached;
	const directory = {
		activeUsers: await api.listActiveUsers(),
		connectingUser: await api.getCurrentUser(),
	};
	cache.set('directory', directory);
	return directory;
}

export async function resolveRecordOwner(
	api: ZohoCrmApi,
	credentialId: string,
	input: { responsibleEmail?: string; accountOwnerEmail?: string; fallbackUserId?: string },
): Promise<OwnerResolution> {
	const directory = await loadOwnerDirectory(api, credentialId);
	return resolveOwner({
		responsibleEmail: input.responsibleEmail,
		accountOwnerEmail: input.accountOwnerEmail,
		activeUsers: directory.activeUsers.filter((u) => typeof u.email === 'string'),
		connectingUserId: directory.connectingUser?.id,
		fallbackUserId: input.fallbackUserId || undefined,
	});
}
