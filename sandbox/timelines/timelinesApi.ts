// /integrations/api/* — the TimelinesAI public API (shared/reference/timelinesai.md). Every answer is the
// envelope `{"status":"ok","data":…}` or `{"status":"error","message":…}`.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { delay, isObject, parseJson } from '../server/http';
import type { SandboxResponse } from '../server/http';
import { parseMultipart } from '../server/multipart';
import { TimelinesApiError, badRequest, notFound } from './timelinesApiError';
import type { TimelinesSandbox } from './timelinesSandbox';
import { isE164 } from './timelinesSandbox';
import { parseTimelinesTime, timelinesTime } from './timelinesTime';
import type { StoredChat, StoredMessage, StoredWebhook } from './timelinesTypes';
import { accountView, chatView, fileView, messageView, statusHistory, webhookView } from './timelinesViews';
import { WEBHOOK_EVENTS, isWebhookEvent } from './webhookEvents';

const PREFIX = '/integrations/api';
const PAGE_SIZE = 50;
/** WhatsApp's text limit; what TimelinesAI enforces is UNVERIFIED. */
const MAX_TEXT = 65_536;

/** Trailing slashes get a 404 HTML page, not JSON (timelinesai.md). */
const NOT_FOUND_HTML: SandboxResponse = {
	status: 404,
	raw: { body: Buffer.from('<!doctype html><html><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>'), contentType: 'text/html; charset=utf-8' },
};

const ok = (data: unknown): SandboxResponse => ({ status: 200, json: { status: 'ok', data } });
const methodNotAllowed = (): TimelinesApiError => new TimelinesApiError(405, 'Method not allowed');

interface ApiRequest {
	sb: TimelinesSandbox;
	method: string;
	segments: string[];
	query: URLSearchParams;
	contentType: string;
	body: Buffer;
}

export async function timelinesApi(sb: TimelinesSandbox, req: IncomingMessage, url: URL, body: Buffer): Promise<SandboxResponse> {
	const rest = url.pathname.slice(PREFIX.length);
	if (rest.endsWith('/')) return NOT_FOUND_HTML;
	const method = req.method ?? 'GET';
	try {
		let segments: string[];
		try {
			segments = rest.split('/').filter((s) => s !== '').map(decodeURIComponent);
		} catch {
			throw notFound('Not found');
		}
		// Temporary download URLs work without the token (they are signed and expire).
		const signed = method === 'GET' && segments.length === 3 && segments[0] === 'files' && segments[2] === 'download' && sb.isSignedDownload(segments[1], url.searchParams);
		// The wording of the real 401 message is UNVERIFIED.
		if (!signed && !sb.isToken(req.headers.authorization)) throw new TimelinesApiError(401, 'Unauthorized');
		const faults = sb.state.faults;
		if (faults.latencyMs > 0) await delay(faults.latencyMs);
		if (faults.rate500 > 0 && Math.random() < faults.rate500) throw new TimelinesApiError(500, 'Internal server error');
		sb.state.usage.apiCalls += 1;
		return route({ sb, method, segments, query: url.searchParams, contentType: String(req.headers['content-type'] ?? ''), body });
	} catch (error) {
		if (error instanceof TimelinesApiError) return error.response();
		throw error;
	}
}

