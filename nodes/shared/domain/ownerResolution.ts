export interface ZohoUserRef {
	id: string;
	email: string;
}

export type OwnerRule =
	| 'chat_responsible'
	| 'whatsapp_account_owner'
	| 'fallback_user'
	| 'connecting_user'
	| 'none';

export interface OwnerResolution {
	ownerId: string | undefined;
	rule: OwnerRule;
	matchedEmail?: string;
}

export interface OwnerResolutionInput {
	/** The TimelinesAI chat's responsible teammate. */
	responsibleEmail?: string;
	/** The owner of the WhatsApp number the chat runs on. */
	accountOwnerEmail?: string;
	/** Zoho active users; emails compare case-insensitively. */
	activeUsers: ZohoUserRef[];
	/** The Zoho user who made the organization connection (the seed's last resort). */
	connectingUserId?: string;
	/** A user chosen in the node, tried before the connecting user. */
	fallbackUserId?: string;
}

const normalEmail = (email: string | undefined) => email?.trim().toLowerCase() || undefined;

/** The seed's rule: chat responsible → WhatsApp number owner → the connecting Zoho user. */
export function resolveOwner(input: OwnerResolutionInput): OwnerResolution {
	const index = new Map<string, string>();
	for (const user of input.activeUsers) {
		const email = normalEmail(user.email);
		if (email && !index.has(email)) index.set(email, user.id);
	}
	const candidates: Array<[OwnerRule, string | undefined]> = [
		['chat_responsible', normalEmail(input.responsibleEmail)],
		['whatsapp_account_owner', normalEmail(input.accountOwnerEmail)],
	];
	for (const [rule, email] of candidates) {
		if (email && index.has(email)) return { ownerId: index.get(email), rule, matchedEmail: email };
	}
	if (input.fallbackUserId) return { ownerId: input.fallbackUserId, rule: 'fallback_user' };
	if (input.connectingUserId) return { ownerId: input.connectingUserId, rule: 'connecting_user' };
	return { ownerId: undefined, rule: 'none' };
}
