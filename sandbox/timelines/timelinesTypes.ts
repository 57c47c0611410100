// The TimelinesAI sandbox's stored objects. Times are epoch milliseconds inside; the API renders them as
// "2024-01-08 10:35:18 +0000" (timelinesTime.ts). Field names that reach the API follow
// shared/reference/timelinesai.md; everything else is internal.

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
}

export interface Teammate {
	email: string;
	full_name: string;
	role: 'admin' | 'member';
}

export interface MessageTemplate {
	id: number;
	name: string;
	text: string;
}

export interface StoredChat {
	id: number;
	name: string;
	/** E.164 for 1:1 chats; '' for groups (stricter reading: a group has no phone) */
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
}

export type MessageStatus = 'Sent' | 'Delivered' | 'Read';

export interface StoredMessage {
	uid: string;
	chat_id: number;
	time: number;
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
	created_by: string | null;
}

export interface StoredFile {
	uid: string;
	filename: string;
	mimetype: string;
	size: number;
	data: Buffer;
	uploaded: number;
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
	created: number;
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
}
