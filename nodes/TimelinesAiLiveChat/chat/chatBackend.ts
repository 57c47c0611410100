import type {
	TimelinesChatSummary,
	TimelinesHistoryAttachment,
	TimelinesHistoryMessage,
} from '../../shared/transport/timelinesai/timelinesChatParsers';

// The chat page's view of Zoho and TimelinesAI. The node implements it over the pack's two transports
// (../liveChatBackend.ts); tests may implement it over the sandbox. Keeping this port narrow is what lets
// handleChatRequest run outside n8n.

export interface ChatRecordView {
	displayName: string;
	/** Raw values of every phone-type field of the record (any formatting), in field order. */
	phoneValues: string[];
}

export type ChatSummaryView = TimelinesChatSummary;
export type ChatAttachmentView = TimelinesHistoryAttachment;
/** `status` is 'Pending' only on the page, for a message not yet acknowledged. */
export type ChatMessageView = TimelinesHistoryMessage;

export interface MessagesPage {
	/** WhatsApp messages only (no TimelinesAI notes or summaries), any order; the renderer sorts chronologically. */
	messages: ChatMessageView[];
	/** Pass as `before` to get the next older page; undefined when this page holds the oldest message. */
	olderCursor?: string;
}

export interface WhatsappAccountView {
	phone: string;
	name?: string;
}

export interface MessageTemplateView {
	id: string;
	name: string;
	text: string;
}

export interface DownloadedFile {
	data: Uint8Array;
	mimetype?: string;
}

export interface ChatBackend {
	/** undefined when the record does not exist (or is not visible to the organization connection). */
	getRecord(module: string, recordId: string): Promise<ChatRecordView | undefined>;
	findChatsByPhone(e164: string): Promise<ChatSummaryView[]>;
	/** The newest messages, or the ones just older than the message `before` (a uid, the cursor). */
	listMessages(chatId: number, options?: { before?: string }): Promise<MessagesPage>;
	sendToChat(
		chatId: number,
		message: { text: string; fileUid?: string },
	): Promise<{ messageUid: string }>;
	sendToPhone(message: {
		phone: string;
		whatsappAccountPhone?: string;
		text: string;
		fileUid?: string;
	}): Promise<{ messageUid: string }>;
	uploadFile(file: {
		filename: string;
		mimetype: string;
		data: Uint8Array;
	}): Promise<{ fileUid: string }>;
	listWhatsappAccounts(): Promise<WhatsappAccountView[]>;
	listTemplates(): Promise<MessageTemplateView[]>;
	downloadFile(url: string, maxBytes: number): Promise<DownloadedFile>;
}

/** "Sign in with Zoho" with the personal OAuth2 credential (authorization code flow in the browser). */
export interface ZohoSignIn {
	/** Zoho's consent URL for this state and redirect URI (the chat page URL itself). */
	authorizationUrl(state: string, redirectUri: string): string;
	/** Exchanges the code at the credential's own token URL (never at a host named by the callback). */
	exchangeCode(
		code: string,
		redirectUri: string,
	): Promise<{ accessToken: string; apiDomain: string }>;
	/** E-mail of the signed-in Zoho user (GET /users?type=CurrentUser with the user's token). */
	currentUserEmail(token: { accessToken: string; apiDomain: string }): Promise<string>;
	/** Whether the user's own Zoho permissions let them read the record (GET /{module}/{id}). */
	canReadRecord(
		token: { accessToken: string; apiDomain: string },
		module: string,
		recordId: string,
	): Promise<boolean>;
}
