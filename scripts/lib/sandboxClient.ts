// The sandbox as the end-to-end tests see it from outside: its control API (to make TimelinesAI send
// traffic) and its Zoho CRM API (to assert what landed in Zoho) — no reaching into its memory.
import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../sandbox';

export interface ZohoRecordView {
	id: string;
	[field: string]: unknown;
}

export interface ZohoNoteView {
	id: string;
	Note_Title: string | null;
	Note_Content: string;
	Modified_Time: string;
}

export interface SimulatedMessageInput {
	phone: string;
	name?: string;
	text?: string;
	direction?: 'received' | 'sent';
	is_group?: boolean;
	responsible_email?: string;
	whatsapp_account_phone?: string;
	attachments?: Array<{ filename: string; mimetype: string; content_base64: string }>;
	/** ISO 8601 (default now): history seeded in the past */
	timestamp?: string;
	/** false: stored and listed by the API, no webhook sent (history from before the pack) */
	deliver?: boolean;
}

export class SandboxClient {
	constructor(readonly url: string) {}

	private async json<T>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<{ status: number; body: T | undefined }> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: text ? (JSON.parse(text) as T) : undefined };
	}

	async simulateMessage(
		input: SimulatedMessageInput,
	): Promise<{ message_uid: string; chat_id: number }> {
		const { status, body } = await this.json<{ message_uid: string; chat_id: number }>(
			'POST',
			'/__control/timelines/messages',
			input,
		);
		if (status !== 200 || !body) throw new Error(`simulate message → ${status}`);
		return body;
	}

	async redeliver(messageUid: string): Promise<void> {
		const { status } = await this.json('POST', '/__control/timelines/redeliver', {
			message_uid: messageUid,
		});
		if (status !== 200) throw new Error(`redeliver → ${status}`);
	}

	async webhooks(): Promise<
		Array<{ id: number | string; event_type: string; url: string; enabled: boolean }>
	> {
		// GET /webhooks answers a bare list in `data` (TimelinesAI Public API 1.3.0).
		const { body } = await this.json<{
			status: string;
			data: Array<{ id: number; event_type: string; url: string; enabled: boolean }>;
		}>('GET', '/integrations/api/webhooks', undefined, {
			authorization: `Bearer ${process.env.E2E_TIMELINES_TOKEN ?? 'sandbox-timelines-token'}`,
		});
		return Array.isArray(body?.data) ? body.data : [];
	}

	/** TimelinesAI faults, e.g. `{ dropDeliveryRate: 1 }`: messages stored and listed, their webhooks never sent. */
	async setTimelinesFaults(faults: Record<string, number>): Promise<void> {
		const { status } = await this.json('POST', '/__control/timelines/faults', faults);
		if (status !== 200) throw new Error(`timelines faults → ${status}`);
	}

	/** TimelinesAI API calls counted by the sandbox since its start. */
	async timelinesApiCalls(): Promise<number> {
		const { body } = await this.json<{ apiCalls: number }>('GET', '/__control/timelines/usage');
		return body?.apiCalls ?? Number.NaN;
	}

	/** Zoho credits used today (the sandbox's counter). */
	async zohoCreditsUsed(): Promise<number> {
		const { body } = await this.json<{ used: number }>('GET', '/__control/zoho/credits');
		return body?.used ?? Number.NaN;
	}

	/** Sets the sandbox's Zoho credits used today (e.g. the day's limit: every call answers 429); returns the limit. */
	async setZohoCreditsUsed(used: number): Promise<number> {
		const { status, body } = await this.json<{ limit: number }>('POST', '/__control/zoho/credits', {
			used,
		});
		if (status !== 200) throw new Error(`zoho credits → ${status}`);
		return body?.limit ?? Number.NaN;
	}

	/** `PUT /webhooks/{id}` as a person in TimelinesAI would: e.g. `{ enabled: false }`. */
	async updateWebhook(id: number | string, change: Record<string, unknown>): Promise<void> {
		const { status } = await this.json('PUT', `/integrations/api/webhooks/${id}`, change, {
			authorization: `Bearer ${process.env.E2E_TIMELINES_TOKEN ?? 'sandbox-timelines-token'}`,
		});
		if (status !== 200) throw new Error(`PUT /webhooks/${id} → ${status}`);
	}

	async setZohoFaults(faults: Record<string, number | boolean>): Promise<void> {
		const { status } = await this.json('POST', '/__control/zoho/faults', faults);
		if (status !== 200) throw new Error(`zoho faults → ${status}`);
	}

	private async zoho<T>(path: string): Promise<T | undefined> {
		const response = await fetch(`${this.url}/crm/v8${path}`, {
			headers: { authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}` },
		});
		if (response.status === 204) return undefined;
		if (!response.ok)
			throw new Error(`Zoho GET ${path} → ${response.status}: ${await response.text()}`);
		return (await response.json()) as T;
	}

	/**
	 * Records of a module whose phone field holds exactly this value (not converted leads), as the sandbox
	 * stores them: read through the control API, so an observer sees them with no search index lag
	 * (SANDBOX_READING=other) and costs the org no credits.
	 */
	async recordsByPhone(module: string, field: string, e164: string): Promise<ZohoRecordView[]> {
		const { status, body } = await this.json<{ data: ZohoRecordView[] }>(
			'GET',
			`/__control/zoho/records/${encodeURIComponent(module)}`,
		);
		if (status !== 200) throw new Error(`zoho records ${module} → ${status}`);
		return (body?.data ?? []).filter(
			(record) => record[field] === e164 && record.Converted__s !== true,
		);
	}

	async notesOf(module: string, id: string): Promise<ZohoNoteView[]> {
		const page = await this.zoho<{ data: ZohoNoteView[] }>(
			`/${module}/${id}/Notes?fields=Note_Title,Note_Content,Modified_Time`,
		);
		return page?.data ?? [];
	}

	async noteAttachments(noteId: string): Promise<Array<{ id: string; File_Name: string }>> {
		const page = await this.zoho<{ data: Array<{ id: string; File_Name: string }> }>(
			`/Notes/${noteId}/Attachments?fields=id,File_Name`,
		);
		return page?.data ?? [];
	}
}

export interface TimelinesMessageView {
	uid: string;
	text: string;
	from_me: boolean;
	attachment_filename?: string | null;
}

/** TimelinesAI's API as a client sees it (for assertions on what the live chat sent). */
export async function timelinesMessages(
	sandboxUrl: string,
	chatId: number,
): Promise<TimelinesMessageView[]> {
	const response = await fetch(`${sandboxUrl}/integrations/api/chats/${chatId}/messages`, {
		headers: {
			authorization: `Bearer ${process.env.E2E_TIMELINES_TOKEN ?? 'sandbox-timelines-token'}`,
		},
	});
	if (!response.ok)
		throw new Error(`TimelinesAI GET /chats/${chatId}/messages → ${response.status}`);
	return ((await response.json()) as { data: { messages: TimelinesMessageView[] } }).data.messages;
}

export async function timelinesChatsByPhone(
	sandboxUrl: string,
	phone: string,
): Promise<Array<{ id: number; phone: string }>> {
	const response = await fetch(
		`${sandboxUrl}/integrations/api/chats?phone=${encodeURIComponent(phone)}`,
		{
			headers: {
				authorization: `Bearer ${process.env.E2E_TIMELINES_TOKEN ?? 'sandbox-timelines-token'}`,
			},
		},
	);
	if (!response.ok) throw new Error(`TimelinesAI GET /chats → ${response.status}`);
	return ((await response.json()) as { data: { chats: Array<{ id: number; phone: string }> } }).data
		.chats;
}
