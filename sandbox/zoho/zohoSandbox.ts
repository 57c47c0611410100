import type { IncomingMessage, ServerResponse } from 'node:http';

import { send } from '../server/http';
import { convertLead } from './convertLead';
import type { ConversionResult } from './convertLead';
import { handleCrmRequest } from './crmApi';
import {
	authorize,
	expireAccessTokens,
	issueAccessToken,
	revokeToken,
	tokenEndpoint,
} from './oauth';
import { insertRecord } from './recordStore';
import { seedRecords } from './seed';
import { zohoControl } from './zohoControl';
import { ZohoError } from './zohoError';
import type {
	BehaviourSettings,
	FaultSettings,
	OAuthClient,
	ZohoSandboxOptions,
} from './zohoOptions';
import type { ZohoBehaviour } from './zohoBehaviour';
import { ZohoState } from './zohoState';
import type { ZohoSnapshot } from './zohoState';
import type { StoredAttachment, StoredRecord } from './zohoTypes';

export interface CreditReport {
	used: number;
	remaining: number;
	limit: number;
	byCall: Record<string, number>;
}

/** The Zoho CRM v8 + accounts stand-in: HTTP handling plus typed accessors for tests. */
export class ZohoSandbox {
	readonly state: ZohoState;

	constructor(
		private readonly options: ZohoSandboxOptions,
		readonly baseUrl: () => string,
	) {
		this.state = new ZohoState(options);
		this.reset();
	}

	/** Serves /oauth/v2/*, /crm/v8/* and /__control/zoho/*; false for any other path. */
	async handle(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		body: Buffer,
	): Promise<boolean> {
		const path = url.pathname;
		if (path.startsWith('/crm/v8/') || path === '/crm/v8') {
			await handleCrmRequest(this.state, req, res, url, body);
			return true;
		}
		if (path === '/oauth/v2/auth' && req.method === 'GET')
			send(res, authorize(this.state, url, this.baseUrl()));
		else if (path === '/oauth/v2/token' && req.method === 'POST')
			send(res, tokenEndpoint(this.state, url, body, req, this.baseUrl()));
		else if (path === '/oauth/v2/token/revoke' && req.method === 'POST')
			send(res, revokeToken(this.state, url, body));
		else if (path.startsWith('/__control/zoho/')) {
			const segments = path
				.split('/')
				.slice(3)
				.filter((s) => s !== '')
				.map(decodeURIComponent);
			const response = zohoControl(this, req.method ?? 'GET', segments, body);
			send(res, response ?? { status: 404, json: { error: 'unknown control route' } });
		} else if (path.startsWith('/oauth/v2/'))
			send(res, { status: 404, json: { error: 'invalid_request' } });
		else return false;
		return true;
	}

	get staticAccessToken(): string | null {
		return this.state.staticAccessToken;
	}

	get client(): OAuthClient {
		return this.state.clients[0];
	}

	records(module: string): StoredRecord[] {
		return this.state.module(module) ? [...this.state.recordsOf(module).values()] : [];
	}

	record(module: string, id: string): StoredRecord | undefined {
		return this.state.module(module) ? this.state.recordsOf(module).get(id) : undefined;
	}

	notes(): StoredRecord[] {
		return [...this.state.notes.values()];
	}

	notesOf(module: string, id: string): StoredRecord[] {
		return this.notes().filter((n) => {
			const parent = n.Parent_Id as { id?: string; module?: { api_name?: string } } | undefined;
			return parent?.id === id && parent.module?.api_name === module;
		});
	}

	attachments(): StoredAttachment[] {
		return [...this.state.attachments.values()];
	}

	get creditsUsed(): number {
		return this.state.creditsUsed;
	}

	credits(): CreditReport {
		return {
			used: this.state.creditsUsed,
			remaining: this.state.creditsRemaining,
			limit: this.state.dailyCredits,
			byCall: { ...this.state.creditsByCall },
		};
	}

