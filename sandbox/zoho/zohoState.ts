import { DEFAULT_UNIQUE_FIELDS, moduleDefinitions, seedUsers } from './seed';
import {
	EDITION_LIMITS,
	NO_FAULTS,
	SANDBOX_CLIENT,
	SANDBOX_STATIC_ACCESS_TOKEN,
} from './zohoOptions';
import type {
	DeletedNoteAnswer,
	FaultSettings,
	OAuthClient,
	ZohoSandboxOptions,
} from './zohoOptions';
import { DOCUMENTED_ZOHO_BEHAVIOUR } from './zohoBehaviour';
import type { ZohoBehaviour } from './zohoBehaviour';
import { zohoTime } from './zohoTime';
import type {
	Edition,
	ModuleDefinition,
	SandboxUser,
	StoredAttachment,
	StoredRecord,
} from './zohoTypes';

export interface AccessToken {
	token: string;
	clientId: string;
	scope: string;
	expiresAt: number;
	refreshToken?: string;
}

export interface RefreshToken {
	token: string;
	clientId: string;
	scope: string;
	/** timestamps of the refreshes of the last 10 minutes (Zoho allows 10) */
	refreshes: number[];
}

export interface GrantCode {
	code: string;
	clientId: string;
	redirectUri: string;
	scope: string;
	offline: boolean;
	expiresAt: number;
}

/** The persistent part of the Zoho state (JSON; what SANDBOX_STATE_FILE keeps). */
export interface ZohoSnapshot {
	nextId: string;
	records: Record<string, StoredRecord[]>;
	notes: StoredRecord[];
	attachments: StoredAttachment[];
	accessTokens: AccessToken[];
	refreshTokens: RefreshToken[];
	creditsUsed: number;
	creditsByCall: Record<string, number>;
}

/** All in-memory state of the Zoho CRM stand-in plus its resolved settings. */
export class ZohoState {
	readonly modules: ModuleDefinition[];
	readonly users: SandboxUser[] = seedUsers();
	readonly clients: OAuthClient[];
	readonly staticAccessToken: string | null;
	readonly tokenLifetimeSeconds: number;
	readonly edition: Edition;
	readonly timeZone: string;
	noteMaxLength: number;
	/** The readings of undocumented behaviour (zohoBehaviour.ts). */
	behaviour: ZohoBehaviour;
	/** Record id → when /search finds it (behaviour.searchLagMs after its creation or phone change). */
	searchableAt = new Map<string, number>();
	concurrencyLimit: number;
	dailyCredits: number;
	faults: FaultSettings;

	records = new Map<string, Map<string, StoredRecord>>();
	notes = new Map<string, StoredRecord>();
	attachments = new Map<string, StoredAttachment>();
	accessTokens = new Map<string, AccessToken>();
	refreshTokens = new Map<string, RefreshToken>();
	grantCodes = new Map<string, GrantCode>();
	creditsUsed = 0;
	/**
	 * Whether the user who connected the OAuth client (CurrentUser of every token) is an administrator: the
	 * admin by default; false makes it the first active user with another profile (admin-only APIs: 403).
	 */
	connectionUserIsAdmin = true;
	creditsByCall: Record<string, number> = {};
	inFlight = 0;
	heavyInFlight = 0;
	private nextId = 5725767000001000001n;

	constructor(readonly options: ZohoSandboxOptions) {
		this.modules = moduleDefinitions(options.uniqueFields ?? DEFAULT_UNIQUE_FIELDS);
		this.clients = options.clients ?? [SANDBOX_CLIENT];
		this.staticAccessToken =
			options.staticAccessToken === undefined
				? SANDBOX_STATIC_ACCESS_TOKEN
				: options.staticAccessToken;
		this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
		this.edition = options.edition ?? 'enterprise';
		this.timeZone = options.timeZone ?? 'Europe/London';
		this.noteMaxLength = options.noteMaxLength ?? 32000;
		this.behaviour = { ...DOCUMENTED_ZOHO_BEHAVIOUR, ...(options.behaviour ?? {}) };
		this.concurrencyLimit = options.concurrencyLimit ?? EDITION_LIMITS[this.edition].concurrency;
		this.dailyCredits = options.dailyCredits ?? EDITION_LIMITS[this.edition].credits;
		this.faults = { ...NO_FAULTS, ...(options.faults ?? {}) };
		for (const module of this.modules) this.records.set(module.api_name, new Map());
	}

	/** Note_Title maximum length (UNVERIFIED: Zoho's UI caps titles at 120; playable as 255). */
	get noteTitleMaxLength(): number {
		return this.behaviour.noteTitleMaxLength;
	}

	set noteTitleMaxLength(length: number) {
		this.behaviour.noteTitleMaxLength = length;
	}

