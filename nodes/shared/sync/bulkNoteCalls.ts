import { sleep } from 'n8n-workflow';

import { CallCoalescer } from '../coordination/callCoalescer';
import type {
	NoteWriteResult,
	ZohoAttachment,
	ZohoCrmApi,
	ZohoFile,
	ZohoNote,
} from '../transport/zoho/zohoCrmApi';
import { MAX_NOTES_PER_CALL, type ZohoNotesBulkApi } from '../transport/zoho/zohoNotesBulk';
import { creditPressure } from '../transport/zoho/zohoCredits';
import { asError, bulkWrite } from './bulkWrite';

/*
 * Cross-record group commit of note calls (docs/architecture.md, "Credits"). The daily note commits of
 * different records run at the same time (one per record and day, group-committed per note by
 * upsertDailyNote); their reads and writes arrive within milliseconds of each other. Here they are coalesced,
 * per Zoho credential, into
 *  - one GET /Notes?ids= (≤ 100 notes, 1 credit) when the connection's user is an administrator (anyone else
 *    gets 403 NO_PERMISSION: then each note is read on its own, GET /Notes/{id}, the only other read path);
 *  - one PUT /Notes (≤ 100 updates) and one POST /Notes (≤ 100 new notes, on any records): 1 credit per 10
 *    notes if Zoho meters notes like records (undocumented: the sandbox plays both).
 * Each commit keeps its own read → merge → write (a person's edit in Zoho is merged, never overwritten): only
 * the HTTP calls are shared. A note that Zoho refuses inside a bulk answer is sent again on its own (its
 * own retries and error mapping); the others of the call are written. A conditional write (If-Unmodified-Since
 * is a header: one per call) stays a call of its own.
 */

/** How long a bulk call stays open for more notes, with no budget pressure. */
export const BULK_WINDOW_MS = 20;
/** The longest wait when the daily credit budget is tight. */
export const BULK_WINDOW_MAX_MS = 2000;
/** A connection found not to be an administrator is asked again after this long (its profile may change). */
const NOT_ADMIN_TTL_MS = 3600_000;

interface Requester {
	api: ZohoCrmApi;
	bulk: ZohoNotesBulkApi;
	charge: (credits: number) => void;
}
type ReadRequest = Requester & { id: string };
type UpdateRequest = Requester & { id: string; content: string };
type CreateRequest = Requester & {
	module: string;
	recordId: string;
	title: string;
	content: string;
};

const chargeShare = (request: Requester, credits: number) => request.charge(credits);

class CredentialNoteCalls {
	notAdminUntil = 0;
	readonly reads: CallCoalescer<ReadRequest, ZohoNote | undefined>;
	readonly updates: CallCoalescer<UpdateRequest, NoteWriteResult>;
	readonly creates: CallCoalescer<CreateRequest, NoteWriteResult>;

	constructor(credentialId: string) {
		const common = {
			windowMs: () => bulkWindowMs(credentialId),
			maxBatch: MAX_NOTES_PER_CALL,
			maxInFlight: 2,
			wait: sleep,
		};
		this.reads = new CallCoalescer({ ...common, flush: async (r) => await this.read(r) });
		this.updates = new CallCoalescer({ ...common, flush: async (r) => await this.update(r) });
		this.creates = new CallCoalescer({ ...common, flush: async (r) => await this.create(r) });
	}

	private async read(requests: ReadRequest[]): Promise<Array<ZohoNote | undefined | Error>> {
		const ids = [...new Set(requests.map((r) => r.id))];
		let found = new Map<string, ZohoNote>();
		if (ids.length > 1 && Date.now() >= this.notAdminUntil) {
			const notes = await requests[0].bulk.getNotesByIds(ids);
			if (notes === 'not_admin') this.notAdminUntil = Date.now() + NOT_ADMIN_TTL_MS;
			else {
				found = new Map(notes.map((note) => [note.id, note]));
				for (const request of requests) request.charge(1 / requests.length);
			}
		}
		// Not read in bulk (one note, no administrator) or not in the bulk answer: read alone (204 = gone).
		return await Promise.all(
			requests.map(
				async (request) =>
					found.get(request.id) ?? (await request.api.getNote(request.id).catch(asError)),
			),
		);
	}

	private async update(requests: UpdateRequest[]): Promise<Array<NoteWriteResult | Error>> {
		return await bulkWrite(
			requests,
			async (all) => await all[0].bulk.updateNotes(all.map(({ id, content }) => ({ id, content }))),
			async (request) => await request.api.updateNote(request.id, request.content, {}),
			chargeShare,
		);
	}

