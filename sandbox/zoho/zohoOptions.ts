import type { ZohoBehaviour } from './zohoBehaviour';
import type { Edition } from './zohoTypes';

export interface FaultSettings {
	/** fraction (0..1) of CRM calls answered 429 TOO_MANY_REQUESTS */
	rate429: number;
	/** fraction answered 500 INTERNAL_ERROR */
	rate500: number;
	/** fraction delayed by slowMs more */
	slowRate: number;
	slowMs: number;
	/** fraction whose connection is destroyed without an answer */
	dropRate: number;
	/** fixed latency added to every CRM call, plus a random 0..jitterMs */
	latencyMs: number;
	jitterMs: number;
}

/** Readings of Zoho's undocumented answer to a PUT on a deleted note (docs/api-facts.md, Zoho §11). */
export type DeletedNoteAnswer = 'invalid_data' | 'not_allowed';
export const DELETED_NOTE_ANSWERS: DeletedNoteAnswer[] = ['invalid_data', 'not_allowed'];

/**
 * Org limits and readings settable at runtime through POST /__control/zoho/faults (noteTitleMaxLength and
 * deletedNoteAnswer are behaviour switches, zohoBehaviour.ts; kept here as aliases).
 */
export interface BehaviourSettings {
	concurrencyLimit: number;
	noteMaxLength: number;
	noteTitleMaxLength: number;
	deletedNoteAnswer: DeletedNoteAnswer;
}

export interface OAuthClient {
	clientId: string;
	clientSecret: string;
}

export interface ZohoSandboxOptions {
	/** registered OAuth clients (default: one, SANDBOX_CLIENT) */
	clients?: OAuthClient[];
	/** an access token that never expires (default SANDBOX_STATIC_ACCESS_TOKEN); null disables it */
	staticAccessToken?: string | null;
	/** lifetime of issued access tokens, seconds (Zoho: 3600) */
	tokenLifetimeSeconds?: number;
	/** decides the concurrency limit and daily credits (default enterprise) */
	edition?: Edition;
	concurrencyLimit?: number;
	dailyCredits?: number;
	/** Note_Content maximum length (UNVERIFIED in Zoho's docs; default 32000) */
	noteMaxLength?: number;
	/** the readings of what Zoho leaves undocumented (zohoBehaviour.ts; default DOCUMENTED_ZOHO_BEHAVIOUR) */
	behaviour?: Partial<ZohoBehaviour>;
	/** org time zone (default Europe/London) */
	timeZone?: string;
	/** module → api_names marked unique (default DEFAULT_UNIQUE_FIELDS) */
	uniqueFields?: Record<string, string[]>;
	faults?: Partial<FaultSettings>;
	/** false = start with no records (users, org and metadata are always there) */
	seedRecords?: boolean;
}

export const SANDBOX_CLIENT: OAuthClient = {
	clientId: '1000.SANDBOXCLIENTID',
	clientSecret: 'sandbox-client-secret',
};
export const SANDBOX_STATIC_ACCESS_TOKEN = '1000.sandbox-static-access-token';

export const NO_FAULTS: FaultSettings = {
	rate429: 0,
	rate500: 0,
	slowRate: 0,
	slowMs: 2000,
	dropRate: 0,
	latencyMs: 0,
	jitterMs: 0,
};

/** Concurrency per edition (Kaizen #35) and daily credits 50,000 + per-user (api-limits page), 3 licensed users. */
export const EDITION_LIMITS: Record<Edition, { concurrency: number; credits: number }> = {
	free: { concurrency: 5, credits: 5000 },
	standard: { concurrency: 10, credits: 50000 + 250 * 3 },
	professional: { concurrency: 15, credits: 50000 + 500 * 3 },
	enterprise: { concurrency: 20, credits: 50000 + 1000 * 3 },
	ultimate: { concurrency: 25, credits: 50000 + 2000 * 3 },
};

/** Options from SANDBOX_ZOHO_* environment variables (used by `npm run sandbox`). */
export function zohoOptionsFromEnv(env: NodeJS.ProcessEnv): ZohoSandboxOptions {
	const num = (name: string): number | undefined =>
		env[name] !== undefined && env[name] !== '' ? Number(env[name]) : undefined;
	const faults: Partial<FaultSettings> = {};
	const set = (key: keyof FaultSettings, name: string): void => {
		const value = num(name);
		if (value !== undefined && Number.isFinite(value)) faults[key] = value;
	};
	set('latencyMs', 'SANDBOX_ZOHO_LATENCY_MS');
	set('jitterMs', 'SANDBOX_ZOHO_JITTER_MS');
	set('rate429', 'SANDBOX_ZOHO_FAULT_429');
	set('rate500', 'SANDBOX_ZOHO_FAULT_500');
	set('slowRate', 'SANDBOX_ZOHO_FAULT_SLOW');
	set('slowMs', 'SANDBOX_ZOHO_SLOW_MS');
	set('dropRate', 'SANDBOX_ZOHO_FAULT_DROP');
	const edition = env.SANDBOX_ZOHO_EDITION;
	return {
		faults,
		edition: edition && edition in EDITION_LIMITS ? (edition as Edition) : undefined,
		tokenLifetimeSeconds: num('SANDBOX_ZOHO_TOKEN_LIFETIME_S'),
		noteMaxLength: num('SANDBOX_ZOHO_NOTE_MAX_LENGTH'),
		concurrencyLimit: num('SANDBOX_ZOHO_CONCURRENCY'),
		dailyCredits: num('SANDBOX_ZOHO_DAILY_CREDITS'),
		timeZone: env.SANDBOX_ZOHO_TIME_ZONE || undefined,
		staticAccessToken: env.SANDBOX_ZOHO_STATIC_TOKEN || undefined,
		clients: env.SANDBOX_ZOHO_CLIENT_ID
			? [
					{
						clientId: env.SANDBOX_ZOHO_CLIENT_ID,
						clientSecret: env.SANDBOX_ZOHO_CLIENT_SECRET ?? '',
					},
				]
			: undefined,
	};
}
