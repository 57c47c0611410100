import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

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
} from '../../zoho/zohoCrmApi';

// ADAPTER — nodes/shared/transport/zoho had not landed when these nodes were written. This is the
// smallest implementation of ZohoCrmApi over n8n's httpRequestWithAuthentication (so the OAuth2
// refresh-on-401 of the credential applies). Replace the request() body with the transport module's
// zohoRequest once it exists; the interface stays.

export const ZOHO_CREDENTIAL = 'zohoCrmOrgOAuth2Api';
type ZohoContext = IExecuteFunctions | ILoadOptionsFunctions;

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

interface ZohoItemResult {
	code?: string;
	status?: string;
	message?: string;
	details?: IDataObject;
}

const MAX_ATTEMPTS = 4;

function asObject(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : {};
}

function dataArray<T>(body: unknown): T[] {
	const data = asObject(body).data;
	return Array.isArray(data) ? (data as T[]) : [];
}

export class ZohoCrmHttpApi implements ZohoCrmApi {
	callCount = 0;
	private apiBase: string | undefined;

	constructor(private readonly context: ZohoContext) {}

	private async base(): Promise<string> {
		if (this.apiBase) return this.apiBase;
		const credentials = await this.context.getCredentials(ZOHO_CREDENTIAL);
		const override = typeof credentials.apiDomain === 'string' ? credentials.apiDomain.trim() : '';
		const token = asObject(credentials.oauthTokenData);
		// api_domain comes from the token response, as in n8n's own Zoho node (zoho-crm.md implication 1).
		const domain = override || (typeof token.api_domain === 'string' ? token.api_domain : 'https://www.zohoapis.com');
		this.apiBase = `${domain.replace(/\/+$/, '')}/crm/v8`;
		return this.apiBase;
	}

	/**
	 * One Zoho call. Retries 429 (Zoho did not process it, so even a create is safe to repeat) and,
	 * for idempotent calls only, 5xx and network errors; exponential back-off with jitter because Zoho
	 * sends no Retry-After (zoho-crm.md §6).
	 */
	private async request(
		method: IHttpRequestMethods,
		path: string,
		options: { qs?: IDataObject; body?: unknown; headers?: IDataObject; idempotent: boolean; acceptStatus?: number[] },
	): Promise<FullResponse> {
		const url = `${await this.base()}${path}`;
		for (let attempt = 1; ; attempt++) {
			const request: IHttpRequestOptions = {
				method,
				url,
				qs: options.qs,
				headers: options.headers,
				body: options.body as IHttpRequestOptions['body'],
				json: !(options.body instanceof FormData),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			};
			let response: FullResponse | undefined;
			let failure: unknown;
			try {
				response = await this.send(request);
				if (response.statusCode === 401) response = await this.sendRefreshingToken(request);
			} catch (error) {
				failure = error;
			}
			const status = response?.statusCode ?? 0;
			const retryable = status === 429 || (options.idempotent && (failure !== undefined || status >= 500));
			if (retryable && attempt < MAX_ATTEMPTS && !(options.body instanceof FormData && failure !== undefined)) {
				await sleep(200 * 2 ** (attempt - 1) + Math.floor(Math.random() * 100));
				continue;
			}
			if (failure !== undefined) throw failure;
			if (response === undefined) throw new Error('No response from Zoho');
			if (status >= 400 && !(options.acceptStatus ?? []).includes(status)) throw this.apiError(response);
			return response;
		}
	}

	private async send(request: IHttpRequestOptions): Promise<FullResponse> {
		this.callCount += 1;
		return (await this.context.helpers.httpRequestWithAuthentication.call(this.context, ZOHO_CREDENTIAL, request)) as FullResponse;
	}

	/**
	 * A 401 (INVALID_TOKEN: the access token expired). n8n refreshes an OAuth2 token only when the
	 * request itself fails with 401 — not when ignoreHttpStatusErrors hands the 401 back as a response —
	 * so ask again letting it fail: n8n refreshes, stores the new token and repeats the call. If that
	 * still fails (refresh refused, or another error after the refresh), one plain call with the
	 * current token returns Zoho's own answer for the error mapping.
	 */
	private async sendRefreshingToken(request: IHttpRequestOptions): Promise<FullResponse> {
		try {
			return await this.send({ ...request, ignoreHttpStatusErrors: false });
		} catch {
			return await this.send(request);
		}
	}