	private async create(requests: CreateRequest[]): Promise<Array<NoteWriteResult | Error>> {
		return await bulkWrite(
			requests,
			async (all) =>
				await all[0].bulk.createNotes(
					all.map(({ module, recordId, title, content }) => ({ module, recordId, title, content })),
				),
			async ({ api, module, recordId, title, content }) =>
				await api.createNote(module, recordId, { title, content }),
			chargeShare,
		);
	}
}

const byCredential = new Map<string, CredentialNoteCalls>();

function callsFor(credentialId: string): CredentialNoteCalls {
	let calls = byCredential.get(credentialId);
	if (!calls) {
		if (byCredential.size >= 1000) byCredential.clear();
		calls = new CredentialNoteCalls(credentialId);
		byCredential.set(credentialId, calls);
	}
	return calls;
}

/**
 * How long note calls wait for others: 20 ms, up to 2 s as the credential's projected 24-hour use nears its
 * daily credit budget (zohoCredits.creditPressure: 0 = no pressure, 1 = at the budget).
 */
export function bulkWindowMs(credentialId: string): number {
	const pressure = creditPressure(credentialId);
	if (pressure <= 0.5) return BULK_WINDOW_MS;
	const scale = Math.min(1, (pressure - 0.5) / 0.5);
	return Math.round(BULK_WINDOW_MS + scale * (BULK_WINDOW_MAX_MS - BULK_WINDOW_MS));
}

/** Coalescing statistics per credential (for tests and the bench). */
export function bulkNoteStats(credentialId: string) {
	const calls = byCredential.get(credentialId);
	return calls
		? {
				reads: calls.reads.stats,
				updates: calls.updates.stats,
				creates: calls.creates.stats,
				bulkReads: Date.now() >= calls.notAdminUntil,
			}
		: undefined;
}

/** Forgets what was learnt about the connections (tests). */
export function resetBulkNoteCalls(): void {
	byCredential.clear();
}

/**
 * The connection as the daily note commit sees it: the same calls, except that note reads and writes join
 * the credential's bulk calls. Its callCount adds this view's share of the bulk calls to its own calls.
 * A connection without bulk calls (notesBulk absent) is returned as it is.
 */
export function withBulkNoteCalls(api: ZohoCrmApi, credentialId: string): ZohoCrmApi {
	const bulk = api.notesBulk?.();
	return bulk ? new BulkNoteView(api, bulk, callsFor(credentialId)) : api;
}

class BulkNoteView implements ZohoCrmApi {
	private charged = 0;
	private readonly requester: Requester;

	constructor(
		private readonly api: ZohoCrmApi,
		bulk: ZohoNotesBulkApi,
		private readonly calls: CredentialNoteCalls,
	) {
		this.requester = { api, bulk, charge: (credits) => (this.charged += credits) };
	}

	get callCount(): number {
		return this.api.callCount + this.charged;
	}

	async getNote(id: string): Promise<ZohoNote | undefined> {
		return await this.calls.reads.submit({ ...this.requester, id });
	}

	async updateNote(
		id: string,
		content: string,
		options: { ifUnmodifiedSince?: string },
	): Promise<NoteWriteResult> {
		if (options.ifUnmodifiedSince) return await this.api.updateNote(id, content, options);
		return await this.calls.updates.submit({ ...this.requester, id, content });
	}

	async createNote(
		module: string,
		recordId: string,
		note: { title: string; content: string },
	): Promise<NoteWriteResult> {
		return await this.calls.creates.submit({ ...this.requester, module, recordId, ...note });
	}

	searchRecords: ZohoCrmApi['searchRecords'] = async (...args) =>
		await this.api.searchRecords(...args);
	getRecord: ZohoCrmApi['getRecord'] = async (...args) => await this.api.getRecord(...args);
	createRecord: ZohoCrmApi['createRecord'] = async (...args) =>
		await this.api.createRecord(...args);
	listActiveUsers: ZohoCrmApi['listActiveUsers'] = async () => await this.api.listActiveUsers();
	getCurrentUser: ZohoCrmApi['getCurrentUser'] = async () => await this.api.getCurrentUser();
	getOrgTimeZone: ZohoCrmApi['getOrgTimeZone'] = async () => await this.api.getOrgTimeZone();
	listModules: ZohoCrmApi['listModules'] = async () => await this.api.listModules();
	listFields: ZohoCrmApi['listFields'] = async (module) => await this.api.listFields(module);
	listRecordNotes: ZohoCrmApi['listRecordNotes'] = async (...args) =>
		await this.api.listRecordNotes(...args);
	listNoteAttachments = async (noteId: string): Promise<ZohoAttachment[]> =>
		await this.api.listNoteAttachments(noteId);
	uploadNoteAttachment = async (noteId: string, file: ZohoFile): Promise<void> =>
		await this.api.uploadNoteAttachment(noteId, file);
}
