import type {
	CreateRecordResult,
	NoteWriteResult,
	ZohoAttachment,
	ZohoCrmApi,
	ZohoFieldMeta,
	ZohoFile,
	ZohoModuleMeta,
	ZohoNote,
	ZohoRecord,
	ZohoUser,
} from '../../../nodes/shared/transport/zoho/zohoCrmApi';
import type {
	BulkNoteResult,
	NoteCreate,
	NoteUpdate,
	ZohoNotesBulkApi,
} from '../../../nodes/shared/transport/zoho/zohoNotesBulk';
import type {
	BulkRecordResult,
	ZohoRecordInsertsApi,
} from '../../../nodes/shared/transport/zoho/zohoRecordsBulk';

interface StoredNote extends ZohoNote {
	module: string;
	recordId: string;
	attachments: ZohoAttachment[];
}

/** A ZohoCrmApi over plain maps: equals-as-contains search, unique fields, converted leads, second-precision Modified_Time. */
export class InMemoryZohoCrm implements ZohoCrmApi {
	callCount = 0;
	records = new Map<string, ZohoRecord[]>();
	notes: StoredNote[] = [];
	uniqueFields = new Set<string>();
	maxNoteLength = 32000;
	users: ZohoUser[] = [];
	currentUser?: ZohoUser;
	fields: ZohoFieldMeta[] = [{ api_name: 'Last_Name', data_type: 'text', system_mandatory: true }];
	/**
	 * Readings of undocumented Zoho behaviour (sandbox/zoho/zohoBehaviour.ts): search `equals` contains-like
	 * or exact; whether PUT /Notes honours If-Unmodified-Since; search index lag (records created while
	 * `searchLags` is on stay unfound by search until `indexForSearch()`).
	 */
	searchEquals: 'contains' | 'exact' = 'contains';
	honoursIfUnmodifiedSince = true;
	searchLags = false;
	private unindexed = new Set<string>();
	indexForSearch(): void {
		this.unindexed.clear();
	}
	/** Records deleted (or merged away) in Zoho: their notes are gone and new notes are refused. */
	deletedRecords = new Set<string>();
	// Ids are unique across instances, as Zoho's are across an org (per-process caches key on them).
	private static nextId = 1000;
	private clock = 0;

	private tick = async (): Promise<void> => {
		this.callCount += 1;
		await new Promise((resolve) => setImmediate(resolve));
	};
	private id = (): string => String(InMemoryZohoCrm.nextId++);

	/** Deletes a record with its notes, as Zoho does (also what a merge does to the merged-away record). */
	deleteRecord(module: string, id: string): void {
		this.records.set(
			module,
			(this.records.get(module) ?? []).filter((record) => record.id !== id),
		);
		this.notes = this.notes.filter((note) => !(note.module === module && note.recordId === id));
		this.deletedRecords.add(`${module}|${id}`);
	}

	deleteNote(id: string): void {
		this.notes = this.notes.filter((note) => note.id !== id);
	}
	private now = (): string => new Date(Date.UTC(2026, 0, 1, 0, 0, this.clock++)).toISOString();