	private apiError(response: FullResponse, item?: ZohoItemResult): NodeApiError {
		const body = item ?? (asObject(response.body) as ZohoItemResult);
		const code = body.code ?? `HTTP ${response.statusCode}`;
		const hints: Record<string, string> = {
			OAUTH_SCOPE_MISMATCH: 'Reconnect the Zoho CRM credential so it grants every scope the pack needs.',
			INVALID_TOKEN: 'Reconnect the Zoho CRM credential.',
			NO_PERMISSION: 'The connected Zoho user\'s profile lacks a permission this call needs.',
			TOO_MANY_REQUESTS: 'Zoho API credits or the concurrency limit are exhausted; retry later or lower the load.',
			MANDATORY_NOT_FOUND: `Zoho requires the field ${String(asObject(body.details).api_name ?? '')}.`,
		};
		return new NodeApiError(this.context.getNode(), { ...body } as JsonObject, {
			httpCode: String(response.statusCode),
			message: `Zoho CRM: ${code}${body.message ? ` — ${body.message}` : ''}`,
			description: hints[code],
		});
	}

	async searchRecords(module: string, criteria: string, options: { fields: string[]; converted?: 'true' | 'false' | 'both' }): Promise<ZohoRecord[]> {
		const qs: IDataObject = { criteria, fields: options.fields.join(','), per_page: 50 };
		if (options.converted) qs.converted = options.converted;
		const response = await this.request('GET', `/${encodeURIComponent(module)}/search`, { qs, idempotent: true });
		return response.statusCode === 204 ? [] : dataArray<ZohoRecord>(response.body);
	}

	async getRecord(module: string, id: string, options: { fields: string[]; converted?: 'true' | 'false' | 'both' }): Promise<ZohoRecord | undefined> {
		const qs: IDataObject = { fields: options.fields.join(',') };
		if (options.converted) qs.converted = options.converted;
		const response = await this.request('GET', `/${encodeURIComponent(module)}/${encodeURIComponent(id)}`, {
			qs,
			idempotent: true,
			acceptStatus: [400, 404],
		});
		// A deleted or unknown id answers 204, or INVALID_DATA for a malformed one: both mean "not there".
		if (response.statusCode !== 200) return undefined;
		return dataArray<ZohoRecord>(response.body)[0];
	}

	async createRecord(module: string, data: Record<string, unknown>, options: { trigger?: string[] }): Promise<CreateRecordResult> {
		const body: IDataObject = { data: [data] };
		if (options.trigger) body.trigger = options.trigger;
		const response = await this.request('POST', `/${encodeURIComponent(module)}`, { body, idempotent: false, acceptStatus: [400] });
		const item = dataArray<ZohoItemResult>(response.body)[0] ?? (asObject(response.body) as ZohoItemResult);
		const details = asObject(item.details);
		if (item.status === 'success' && typeof details.id === 'string') return { outcome: 'created', id: details.id };
		const duplicate = asObject(details.duplicate_record);
		if (item.code === 'DUPLICATE_DATA' && typeof duplicate.id === 'string') return { outcome: 'duplicate', id: duplicate.id };
		throw this.apiError(response, item);
	}

	async listActiveUsers(): Promise<ZohoUser[]> {
		const users: ZohoUser[] = [];
		for (let page = 1; page <= 50; page++) {
			const response = await this.request('GET', '/users', { qs: { type: 'ActiveUsers', page, per_page: 200 }, idempotent: true });
			if (response.statusCode === 204) break;
			users.push(...asArray<ZohoUser>(asObject(response.body).users));
			if (asObject(asObject(response.body).info).more_records !== true) break;
		}
		return users;
	}

	async getCurrentUser(): Promise<ZohoUser | undefined> {
		const response = await this.request('GET', '/users', { qs: { type: 'CurrentUser' }, idempotent: true });
		return asArray<ZohoUser>(asObject(response.body).users)[0];
	}

	async getOrgTimeZone(): Promise<string> {
		const response = await this.request('GET', '/org', { idempotent: true });
		const org = asArray<IDataObject>(asObject(response.body).org)[0] ?? {};
		if (typeof org.time_zone !== 'string') throw this.apiError(response, { code: 'NO_ORG_TIME_ZONE', message: 'GET /org returned no time_zone' });
		return org.time_zone;
	}

