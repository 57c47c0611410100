import type { IDataObject, IHttpRequestOptions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type {
	ChatBackend,
	ChatMessageView,
	ChatSummaryView,
	MessageTemplateView,
	WhatsappAccountView,
} from '../chat/chatBackend';
import { BoundedTtlCache, PerCredentialCache } from '../zoho/boundedTtlCache';
import { multipartFile } from './timelinesai/multipartFile';
import { ZOHO_CREDENTIAL, zohoApiBaseOf, zohoCredentialKey } from './zoho/zohoRequest';
import { parseTimelinesChat, parseTimelinesMessage, timelinesData } from './timelinesai/timelinesChatParsers';

// The chat page's backend: the few Zoho and TimelinesAI calls it needs, through n8n's
// httpRequestWithAuthentication (so OAuth2 refresh-on-401 and the credentials' authenticate blocks apply),
// without retries: a person is waiting for the page, and every call here is a read or a user's own send.

// Module → its phone-type fields, per Zoho credential: field metadata changes rarely, and without this
// cache every page opening costs a second sequential Zoho round trip (and credit).
const phoneFieldsCache = new PerCredentialCache<string, string[]>(10 * 60_000, 200);

const TIMELINES_CREDENTIAL = 'timelinesAiApi';
const DEFAULT_TIMELINES_BASE = 'https://app.timelines.ai/integrations/api';

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

// Credential → Zoho API base. Reading a credential costs n8n a decryption and the evaluation of its
// expressions (the data-centre URLs) in a fresh isolate; the API base changes only on reconnect.
const apiBaseCache = new BoundedTtlCache<string, string>(10 * 60_000, 100);

async function zohoApiBase(context: IWebhookFunctions): Promise<string> {
	const key = zohoCredentialKey(context);
	const cached = apiBaseCache.get(key);
	if (cached) return cached;
	const base = zohoApiBaseOf(await context.getCredentials(ZOHO_CREDENTIAL));
	apiBaseCache.set(key, base);
	return base;
}

async function timelinesApiBase(context: IWebhookFunctions): Promise<string> {
	const credentials = await context.getCredentials(TIMELINES_CREDENTIAL);
	const base = typeof credentials.baseUrl === 'string' && credentials.baseUrl ? credentials.baseUrl : DEFAULT_TIMELINES_BASE;
	return base.replace(/\/+$/, ''); // TimelinesAI answers 404 HTML on trailing slashes (timelinesai.md)
}

async function call(
	context: IWebhookFunctions,
	credential: string,
	options: IHttpRequestOptions,
): Promise<FullResponse> {
	try {
		// No ignoreHttpStatusErrors: n8n-core refreshes an OAuth2 token only when the request *throws* a 401
		// (request-helpers/oauth.js requestOAuth2, the isN8nRequest branch), and Zoho answers an expired token
		// with 401 INVALID_TOKEN.
		return (await context.helpers.httpRequestWithAuthentication.call(context, credential, {
			...options,
			returnFullResponse: true,
		})) as FullResponse;
	} catch (error) {
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}

export function chatBackendFromTransport(context: IWebhookFunctions): ChatBackend {
	const timelines = async (method: IHttpRequestOptions['method'], path: string, extra: Partial<IHttpRequestOptions> = {}) => {
		const response = await call(context, TIMELINES_CREDENTIAL, {
			method,
			url: `${await timelinesApiBase(context)}${path}`,
			json: true,
			...extra,
		});
		return timelinesData(response.body);
	};

	return {
		async getRecord(module, recordId) {
			const base = await zohoApiBase(context);
			const cache = phoneFieldsCache.for(zohoCredentialKey(context));
			let phoneFields = cache.get(module);
			if (!phoneFields) {
				const fields = await call(context, ZOHO_CREDENTIAL, { method: 'GET', url: `${base}/settings/fields`, qs: { module }, json: true });
				const fieldList = ((fields.body as IDataObject | undefined)?.fields ?? []) as IDataObject[];
				phoneFields = fieldList.filter((field) => field.data_type === 'phone').map((field) => String(field.api_name));
				cache.set(module, phoneFields);
			}
			const wanted = ['Full_Name', 'First_Name', 'Last_Name', ...phoneFields].join(',');
			const record = await call(context, ZOHO_CREDENTIAL, {
				method: 'GET',
				url: `${base}/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}`,
				qs: { fields: wanted },
				json: true,
			});
			const data = ((record.body as IDataObject | undefined)?.data ?? []) as IDataObject[];
			if (record.statusCode === 204 || data.length === 0) return undefined;
			const values = data[0];
			const name = [values.First_Name, values.Last_Name].filter((part) => typeof part === 'string' && part).join(' ');
			return {
				displayName: typeof values.Full_Name === 'string' && values.Full_Name ? values.Full_Name : name || `${module} ${recordId}`,
				phoneValues: phoneFields.map((field) => values[field]).filter((value): value is string => typeof value === 'string'),
			};
		},
		async findChatsByPhone(e164) {
			// The phone filter of GET /chats is UNVERIFIED (timelinesai.md): results are re-checked here.
			const data = await timelines('GET', '/chats', { qs: { phone: e164 } });
			const chats = Array.isArray(data.chats) ? data.chats : [];
			return chats.map(parseTimelinesChat).filter((chat): chat is ChatSummaryView => chat !== undefined && chat.phone === e164);
		},
		async listMessages(chatId, page) {
			const data = await timelines('GET', `/chats/${chatId}/messages`, { qs: { page } });
			const messages = (Array.isArray(data.messages) ? data.messages : [])
				.map((raw) => parseTimelinesMessage(raw, chatId))
				.filter((message): message is ChatMessageView => message !== undefined);
			return { messages, hasMore: data.has_more_pages === true };
		},
		async sendToChat(chatId, message) {
			const data = await timelines('POST', `/chats/${chatId}/messages`, { body: { text: message.text, file_uid: message.fileUid } });
			return { messageUid: String(data.message_uid ?? '') };
		},
		async sendToPhone(message) {
			const data = await timelines('POST', '/messages', {
				body: { phone: message.phone, whatsapp_account_phone: message.whatsappAccountPhone, text: message.text, file_uid: message.fileUid },
			});
			return { messageUid: String(data.message_uid ?? '') };
		},
		async uploadFile(file) {
			const multipart = multipartFile(file);
			const data = await timelines('POST', '/files_upload', {
				body: multipart.body,
				headers: { 'Content-Type': multipart.contentType },
				json: false,
			});
			return { fileUid: String(data.uid ?? data.file_uid ?? '') };
		},
		async listWhatsappAccounts() {
			const data = await timelines('GET', '/whatsapp_accounts');
			const accounts = Array.isArray(data.whatsapp_accounts) ? data.whatsapp_accounts : [];
			return accounts
				.map((raw): WhatsappAccountView | undefined => {
					const account = (raw ?? {}) as IDataObject;
					const phone = typeof account.phone === 'string' ? account.phone : undefined;
					return phone ? { phone, name: typeof account.account_name === 'string' ? account.account_name : undefined } : undefined;
				})
				.filter((account): account is WhatsappAccountView => account !== undefined);
		},
		async listTemplates() {
			const data = await timelines('GET', '/templates'); // endpoint UNVERIFIED (timelinesai.md)
			const templates = Array.isArray(data.templates) ? data.templates : [];
			return templates
				.map((raw): MessageTemplateView | undefined => {
					const template = (raw ?? {}) as IDataObject;
					const text = typeof template.text === 'string' ? template.text : undefined;
					return text ? { id: String(template.id ?? text), name: String(template.name ?? text.slice(0, 30)), text } : undefined;
				})
				.filter((template): template is MessageTemplateView => template !== undefined);
		},
		async downloadFile(url, maxBytes) {
			const response = (await context.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
			})) as FullResponse;
			const data = Buffer.from(response.body as ArrayBuffer);
			if (data.length > maxBytes) throw new Error(`The attachment is larger than ${maxBytes} bytes`);
			const type = response.headers['content-type'];
			return { data, mimetype: typeof type === 'string' ? type.split(';')[0] : undefined };
		},
	};
}