function route(r: ApiRequest): SandboxResponse {
	const [a, b, c, d] = r.segments;
	if (d !== undefined) throw notFound('Not found');
	switch (a) {
		case 'chats':
			if (b === undefined) return r.method === 'GET' ? listChats(r) : fail();
			if (c === undefined) return r.method === 'GET' ? ok(chatView(r.sb, chatOf(r, b))) : r.method === 'PATCH' ? patchChat(r, chatOf(r, b)) : fail();
			if (c === 'messages') return r.method === 'GET' ? listMessages(r, chatOf(r, b)) : r.method === 'POST' ? sendToChat(r, chatOf(r, b)) : fail();
			if (c === 'labels') return labels(r, chatOf(r, b));
			break;
		case 'messages':
			if (b === undefined) return r.method === 'POST' ? sendToPhone(r) : fail();
			if (c === undefined) return r.method === 'GET' ? ok(messageView(r.sb, messageOf(r, b))) : fail();
			if (c === 'status_history') {
				if (r.method !== 'GET') return fail();
				return ok(statusHistory(r.sb, messageOf(r, b)).map((h) => ({ status: h.status, timestamp: timelinesTime(h.time) })));
			}
			break;
		case 'files_upload':
			if (b === undefined) return r.method === 'POST' ? upload(r) : fail();
			break;
		case 'files':
			if (b === undefined) return r.method === 'GET' ? listFiles(r) : fail();
			if (c === undefined) return r.method === 'GET' ? ok(fileView(r.sb, uploadOf(r, b))) : r.method === 'DELETE' ? deleteFile(r, b) : fail();
			if (c === 'download') return r.method === 'GET' ? download(r, b) : fail();
			break;
		case 'whatsapp_accounts':
			if (b === undefined) return r.method === 'GET' ? ok({ whatsapp_accounts: r.sb.state.accounts.map(accountView) }) : fail();
			break;
		case 'teammates':
			if (b === undefined) return r.method === 'GET' ? ok({ teammates: r.sb.state.teammates.map((t) => ({ ...t })) }) : fail();
			break;
		case 'templates':
			// Text templates through the API are UNVERIFIED (timelinesai.md); the pack's chat page reads this.
			if (b === undefined) return r.method === 'GET' ? ok({ templates: r.sb.state.templates.map((t) => ({ ...t })) }) : fail();
			break;
		case 'quotas':
			if (b === undefined) return r.method === 'GET' ? quotas(r) : fail();
			break;
		case 'webhooks':
			if (b === undefined) return r.method === 'GET' ? ok({ webhooks: [...r.sb.state.webhooks.values()].map(webhookView) }) : r.method === 'POST' ? createWebhook(r) : fail();
			if (c === undefined) {
				if (r.method === 'GET') return ok(webhookView(webhookOf(r, b)));
				if (r.method === 'PUT') return updateWebhook(r, webhookOf(r, b));
				if (r.method === 'DELETE') return deleteWebhook(r, webhookOf(r, b));
				return fail();
			}
			break;
	}
	throw notFound('Not found');
}

function fail(): never {
	throw methodNotAllowed();
}

// ---- helpers ----

function jsonBody(r: ApiRequest): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = parseJson(r.body);
	} catch {
		throw badRequest('Invalid JSON body');
	}
	if (parsed === undefined) return {};
	if (!isObject(parsed)) throw badRequest('The body must be a JSON object');
	return parsed;
}

/** Query booleans: exactly "true" or "false" (stricter reading; other spellings are UNVERIFIED). */
function queryBool(r: ApiRequest, name: string): boolean | undefined {
	const value = r.query.get(name);
	if (value === null || value === '') return undefined;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw badRequest(`${name} must be true or false`);
}

function queryTime(r: ApiRequest, name: string, endOfDay = false): number | undefined {
	const value = r.query.get(name);
	if (value === null || value === '') return undefined;
	const ms = parseTimelinesTime(value, endOfDay);
	if (Number.isNaN(ms)) throw badRequest(`${name} must be a date or date-time`);
	return ms;
}

function pageNumber(r: ApiRequest): number {
	const value = r.query.get('page');
	if (value === null || value === '') return 1;
	if (!/^\d+$/.test(value) || Number(value) < 1) throw badRequest('page must be a positive integer');
	return Number(value);
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw badRequest(`${key} must be a string`);
	return value;
}

function optionalBool(body: Record<string, unknown>, key: string): boolean | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean') throw badRequest(`${key} must be true or false`);
	return value;
}

function chatOf(r: ApiRequest, id: string): StoredChat {
	const chat = /^\d+$/.test(id) ? r.sb.state.chats.get(Number(id)) : undefined;
	if (!chat) throw notFound('Chat not found');
	return chat;
}