	setCreditsUsed(used: number): void {
		this.state.creditsUsed = used;
	}

	behaviour(): ZohoBehaviour {
		return { ...this.state.behaviour };
	}

	/** Whether the connection's user (CurrentUser of every token) is an administrator (default true). */
	setConnectionUserAdmin(admin: boolean): { admin: boolean; email: string } {
		this.state.connectionUserIsAdmin = admin;
		return { admin: this.state.currentUser.isAdmin, email: this.state.currentUser.email };
	}

	/** Switches readings of undocumented behaviour (zohoBehaviour.ts); returns all of them. */
	setBehaviour(patch: Partial<ZohoBehaviour>): ZohoBehaviour {
		this.state.behaviour = { ...this.state.behaviour, ...patch };
		if (this.state.behaviour.searchLagMs === 0) this.state.searchableAt.clear();
		return this.behaviour();
	}

	faults(): FaultSettings & BehaviourSettings {
		return {
			...this.state.faults,
			concurrencyLimit: this.state.concurrencyLimit,
			noteMaxLength: this.state.noteMaxLength,
			noteTitleMaxLength: this.state.noteTitleMaxLength,
			deletedNoteAnswer: this.state.deletedNoteAnswer,
		};
	}

	/** Changes faults/latency (and, for tests, the concurrency limit and note length); returns the result. */
	setFaults(patch: Partial<FaultSettings & BehaviourSettings>): ReturnType<ZohoSandbox['faults']> {
		const { concurrencyLimit, noteMaxLength, noteTitleMaxLength, deletedNoteAnswer, ...faults } =
			patch;
		this.state.faults = { ...this.state.faults, ...faults };
		if (concurrencyLimit !== undefined) this.state.concurrencyLimit = concurrencyLimit;
		if (noteMaxLength !== undefined) this.state.noteMaxLength = noteMaxLength;
		if (noteTitleMaxLength !== undefined) this.state.noteTitleMaxLength = noteTitleMaxLength;
		if (deletedNoteAnswer !== undefined) this.state.deletedNoteAnswer = deletedNoteAnswer;
		return this.faults();
	}

	expireTokens(): number {
		return expireAccessTokens(this.state);
	}

	/** A fresh access token for the first OAuth client, without the consent dance. */
	issueAccessToken(lifetimeSeconds?: number): string {
		return issueAccessToken(
			this.state,
			this.client.clientId,
			'ZohoCRM.modules.ALL',
			undefined,
			lifetimeSeconds,
		).token;
	}

	/** Creates a record through the same validation as the API; throws ZohoError when Zoho would refuse. */
	createRecord(module: string, data: Record<string, unknown>): StoredRecord {
		const definition = this.state.module(module);
		if (!definition)
			throw new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
		const { item, record } = insertRecord(this.state, definition, data, 0);
		if (item.status === 'error' || !record)
			throw new ZohoError(400, item.code, item.message, item.details);
		// Set-up data (seed, control API) stands for records that were there before: indexed already.
		this.state.searchableAt.delete(record.id);
		return record;
	}

	convertLead(id: string, options: Record<string, unknown> = {}): ConversionResult {
		return convertLead(this.state, id, options);
	}

	snapshot(): ZohoSnapshot {
		return this.state.snapshot();
	}

	load(snapshot: ZohoSnapshot): void {
		this.state.load(snapshot);
	}

	/** Back to the seed: seed records, no notes, no tokens, no credits used, options' faults and behaviour. */
	reset(): void {
		this.state.clear();
		const initial = new ZohoState(this.options);
		this.state.faults = initial.faults;
		this.state.behaviour = initial.behaviour;
		this.state.connectionUserIsAdmin = true;
		if (this.options.seedRecords === false) return;
		for (const [module, list] of Object.entries(seedRecords()))
			for (const data of list) this.createRecord(module, data);
		this.state.creditsUsed = 0;
	}
}
