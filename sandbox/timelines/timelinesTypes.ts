// The TimelinesAI sandbox's stored objects. Times are epoch milliseconds inside; the API renders them as
// "2024-01-08 10:35:18 +0000" (timelinesTime.ts). What reaches the wire is shaped by timelinesViews.ts and
// webhookPayloads.ts after the official specs in ../shared/reference/timelinesai-oas/.

export interface WhatsappAccount {
	/** JID-like id, e.g. "447700900001@s.whatsapp.net" (timelinesai.md) */
	id: string;
	/** E.164 */
	phone: string;
	account_name: string;
	owner_email: string;
	owner_name: string;
	status: 'active' | 'disconnected';
	/** epoch ms; the most recently connected account is the default sender of POST /messages */
	connected: number;
	/** epoch ms of the last disconnection or suspension (webhook `disconnected_on`) */
	disconnected?: number;
}

export interface Teammate {
	user_id: number;
	email: string;
	full_name: string;
	role: 'admin' | 'member';
	team: string;
	created: number;
}

export interface MessageTemplate {
	id: number;
	name: string;
	text: string;
	visibility: 'public' | 'private' | 'read-only';
	/** "Default", a team title, or null = all teams */
	team_title: string | null;
	created_by_name: string;
	created: number;
	updated_by_name: string;
	updated: number;
}

export interface StoredChat {
	id: number;
	name: string;
	/** E.164 for 1:1 chats; '' for groups (the API shows null, webhooks "") */
	phone: string;
	jid: string;
	is_group: boolean;
	whatsapp_account_id: string;
	/** teammate email, null when unassigned */
	responsible: string | null;
	closed: boolean;
	read: boolean;
	labels: string[];
	created: number;
	chatgpt_autoresponse_enabled: boolean;
	/** the AI agent flagged an unanswered inbound message (API `unattended`, webhook `unattended_customer`) */
	unattended: boolean;
	/** group chats: the members as the spec's ChatInfo.group_members lists them */
	members?: Array<{ name: string; phone: string; role: string }>;
}

export type MessageStatus = 'Sent' | 'Delivered' | 'Read';

export interface StoredMessage {
	uid: string;
	chat_id: number;
	/** WhatsApp time (`timestamp`) */
	time: number;
	/** when TimelinesAI stored it (`received_timestamp`) */
	received: number;
	/** `whatsapp` for WhatsApp messages; `note` for chat notes (POST /chats/{id}/notes) */
	message_type: 'whatsapp' | 'note';
	/** insertion order: breaks ties between equal times */
	seq: number;
	from_me: boolean;
	sender_phone: string;
	sender_name: string;
	recipient_phone: string;
	recipient_name: string;
	status: MessageStatus;
	/** explicit status changes; "Delivered" of outgoing messages is derived from deliveredAfterMs */
	status_history: Array<{ status: MessageStatus; time: number }>;
	origin: string;
	text: string;
	file_uids: string[];
	reply_to_uid?: string;
	/** display name of the teammate who created it; '' for synced and inbound messages (spec) */
	created_by: string;
	/** emoji → who placed it */
	reactions?: Array<{ emoji: string; name: string; phone: string; current: boolean }>;
}

export interface StoredFile {
	uid: string;
	filename: string;
	mimetype: string;
	size: number;
	data: Buffer;
	uploaded: number;
	uploaded_by_email: string;
	/** 'upload' = POST /files_upload (listed by GET /files); 'message' = an incoming message's attachment */
	source: 'upload' | 'message';
}

export interface StoredWebhook {
	id: number;
	event_type: string;
	url: string;
	enabled: boolean;
	errors_counter: number;
	activations: number;
	/** sandbox only (not in the API's view): every failed attempt, retries included */
	failedAttempts?: number;
	created: number;
	/** deleted webhooks are kept: POST /webhooks restores one with its id (spec: idempotent) */
	deleted?: boolean;
}

/** One delivery attempt of one event to one webhook. */
export interface DeliveryRecord {
	webhook_id: number;
	event: string;
	message_uid?: string;
	chat_id?: number;
	/** the webhook URL with its query (where receivers keep their secret) redacted */
	url: string;
	status?: number;
	error?: string;
	ok: boolean;
	attempt: number;
	/** true when another attempt is scheduled */
	will_retry: boolean;
	/** ISO 8601 */
	time: string;
	duration_ms: number;
}

export interface FaultSettings {
	/** fraction (0..1) of API calls answered 500 */
	rate500: number;
	/** added to every API call */
	latencyMs: number;
	/** requests per second per client before 429 rate_limit_exceeded (0 = off; TimelinesAI: 30 + burst 10) */
	rateLimitPerSecond: number;
	/**
	 * fraction (0..1) of new messages whose webhook deliveries are never sent (the message is stored and
	 * visible through the API): what a delivery lost after TimelinesAI's 3 attempts looks like to n8n
	 */
	dropDeliveryRate: number;
}
