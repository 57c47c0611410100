import type { IWebhookFunctions } from 'n8n-workflow';

import { moduleFields } from '../shared/sync/moduleFields';
import { listChatsPage } from '../shared/transport/timelinesai/chats';
import { downloadTemporaryFile, uploadFile } from '../shared/transport/timelinesai/files';
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

// The chat page's backend over the pack's two transports: the Zoho calls count against the credential's
// in-flight cap and get its error hints, with the "interactive" patience (a person is waiting: one retry
// at most). TimelinesAI calls go through the same client as the TimelinesAI node.

export function liveChatBackend(context: IWebhookFunctions): ChatBackend {
	const zoho = new ZohoCrmHttpApi(context, 'interactive');
	return {
		async getRecord(module, recordId) {
			// Field metadata is cached per credential (shared with record creation): without it every page
			// opening costs a second sequential Zoho round trip (and credit).
			const phoneFields = (await moduleFields(zoho, zohoCredentialKey(context), module))
				.filter((field) => field.data_type === 'phone')
				.map((field) => field.api_name);
			const values = await zoho.getRecord(module, recordId, {
				fields: ['Full_Name', 'First_Name', 'Last_Name', ...phoneFields],
			});
			if (!values) return undefined;
			const name = [values.First_Name, values.Last_Name]
				.filter((part) => typeof part === 'string' && part)
				.join(' ');
			return {
				displayName:
					typeof values.Full_Name === 'string' && values.Full_Name
						? values.Full_Name
						: name || `${module} ${recordId}`,
				phoneValues: phoneFields
					.map((field) => values[field])
					.filter((value): value is string => typeof value === 'string'),
			};
		},
		async findChatsByPhone(e164) {
			// GET /chats?phone= is exact with the leading `+` (sent encoded), a substring otherwise: re-checked here.
			const { items } = await listChatsPage(context, { phone: e164 }, 1);
			return items
				.map(parseTimelinesChat)
				.filter((chat): chat is ChatSummaryView => chat !== undefined && chat.phone === e164);
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
		downloadFile: async (url, maxBytes) => await downloadTemporaryFile(context, url, maxBytes),
	};
}
