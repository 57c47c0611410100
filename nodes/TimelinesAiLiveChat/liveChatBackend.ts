import type { IWebhookFunctions } from 'n8n-workflow';

import { tryNormalizeToE164 } from '../shared/domain/phone';
import { listChatsPage } from '../shared/transport/timelinesai/chats';
import { downloadTimelinesFile } from '../shared/transport/timelinesai/attachmentDownload';
import { uploadFile } from '../shared/transport/timelinesai/files';
import {
	isWhatsappMessage,
	listMessagesPage,
	sendMessageToChat,
	sendMessageToPhone,
} from '../shared/transport/timelinesai/messages';
import { listTemplates } from '../shared/transport/timelinesai/templates';
import {
	parseTimelinesChat,
	parseTimelinesMessage,
} from '../shared/transport/timelinesai/timelinesChatParsers';
import { listWhatsappAccounts } from '../shared/transport/timelinesai/whatsappAccounts';
import { ZohoCrmHttpApi } from '../shared/transport/zoho/zohoCrmHttpApi';
import { zohoCredentialKey } from '../shared/transport/zoho/zohoRequest';
import type {
	ChatBackend,
	ChatMessageView,
	ChatSummaryView,
	MessageTemplateView,
	WhatsappAccountView,
} from './chat/chatBackend';
import { readRecordWithPlan } from './recordFieldPlan';

// The chat page's backend over the pack's two transports: the Zoho calls count against the credential's
// in-flight cap and get its error hints, with the "interactive" patience (a person is waiting: one retry
// at most). TimelinesAI calls go through the same client as the TimelinesAI node.

// `GET /chats?phone=%2B<E164>` is exact (docs/api-facts.md, TimelinesAI §2), 50 chats a page: a number
// with more chats than this (a shared line, many WhatsApp accounts) is still bounded.
const MAX_CHAT_PAGES = 20;

/** Whether a chat's stored number is this E.164 number (read with the default country when national). */
function isChatOfNumber(chat: ChatSummaryView, e164: string, defaultCountry?: string): boolean {
	if (chat.phone === e164) return true;
	try {
		return tryNormalizeToE164(chat.phone, defaultCountry) === e164;
	} catch {
		return false;
	}
}

export function liveChatBackend(
	context: IWebhookFunctions,
	options: { defaultCountry?: string } = {},
): ChatBackend {
	const zoho = new ZohoCrmHttpApi(context, 'interactive');
	return {
		async getRecord(module, recordId) {
			// Field metadata is cached per credential (shared with record creation), and the module's last
			// field plan is remembered (warmed at activation): the record and the metadata are asked for at
			// the same time, one Zoho round trip before the page can be drawn (recordFieldPlan.ts).
			const { values, plan } = await readRecordWithPlan(
				zoho,
				zohoCredentialKey(context),
				module,
				recordId,
			);
			if (!values) return undefined;
			const text = (field: string) =>
				typeof values[field] === 'string' && values[field] ? values[field] : undefined;
			const name = [text('First_Name'), text('Last_Name')].filter(Boolean).join(' ');
			const otherName = plan.nameFields
				.filter((field) => !['Full_Name', 'First_Name', 'Last_Name'].includes(field))
				.map(text)
				.find(Boolean);
			return {
				displayName: text('Full_Name') ?? (name || otherName || `${module} ${recordId}`),
				phoneValues: plan.phoneFields
					.map((field) => values[field])
					.filter((value): value is string => typeof value === 'string'),
			};
		},
		async findChatsByPhone(e164) {
			const chats: ChatSummaryView[] = [];
			for (let page = 1; page <= MAX_CHAT_PAGES; page++) {
				const { items, hasMore } = await listChatsPage(context, { phone: e164 }, page);
				for (const raw of items) {
					const chat = parseTimelinesChat(raw);
					// Re-checked here: a server reading the filter as a substring must not show a stranger's chat.
					if (chat && isChatOfNumber(chat, e164, options.defaultCountry)) chats.push(chat);
				}
				if (!hasMore || items.length === 0) break;
			}
			return chats;
		},
		async listMessages(chatId, options = {}) {
			const { items, hasMore } = await listMessagesPage(context, chatId, {}, options.before);
			// The history also holds TimelinesAI's notes and summaries: the page shows WhatsApp messages only.
			const messages = items
				.filter(isWhatsappMessage)
				.map((raw) => parseTimelinesMessage(raw, chatId))
				.filter((message): message is ChatMessageView => message !== undefined);
			// The cursor is the oldest uid of the answer (notes included); a server that ignored the cursor
			// answers the same page again, and repeating the cursor would loop: then there is nothing older.
			const oldest = items.at(-1)?.uid;
			return {
				messages,
				olderCursor: hasMore && oldest && oldest !== options.before ? oldest : undefined,
			};
		},
		async sendToChat(chatId, message) {
			const sent = await sendMessageToChat(context, chatId, {
				text: message.text,
				file_uid: message.fileUid,
			});
			return { messageUid: String(sent.message_uid ?? '') };
		},
		async sendToPhone(message) {
			const sent = await sendMessageToPhone(context, {
				phone: message.phone,
				whatsapp_account_phone: message.whatsappAccountPhone,
				text: message.text,
				file_uid: message.fileUid,
			});
			return { messageUid: String(sent.message_uid ?? '') };
		},
		async uploadFile(file) {
			const uploaded = await uploadFile(context, {
				filename: file.filename,
				mimetype: file.mimetype,
				data: Buffer.from(file.data),
			});
			return { fileUid: String(uploaded.uid ?? uploaded.file_uid ?? '') };
		},
		async listWhatsappAccounts() {
			return (await listWhatsappAccounts(context))
				.map((account): WhatsappAccountView | undefined =>
					typeof account.phone === 'string' && account.phone
						? {
								phone: account.phone,
								name: typeof account.account_name === 'string' ? account.account_name : undefined,
							}
						: undefined,
				)
				.filter((account): account is WhatsappAccountView => account !== undefined);
		},
		async listTemplates() {
			return (await listTemplates(context))
				.map((template): MessageTemplateView | undefined =>
					typeof template.text === 'string' && template.text
						? {
								id: String(template.id ?? template.text),
								name: String(template.name ?? template.text.slice(0, 30)),
								text: template.text,
							}
						: undefined,
				)
				.filter((template): template is MessageTemplateView => template !== undefined);
		},
		downloadFile: async (url, maxBytes) => await downloadTimelinesFile(context, url, maxBytes),
	};
}