	async listModules(): Promise<ZohoModuleMeta[]> {
		const response = await this.request('GET', '/settings/modules', { idempotent: true });
		return asArray<ZohoModuleMeta>(asObject(response.body).modules);
	}

	async listFields(module: string): Promise<ZohoFieldMeta[]> {
		const response = await this.request('GET', '/settings/fields', { qs: { module }, idempotent: true });
		return asArray<ZohoFieldMeta>(asObject(response.body).fields);
	}

	async listRecordNotes(module: string, recordId: string, page: number): Promise<{ notes: ZohoNote[]; more: boolean }> {
		const response = await this.request('GET', `/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}/Notes`, {
			// fields is mandatory on notes GETs since v6 (REQUIRED_PARAM_MISSING otherwise); notes come
			// oldest first by default, so ask for newest first: today's note is on page 1.
			qs: { fields: 'Note_Title,Created_Time,Modified_Time', sort_by: 'Created_Time', sort_order: 'desc', page, per_page: 200 },
			idempotent: true,
		});
		if (response.statusCode === 204) return { notes: [], more: false };
		return { notes: dataArray<ZohoNote>(response.body), more: asObject(asObject(response.body).info).more_records === true };
	}

	async getNote(id: string): Promise<ZohoNote | undefined> {
		const response = await this.request('GET', `/Notes/${encodeURIComponent(id)}`, {
			qs: { fields: 'Note_Title,Note_Content,Modified_Time' },
			idempotent: true,
		});
		return response.statusCode === 204 ? undefined : dataArray<ZohoNote>(response.body)[0];
	}

	async createNote(module: string, recordId: string, note: { title: string; content: string }): Promise<NoteWriteResult> {
		const body = { data: [{ Note_Title: note.title, Note_Content: note.content }] };
		const response = await this.request('POST', `/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}/Notes`, {
			body,
			idempotent: false,
			acceptStatus: [400],
		});
		return this.noteWriteResult(response);
	}

	async updateNote(id: string, content: string, options: { ifUnmodifiedSince?: string }): Promise<NoteWriteResult> {
		const headers: IDataObject = {};
		if (options.ifUnmodifiedSince) headers['If-Unmodified-Since'] = options.ifUnmodifiedSince;
		// A PUT of the whole content is idempotent, so 5xx can be retried.
		const response = await this.request('PUT', `/Notes/${encodeURIComponent(id)}`, {
			body: { data: [{ Note_Content: content }] },
			headers,
			idempotent: true,
			acceptStatus: [400, 412],
		});
		if (response.statusCode === 412) return { outcome: 'precondition_failed' };
		return this.noteWriteResult(response);
	}

	private noteWriteResult(response: FullResponse): NoteWriteResult {
		const item = dataArray<ZohoItemResult>(response.body)[0] ?? (asObject(response.body) as ZohoItemResult);
		const details = asObject(item.details);
		if (item.status === 'success' && typeof details.id === 'string') {
			return { outcome: 'written', id: details.id, modifiedTime: typeof details.Modified_Time === 'string' ? details.Modified_Time : undefined };
		}
		if (item.code === 'INVALID_DATA' && typeof details.maximum_length === 'number') {
			return { outcome: 'too_long', maximumLength: details.maximum_length };
		}
		throw this.apiError(response, item);
	}

	async listNoteAttachments(noteId: string): Promise<ZohoAttachment[]> {
		const response = await this.request('GET', `/Notes/${encodeURIComponent(noteId)}/Attachments`, {
			qs: { fields: 'id,File_Name,Size', per_page: 200 },
			idempotent: true,
		});
		return response.statusCode === 204 ? [] : dataArray<ZohoAttachment>(response.body);
	}

	async uploadNoteAttachment(noteId: string, file: ZohoFile): Promise<void> {
		const form = new FormData();
		form.append('file', new Blob([file.data], { type: file.mimetype ?? 'application/octet-stream' }), file.filename);
		const response = await this.request('POST', `/Notes/${encodeURIComponent(noteId)}/Attachments`, { body: form, idempotent: false });
		const item = dataArray<ZohoItemResult>(response.body)[0];
		if (item?.status !== 'success') throw this.apiError(response, item);
	}
}

function asArray<T>(value: unknown): T[] {
	return Array.isArray(value) ? (value as T[]) : [];
}
