/**
 * The sandbox over HTTP, for setting up and asserting: its loopback control API (make WhatsApp traffic
 * happen, create and convert Zoho records, read Zoho's stored records, notes, attachments and credits)
 * and its Zoho CRM API with the static token (users). Nothing here goes through the nodes.
 */
import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../../../sandbox';
import type { SimulateMessageInput } from '../../../../sandbox/timelines/timelinesSandbox';
import type { StoredAttachment } from '../../../../sandbox/zoho/zohoTypes';
import type { ZohoNoteView, ZohoRecordView } from '../../../../scripts/lib/sandboxClient';

export type { ZohoRecordView } from '../../../../scripts/lib/sandboxClient';

/** A note as the control API lists it: with its parent. */
export interface StoredNoteView extends ZohoNoteView {
	Parent_Id: { id: string; module: { api_name: string } };
}

export type ZohoAttachmentView = Omit<StoredAttachment, 'contentBase64'>;

export interface ZohoUserView {
	id: string;
	email: string;
	full_name: string;
}

/** What POST /__control/timelines/messages takes, always for a given contact (or group participant). */
export type SimulatedMessage = SimulateMessageInput & { phone: string };

export class SandboxApi {
	constructor(readonly url: string) {}

	private async call<T>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<T> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (response.status >= 300)
			throw new Error(`sandbox ${method} ${path} → ${response.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	// ---- TimelinesAI ----

	/** A WhatsApp message happens; resolves after TimelinesAI's first webhook deliveries. */
	async simulateMessage(
		input: SimulatedMessage,
	): Promise<{ message_uid: string; chat_id: number }> {
		return await this.call('POST', '/__control/timelines/messages', input);
	}

	/** TimelinesAI delivers the message's webhooks again (same message_uid). */
	async redeliver(messageUid: string): Promise<void> {
		await this.call('POST', '/__control/timelines/redeliver', { message_uid: messageUid });
	}

	// ---- Zoho: set-up ----

	async createRecord(module: string, data: Record<string, unknown>): Promise<ZohoRecordView> {
		const { data: created } = await this.call<{ data: ZohoRecordView[] }>(
			'POST',
			`/__control/zoho/records/${module}`,
			data,
		);
		return created[0];
	}

	async convertLead(leadId: string): Promise<{ Contacts: { id: string } }> {
		return await this.call('POST', `/__control/zoho/Leads/${leadId}/convert`, {});
	}

	// ---- Zoho: state ----

	async records(module: string): Promise<ZohoRecordView[]> {
		return (await this.call<{ data: ZohoRecordView[] }>('GET', `/__control/zoho/records/${module}`))
			.data;
	}

	/** Records of a module whose field holds exactly this value. */
	async recordsWhere(module: string, field: string, value: string): Promise<ZohoRecordView[]> {
		return (await this.records(module)).filter((record) => record[field] === value);
	}

	/** The notes of a record, in creation order. */
	async notesOf(module: string, id: string): Promise<StoredNoteView[]> {
		const { data } = await this.call<{ data: StoredNoteView[] }>('GET', '/__control/zoho/notes');
		return data.filter(
			(note) => note.Parent_Id.id === id && note.Parent_Id.module.api_name === module,
		);
	}

	/** A person saves the note in Zoho's UI: a PUT of the whole content without any precondition (200 or it throws). */
	async editNoteAsAPerson(noteId: string, content: string): Promise<void> {
		const response = await fetch(`${this.url}/crm/v8/Notes/${noteId}`, {
			method: 'PUT',
			headers: {
				authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ data: [{ Note_Content: content }] }),
		});
		if (response.status !== 200)
			throw new Error(
				`a person's PUT /Notes/${noteId} → ${response.status}: ${await response.text()}`,
			);
	}

	async attachmentsOf(module: string, id: string): Promise<ZohoAttachmentView[]> {
		const { data } = await this.call<{ data: ZohoAttachmentView[] }>(
			'GET',
			'/__control/zoho/attachments',
		);
		return data.filter(
			(attachment) => attachment.parentModule === module && attachment.parentId === id,
		);
	}

	async creditsUsed(): Promise<number> {
		return (await this.call<{ used: number }>('GET', '/__control/zoho/credits')).used;
	}

	async users(type: 'ActiveUsers' | 'CurrentUser'): Promise<ZohoUserView[]> {
		const page = await this.call<{ users: ZohoUserView[] }>(
			'GET',
			`/crm/v8/users?type=${type}`,
			undefined,
			{ authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}` },
		);
		return page.users;
	}

	async userByEmail(email: string): Promise<ZohoUserView> {
		const user = (await this.users('ActiveUsers')).find((u) => u.email === email);
		if (!user) throw new Error(`no active Zoho user ${email}`);
		return user;
	}
}