	/**
	 * How a PUT of a note Zoho no longer has is answered (UNVERIFIED, docs/api-facts.md, Zoho §11): 400
	 * INVALID_DATA "the related id given seems to be invalid" naming the id, or NOT_ALLOWED.
	 */
	get deletedNoteAnswer(): DeletedNoteAnswer {
		return this.behaviour.deletedNoteAnswer;
	}

	set deletedNoteAnswer(answer: DeletedNoteAnswer) {
		this.behaviour.deletedNoteAnswer = answer;
	}

	/** A record created or re-numbered through the CRM API is found by /search only after the lag. */
	indexForSearch(recordId: string, now = Date.now()): void {
		if (this.behaviour.searchLagMs > 0)
			this.searchableAt.set(recordId, now + this.behaviour.searchLagMs);
		else this.searchableAt.delete(recordId);
	}

	searchable(recordId: string, now = Date.now()): boolean {
		const at = this.searchableAt.get(recordId);
		if (at === undefined) return true;
		if (now < at) return false;
		this.searchableAt.delete(recordId);
		return true;
	}

	newId(): string {
		const id = this.nextId;
		this.nextId += 1n;
		return id.toString();
	}

	module(apiName: string): ModuleDefinition | undefined {
		// Exact api_name match (stricter than assuming Zoho folds case in URLs).
		return this.modules.find((m) => m.api_name === apiName);
	}

	recordsOf(moduleApiName: string): Map<string, StoredRecord> {
		const map = this.records.get(moduleApiName);
		if (!map) throw new Error(`no module ${moduleApiName}`);
		return map;
	}

	/** Finds a record in any module. */
	findRecord(id: string): { module: string; record: StoredRecord } | undefined {
		for (const [module, map] of this.records) {
			const record = map.get(id);
			if (record) return { module, record };
		}
		return undefined;
	}

	now(): string {
		return zohoTime(new Date(), this.timeZone);
	}

	/**
	 * Modified_Time of a write: second precision, and later than the previous Modified_Time of the same
	 * record, so two writes never share a Modified_Time and If-Unmodified-Since can tell them apart.
	 */
	writeTime(previous?: unknown): string {
		const before = typeof previous === 'string' ? Math.floor(Date.parse(previous) / 1000) : 0;
		const second = Math.max(Math.floor(Date.now() / 1000), Number.isNaN(before) ? 0 : before + 1);
		return zohoTime(new Date(second * 1000), this.timeZone);
	}

	get currentUser(): SandboxUser {
		const wanted = this.connectionUserIsAdmin;
		return (
			this.users.find((u) => u.isAdmin === wanted && u.status === 'active') ??
			this.users.find((u) => u.isAdmin) ??
			this.users[0]
		);
	}

	minifiedUser(user: SandboxUser = this.currentUser): { name: string; id: string; email: string } {
		return { name: user.full_name, id: user.id, email: user.email };
	}

	get creditsRemaining(): number {
		return Math.max(0, this.dailyCredits - this.creditsUsed);
	}

	snapshot(): ZohoSnapshot {
		const records: Record<string, StoredRecord[]> = {};
		for (const [module, map] of this.records) records[module] = [...map.values()];
		return {
			nextId: this.nextId.toString(),
			records,
			notes: [...this.notes.values()],
			attachments: [...this.attachments.values()],
			accessTokens: [...this.accessTokens.values()],
			refreshTokens: [...this.refreshTokens.values()],
			creditsUsed: this.creditsUsed,
			creditsByCall: { ...this.creditsByCall },
		};
	}

	load(snapshot: ZohoSnapshot): void {
		this.clear();
		this.nextId = BigInt(snapshot.nextId);
		for (const [module, list] of Object.entries(snapshot.records)) {
			const map = this.records.get(module);
			if (map) for (const record of list) map.set(record.id, record);
		}
		for (const note of snapshot.notes) this.notes.set(note.id, note);
		for (const attachment of snapshot.attachments) this.attachments.set(attachment.id, attachment);
		for (const token of snapshot.accessTokens) this.accessTokens.set(token.token, token);
		for (const token of snapshot.refreshTokens) this.refreshTokens.set(token.token, token);
		this.creditsUsed = snapshot.creditsUsed;
		this.creditsByCall = { ...snapshot.creditsByCall };
	}

	clear(): void {
		for (const map of this.records.values()) map.clear();
		this.notes.clear();
		this.attachments.clear();
		this.accessTokens.clear();
		this.refreshTokens.clear();
		this.grantCodes.clear();
		this.searchableAt.clear();
		this.creditsUsed = 0;
		this.creditsByCall = {};
		this.nextId = 5725767000001000001n;
	}
}