	async searchRecords(
		module: string,
		criteria: string,
		options: { converted?: string },
	): Promise<ZohoRecord[]> {
		await this.tick();
		const conditions = [...criteria.matchAll(/\((\w+):equals:((?:\\.|[^)])*)\)/g)].map((m) => ({
			field: m[1],
			value: m[2].replace(/\\(.)/g, '$1'),
		}));
		return (this.records.get(module) ?? []).filter(
			(r) =>
				(options.converted === 'both' || r.Converted__s !== true) &&
				!this.unindexed.has(r.id) &&
				conditions.some((c) =>
					this.searchEquals === 'exact'
						? String(r[c.field] ?? '').toLowerCase() === c.value.toLowerCase()
						: String(r[c.field] ?? '').includes(c.value),
				),
		);
	}
	async getRecord(module: string, id: string): Promise<ZohoRecord | undefined> {
		await this.tick();
		return (this.records.get(module) ?? []).find((r) => r.id === id);
	}
	async createRecord(module: string, data: Record<string, unknown>): Promise<CreateRecordResult> {
		await this.tick();
		const phone = String(data.Mobile ?? data.Phone ?? '');
		if (this.refuseAlways.has(phone)) throw new Error(`INVALID_DATA for ${phone}`);
		this.singleCreates += 1;
		return this.insert(module, data);
	}
	private insert(module: string, data: Record<string, unknown>): CreateRecordResult {
		const list = this.records.get(module) ?? [];
		for (const field of this.uniqueFields) {
			const duplicate = list.find((r) => r[field] === data[field]);
			if (duplicate) return { outcome: 'duplicate', id: duplicate.id };
		}
		const record = { ...data, id: this.id() };
		if (this.searchLags) this.unindexed.add(record.id);
		list.push(record);
		this.records.set(module, list);
		return { outcome: 'created', id: record.id };
	}
	async listActiveUsers(): Promise<ZohoUser[]> {
		await this.tick();
		return this.users;
	}
	async getCurrentUser(): Promise<ZohoUser | undefined> {
		await this.tick();
		return this.currentUser;
	}
	async getOrgTimeZone(): Promise<string> {
		await this.tick();
		return 'Europe/London';
	}
	async listModules(): Promise<ZohoModuleMeta[]> {
		await this.tick();
		return [];
	}
	async listFields(): Promise<ZohoFieldMeta[]> {
		await this.tick();
		return this.fields;
	}
	async listRecordNotes(
		module: string,
		recordId: string,
	): Promise<{ notes: ZohoNote[]; more: boolean; recordGone?: boolean }> {
		await this.tick();
		if (this.deletedRecords.has(`${module}|${recordId}`))
			return { notes: [], more: false, recordGone: true };
		return {
			notes: this.notes
				.filter((n) => n.module === module && n.recordId === recordId)
				.reverse()
				.map((n) => ({ id: n.id, Note_Title: n.Note_Title })),
			more: false,
		};
	}
	async getNote(id: string): Promise<ZohoNote | undefined> {
		await this.tick();
		const note = this.notes.find((n) => n.id === id);
		return (
			note && {
				id: note.id,
				Note_Title: note.Note_Title,
				Note_Content: note.Note_Content,
				Modified_Time: note.Modified_Time,
			}
		);
	}
	async createNote(
		module: string,
		recordId: string,
		note: { title: string; content: string },
	): Promise<NoteWriteResult> {
		await this.tick();
		if (this.deletedRecords.has(`${module}|${recordId}`))
			return { outcome: 'gone', what: 'record', code: 'INVALID_DATA' };
		if (note.content.length > this.maxNoteLength)
			return { outcome: 'too_long', maximumLength: this.maxNoteLength };
		const stored: StoredNote = {
			id: this.id(),
			module,
			recordId,
			Note_Title: note.title,
			Note_Content: note.content,
			Modified_Time: this.now(),
			attachments: [],
		};
		this.notes.push(stored);
		return { outcome: 'written', id: stored.id, modifiedTime: stored.Modified_Time };
	}
	async updateNote(
		id: string,
		content: string,
		options: { ifUnmodifiedSince?: string },
	): Promise<NoteWriteResult> {
		await this.tick();
		const note = this.notes.find((n) => n.id === id);
		if (!note) return { outcome: 'gone', what: 'note', code: 'INVALID_DATA' };
		// Compared as instants, at Zoho's second precision (a probe one second earlier fails).
		if (
			this.honoursIfUnmodifiedSince &&
			options.ifUnmodifiedSince &&
			Date.parse(options.ifUnmodifiedSince) < Date.parse(note.Modified_Time ?? '')
		)
			return { outcome: 'precondition_failed' };
		if (content.length > this.maxNoteLength)
			return { outcome: 'too_long', maximumLength: this.maxNoteLength };
		note.Note_Content = content;
		note.Modified_Time = this.now();
		return { outcome: 'written', id, modifiedTime: note.Modified_Time };
	}
	/** Inserts of many records (POST /{module}), once enableRecordInserts() has been called. */
	recordInserts?: () => ZohoRecordInsertsApi;
	/** Insert calls made: [module, number of records]. */
	insertCalls: Array<[string, number]> = [];
	/** Records created by a call of their own (createRecord). */
	singleCreates = 0;
	/** Phone values Zoho refuses inside the next insert (once each: the record's own call then succeeds). */
	refuseInInsert = new Set<string>();
	/** Phone values Zoho refuses always (also alone). */
	refuseAlways = new Set<string>();
	/** The next insert call writes its records, then fails as a whole (a lost answer). */
	failNextInsertAfterWriting = false;

	enableRecordInserts(): this {
		const inserts: ZohoRecordInsertsApi = {
			createRecords: async (module, records) => {
				await this.tick();
				this.insertCalls.push([module, records.length]);
				const results: BulkRecordResult[] = [];
				for (const data of records) {
					const phone = String(data.Mobile ?? data.Phone ?? '');
					if (this.refuseInInsert.delete(phone) || this.refuseAlways.has(phone)) {
						results.push(new Error(`INVALID_DATA for ${phone}`) as BulkRecordResult);
						continue;
					}
					results.push(this.insert(module, data));
				}
				if (this.failNextInsertAfterWriting) {
					this.failNextInsertAfterWriting = false;
					throw new Error('The connection closed before Zoho answered');
				}
				return results;
			},
		};
		this.recordInserts = () => inserts;
		return this;
	}

	/** Bulk note calls (PUT/POST /Notes, GET /Notes?ids=), once enableBulkNotes() has been called. */
	notesBulk?: () => ZohoNotesBulkApi;
	/** Bulk calls made: [kind, number of notes]. */
	bulkCalls: Array<['read' | 'update' | 'create', number]> = [];
	/** Note ids Zoho refuses inside the next bulk update (once each: the note's own call then succeeds). */
	refuseInBulk = new Set<string>();
	/** Whether the connection's user is an administrator (GET /Notes is refused otherwise). */
	admin = true;
	/** Called after each bulk read (e.g. a person editing a note in Zoho). */
	afterBulkRead?: () => void;

	enableBulkNotes(): this {
		const bulk: ZohoNotesBulkApi = {
			callCount: 0,
			getNotesByIds: async (ids) => {
				await this.tick();
				if (!this.admin) return 'not_admin';
				this.bulkCalls.push(['read', ids.length]);
				const found = this.notes
					.filter((note) => ids.includes(note.id))
					.map(({ id, Note_Title, Note_Content, Modified_Time }) => ({
						id,
						Note_Title,
						Note_Content,
						Modified_Time,
					}));
				this.afterBulkRead?.();
				return found;
			},
			updateNotes: async (updates: NoteUpdate[]) => {
				await this.tick();
				this.bulkCalls.push(['update', updates.length]);
				const results: BulkNoteResult[] = [];
				for (const { id, content } of updates) {
					if (this.refuseInBulk.delete(id)) {
						results.push(new Error(`INTERNAL_ERROR for note ${id}`) as BulkNoteResult);
						continue;
					}
					this.callCount -= 1;
					results.push(await this.updateNote(id, content, {}));
				}
				return results;
			},
			createNotes: async (creates: NoteCreate[]) => {
				await this.tick();
				this.bulkCalls.push(['create', creates.length]);
				const results: BulkNoteResult[] = [];
				for (const { module, recordId, title, content } of creates) {
					this.callCount -= 1;
					results.push(await this.createNote(module, recordId, { title, content }));
				}
				return results;
			},
		};
		this.notesBulk = () => bulk;
		return this;
	}

	async listNoteAttachments(noteId: string): Promise<ZohoAttachment[]> {
		await this.tick();
		return [...(this.notes.find((n) => n.id === noteId)?.attachments ?? [])];
	}
	async uploadNoteAttachment(noteId: string, file: ZohoFile): Promise<void> {
		await this.tick();
		this.notes
			.find((n) => n.id === noteId)
			?.attachments.push({ id: this.id(), File_Name: file.filename, Size: file.data.length });
	}
}