function messageOf(r: ApiRequest, uid: string): StoredMessage {
	const message = r.sb.state.messages.get(uid);
	if (!message) throw notFound('Message not found');
	return message;
}

function uploadOf(r: ApiRequest, uid: string) {
	const file = r.sb.state.files.get(uid);
	if (!file || file.source !== 'upload') throw notFound('File not found');
	return file;
}

function webhookOf(r: ApiRequest, id: string): StoredWebhook {
	const webhook = /^\d+$/.test(id) ? r.sb.state.webhooks.get(Number(id)) : undefined;
	if (!webhook) throw notFound('Webhook not found');
	return webhook;
}

// ---- chats ----

function listChats(r: ApiRequest): SandboxResponse {
	const state = r.sb.state;
	let chats = [...state.chats.values()];
	// The phone filter is UNVERIFIED (timelinesai.md); the sandbox supports it, as an exact E.164 match.
	const phone = r.query.get('phone');
	if (phone) chats = chats.filter((c) => c.phone === phone);
	const label = r.query.get('label');
	if (label) {
		// Comma list: a chat with any of the labels (UNVERIFIED: any vs all).
		const wanted = label.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
		chats = chats.filter((c) => c.labels.some((l) => wanted.includes(l.toLowerCase())));
	}
	const responsible = r.query.get('responsible');
	if (responsible) chats = chats.filter((c) => c.responsible?.toLowerCase() === responsible.trim().toLowerCase());
	const read = queryBool(r, 'read');
	if (read !== undefined) chats = chats.filter((c) => c.read === read);
	const group = queryBool(r, 'group');
	if (group !== undefined) chats = chats.filter((c) => c.is_group === group);
	const name = r.query.get('name');
	if (name) chats = chats.filter((c) => c.name.toLowerCase().includes(name.toLowerCase()));
	const createdAfter = queryTime(r, 'created_after');
	if (createdAfter !== undefined) chats = chats.filter((c) => c.created >= createdAfter);
	chats.sort((x, y) => state.lastActivity(y) - state.lastActivity(x) || y.id - x.id);
	const page = pageNumber(r);
	const slice = chats.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
	return ok({ chats: slice.map((c) => chatView(r.sb, c)), has_more_pages: chats.length > page * PAGE_SIZE });
}

function patchChat(r: ApiRequest, chat: StoredChat): SandboxResponse {
	const body = jsonBody(r);
	const closed = optionalBool(body, 'closed');
	const read = optionalBool(body, 'read');
	const name = optionalString(body, 'name');
	if (name !== undefined && name.trim() === '') throw badRequest('name must not be empty');
	let responsible: string | null | undefined;
	if ('responsible' in body) {
		const value = body.responsible;
		if (value === null || value === '') responsible = null;
		else if (typeof value === 'string') {
			const teammate = r.sb.state.teammate(value);
			if (!teammate) throw badRequest(`${value} is not a teammate of this workspace`);
			responsible = teammate.email;
		} else throw badRequest('responsible must be a teammate email');
	}
	if (closed !== undefined) chat.closed = closed;
	if (read !== undefined) chat.read = read;
	if (name !== undefined) chat.name = name.trim();
	if (responsible !== undefined && responsible !== chat.responsible) {
		chat.responsible = responsible;
		r.sb.emitChatEvent(chat, responsible ? 'chat:assigned' : 'chat:unassigned');
	}
	return ok(chatView(r.sb, chat));
}

function labels(r: ApiRequest, chat: StoredChat): SandboxResponse {
	if (r.method === 'GET') return ok({ labels: [...chat.labels] });
	if (r.method !== 'PUT' && r.method !== 'POST') return fail();
	const value = jsonBody(r).labels;
	if (!Array.isArray(value) || !value.every((l) => typeof l === 'string' && l.trim() !== '')) throw badRequest('labels must be a list of names');
	const names = value.map((l: string) => l.trim());
	chat.labels = r.method === 'PUT' ? [...new Set(names)] : [...new Set([...chat.labels, ...names])];
	return ok({ labels: [...chat.labels] });
}

// ---- messages ----

function listMessages(r: ApiRequest, chat: StoredChat): SandboxResponse {
	let list = r.sb.state.messagesOf(chat.id);
	const afterMessage = r.query.get('after_message');
	if (afterMessage) {
		const index = list.findIndex((m) => m.uid === afterMessage);
		if (index === -1) throw badRequest('after_message is not a message of this chat');
		list = list.slice(index + 1);
	}
	const fromMe = queryBool(r, 'from_me');
	if (fromMe !== undefined) list = list.filter((m) => m.from_me === fromMe);
	const after = queryTime(r, 'after');
	if (after !== undefined) list = list.filter((m) => m.time >= after);
	const before = queryTime(r, 'before', true);
	if (before !== undefined) list = list.filter((m) => m.time <= before);
	// Page 1 = the newest 50, each page in chronological order (the reference does not say; the pack's chat
	// page assumes "page 1 holds the newest messages; higher pages go back in time").
	const page = pageNumber(r);
	const end = list.length - (page - 1) * PAGE_SIZE;
	const start = Math.max(0, end - PAGE_SIZE);
	const slice = end > 0 ? list.slice(start, end) : [];
	return ok({ messages: slice.map((m) => messageView(r.sb, m)), has_more_pages: end > 0 && start > 0 });
}

function messageInput(r: ApiRequest, body: Record<string, unknown>): { text: string; fileUid?: string } {
	const text = optionalString(body, 'text') ?? '';
	const fileUid = optionalString(body, 'file_uid') || undefined;
	if (text.trim() === '' && !fileUid) throw badRequest('text or file_uid is required');
	if (text.length > MAX_TEXT) throw badRequest(`text is longer than ${MAX_TEXT} characters`);
	if (fileUid && r.sb.state.files.get(fileUid)?.source !== 'upload') throw badRequest(`File ${fileUid} not found`);
	if (body.attachment_template_id !== undefined && body.attachment_template_id !== null) {
		throw badRequest('attachment_template_id is not supported by the sandbox');
	}
	return { text, fileUid };
}

function sendToChat(r: ApiRequest, chat: StoredChat): SandboxResponse {
	const message = r.sb.sendFromApi(chat, false, messageInput(r, jsonBody(r)));
	return ok({ message_uid: message.uid });
}

function sendToPhone(r: ApiRequest): SandboxResponse {
	const body = jsonBody(r);
	const phone = body.phone;
	// "phone (international)": the sandbox requires E.164 with the + (stricter reading).
	if (!isE164(phone)) throw badRequest('phone must be an international number, e.g. +447700900123');
	const input = messageInput(r, body);
	const account = r.sb.resolveAccount(body.whatsapp_account_phone);
	const chatName = optionalString(body, 'chat_name');
	const label = optionalString(body, 'label');
	const { chat, created } = r.sb.chatFor(account, phone, chatName);
	if (label?.trim() && !chat.labels.includes(label.trim())) chat.labels.push(label.trim());
	const message = r.sb.sendFromApi(chat, created, input);
	return ok({ message_uid: message.uid });
}

// ---- files ----

function upload(r: ApiRequest): SandboxResponse {
	if (!/^multipart\/form-data/i.test(r.contentType)) throw badRequest('Expected multipart/form-data with a "file" part');
	const parts = parseMultipart(r.body, r.contentType);
	const file = parts.find((p) => p.name === 'file' && p.fileName !== undefined) ?? parts.find((p) => p.name === 'file');
	if (!file) throw badRequest('The "file" part is missing');
	if (file.data.length === 0) throw badRequest('The file is empty');
	const override = parts.find((p) => p.name === 'filename')?.data.toString('utf8').trim();
	const filename = override || file.fileName?.trim() || 'file';
	const stored = {
		uid: randomUUID(),
		filename,
		mimetype: file.contentType?.split(';')[0].trim() || 'application/octet-stream',
		size: file.data.length,
		data: file.data,
		uploaded: Date.now(),
		source: 'upload' as const,
	};
	r.sb.state.files.set(stored.uid, stored);
	return ok(fileView(r.sb, stored));
}

function listFiles(r: ApiRequest): SandboxResponse {
	const files = [...r.sb.state.files.values()].filter((f) => f.source === 'upload').sort((x, y) => y.uploaded - x.uploaded);
	const page = pageNumber(r);
	return ok({ files: files.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((f) => fileView(r.sb, f)), has_more_pages: files.length > page * PAGE_SIZE });
}

function deleteFile(r: ApiRequest, uid: string): SandboxResponse {
	const file = uploadOf(r, uid);
	// Messages already sent keep their attachment; only the upload disappears from /files.
	const used = [...r.sb.state.messages.values()].some((m) => m.file_uids.includes(uid));
	if (used) file.source = 'message';
	else r.sb.state.files.delete(uid);
	return ok({});
}

function download(r: ApiRequest, uid: string): SandboxResponse {
	const file = r.sb.state.files.get(uid);
	if (!file) throw notFound('File not found');
	// Header values must be Latin-1: non-ASCII characters of the name become "_" in Content-Disposition.
	return { status: 200, raw: { body: file.data, contentType: file.mimetype, fileName: file.filename.replace(/[^\x20-\x7e]/g, '_') } };
}

// ---- account ----

function quotas(r: ApiRequest): SandboxResponse {
	// Field names UNVERIFIED (timelinesai.md: "GET /quotas reports quota and API call usage").
	const { usage } = r.sb.state;
	return ok({
		messages: { limit: r.sb.messageQuota, used: usage.messages, remaining: Math.max(0, r.sb.messageQuota - usage.messages) },
		api_calls: { used: usage.apiCalls },
	});
}

// ---- webhooks ----

function webhookUrl(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') throw badRequest('url is required');
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		throw badRequest('url must be a valid http(s) URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('url must be a valid http(s) URL');
	return value.trim();
}

function eventType(value: unknown): string {
	if (!isWebhookEvent(value)) throw badRequest(`event_type must be one of ${WEBHOOK_EVENTS.join(', ')}`);
	return value;
}

/** The same event and URL twice is refused (UNVERIFIED; the stricter reading). */
function refuseDuplicate(r: ApiRequest, event: string, url: string, except?: number): void {
	const duplicate = [...r.sb.state.webhooks.values()].some((w) => w.id !== except && w.event_type === event && w.url === url);
	if (duplicate) throw badRequest('A webhook with this event_type and url already exists');
}

function createWebhook(r: ApiRequest): SandboxResponse {
	const body = jsonBody(r);
	const event = eventType(body.event_type);
	const url = webhookUrl(body.url);
	const enabled = optionalBool(body, 'enabled') ?? true;
	const state = r.sb.state;
	if (state.webhooks.size >= r.sb.webhookLimit) throw badRequest(`Webhooks limit reached: at most ${r.sb.webhookLimit} webhooks per workspace`);
	refuseDuplicate(r, event, url);
	const webhook: StoredWebhook = { id: state.nextWebhookId++, event_type: event, url, enabled, errors_counter: 0, activations: 0, created: Date.now() };
	state.webhooks.set(webhook.id, webhook);
	return ok(webhookView(webhook));
}

function updateWebhook(r: ApiRequest, webhook: StoredWebhook): SandboxResponse {
	const body = jsonBody(r);
	const event = body.event_type === undefined ? webhook.event_type : eventType(body.event_type);
	const url = body.url === undefined ? webhook.url : webhookUrl(body.url);
	const enabled = optionalBool(body, 'enabled') ?? webhook.enabled;
	refuseDuplicate(r, event, url, webhook.id);
	Object.assign(webhook, { event_type: event, url, enabled });
	return ok(webhookView(webhook));
}

function deleteWebhook(r: ApiRequest, webhook: StoredWebhook): SandboxResponse {
	r.sb.state.webhooks.delete(webhook.id);
	return ok({});
}
