// /integrations/api/* — the TimelinesAI Public API 1.3.0 stand-in (../shared/reference/timelinesai-oas/
// public_api_spec.yaml). TIMELINES_OPERATIONS is the list of implemented operations, in the spec's own
// method + path form; the contract tests compare it with the spec. Every JSON answer is the envelope
// `{"status":"ok","data":…}` or ErrorResponse `{"status":"error","message","error_code"}`.
import type { IncomingMessage } from 'node:http';

import { delay } from '../../server/http';
import type { SandboxResponse } from '../../server/http';
import { TimelinesApiError, notFound } from '../timelinesApiError';
import type { TimelinesSandbox } from '../timelinesSandbox';
import { ApiRequest } from './apiRequest';
import {
	addLabels,
	addNote,
	getChat,
	getLabels,
	listChats,
	patchChat,
	replaceLabels,
} from './chatsApi';
import { deleteFile, downloadFile, getFile, listFiles, uploadFile } from './filesApi';
import {
	getMessage,
	getReactions,
	getStatusHistory,
	listMessages,
	sendToChat,
	sendToPhone,
	setReaction,
} from './messagesApi';
import { RateLimiter } from './rateLimiter';
import {
	createWebhook,
	deleteWebhook,
	getWebhook,
	listWebhooks,
	updateWebhook,
} from './webhooksApi';
import {
	getTemplate,
	getTokenTeammate,
	getWorkspace,
	listTemplates,
	listTeammates,
	listWhatsappAccounts,
} from './workspaceApi';

const PREFIX = '/integrations/api';

export interface TimelinesOperation {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** as in the spec's `paths`, e.g. /chats/{chat_id}/messages */
	path: string;
	handle: (r: ApiRequest) => SandboxResponse;
}

export const TIMELINES_OPERATIONS: readonly TimelinesOperation[] = [
	{ method: 'GET', path: '/chats', handle: listChats },
	{ method: 'GET', path: '/chats/{chat_id}', handle: getChat },
	{ method: 'PATCH', path: '/chats/{chat_id}', handle: patchChat },
	{ method: 'GET', path: '/chats/{chat_id}/messages', handle: listMessages },
	{ method: 'POST', path: '/chats/{chat_id}/messages', handle: sendToChat },
	{ method: 'GET', path: '/chats/{chat_id}/labels', handle: getLabels },
	{ method: 'PUT', path: '/chats/{chat_id}/labels', handle: addLabels },
	{ method: 'POST', path: '/chats/{chat_id}/labels', handle: replaceLabels },
	{ method: 'POST', path: '/chats/{chat_id}/notes', handle: addNote },
	{ method: 'POST', path: '/messages', handle: sendToPhone },
	{ method: 'GET', path: '/messages/{message_uid}', handle: getMessage },
	{ method: 'GET', path: '/messages/{message_uid}/status_history', handle: getStatusHistory },
	{ method: 'GET', path: '/messages/{message_uid}/reactions', handle: getReactions },
	{ method: 'PATCH', path: '/messages/{message_uid}/reactions', handle: setReaction },
	{ method: 'POST', path: '/files_upload', handle: uploadFile },
	{ method: 'GET', path: '/files', handle: listFiles },
	{ method: 'GET', path: '/files/{file_uid}', handle: getFile },
	{ method: 'DELETE', path: '/files/{file_uid}', handle: deleteFile },
	{ method: 'GET', path: '/whatsapp_accounts', handle: listWhatsappAccounts },
	{ method: 'GET', path: '/workspace', handle: getWorkspace },
	{ method: 'GET', path: '/workspace/teammates', handle: listTeammates },
	{ method: 'GET', path: '/workspace/teammates/me', handle: getTokenTeammate },
	{ method: 'GET', path: '/templates', handle: listTemplates },
	{ method: 'GET', path: '/templates/{template_id}', handle: getTemplate },
	{ method: 'GET', path: '/webhooks', handle: listWebhooks },
	{ method: 'POST', path: '/webhooks', handle: createWebhook },
	{ method: 'GET', path: '/webhooks/{webhook_id}', handle: getWebhook },
	{ method: 'PUT', path: '/webhooks/{webhook_id}', handle: updateWebhook },
	{ method: 'DELETE', path: '/webhooks/{webhook_id}', handle: deleteWebhook },
];

/** The signed temporary download URL of a file (not an API operation: no token). */
const DOWNLOAD: TimelinesOperation = {
	method: 'GET',
	path: '/files/{file_uid}/download',
	handle: downloadFile,
};

/** Trailing slashes get a 404 HTML page, not JSON (timelinesai.md, api-facts Q5). */
const NOT_FOUND_HTML: SandboxResponse = {
	status: 404,
	raw: {
		body: Buffer.from(
			'<!doctype html><html><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>',
		),
		contentType: 'text/html; charset=utf-8',
	},
};

function match(template: string, segments: string[]): Record<string, string> | undefined {
	const parts = template.split('/').filter(Boolean);
	if (parts.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (const [i, part] of parts.entries()) {
		if (part.startsWith('{')) params[part.slice(1, -1)] = segments[i];
		else if (part !== segments[i]) return undefined;
	}
	return params;
}

const limiter = new RateLimiter();

export async function timelinesApi(
	sb: TimelinesSandbox,
	req: IncomingMessage,
	url: URL,
	body: Buffer,
): Promise<SandboxResponse> {
	const rest = url.pathname.slice(PREFIX.length);
	if (rest.endsWith('/')) return NOT_FOUND_HTML;
	const method = req.method ?? 'GET';
	try {
		let segments: string[];
		try {
			segments = rest
				.split('/')
				.filter((s) => s !== '')
				.map(decodeURIComponent);
		} catch {
			throw notFound('Not found');
		}
		const download = match(DOWNLOAD.path, segments);
		// Temporary download URLs work without the token (they are signed and expire).
		if (method === 'GET' && download && sb.isSignedDownload(download.file_uid, url.searchParams)) {
			return DOWNLOAD.handle(new ApiRequest(sb, method, download, url.searchParams, '', body));
		}
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
		if (bearer === undefined)
			throw new TimelinesApiError(401, 'Unauthorized', 'missing_credentials');
		if (!sb.isToken(bearer)) throw new TimelinesApiError(401, 'Unauthorized', 'invalid_token');
		const { faults, behaviour } = sb.state;
		if (!limiter.allow(req.socket.remoteAddress ?? '', faults.rateLimitPerSecond))
			throw new TimelinesApiError(429, 'Too many requests', 'rate_limit_exceeded');
		if (faults.latencyMs > 0) await delay(faults.latencyMs);
		if (faults.rate500 > 0 && Math.random() < faults.rate500)
			throw new TimelinesApiError(500, 'Internal server error', 'internal_error');
		if (sb.state.usage.apiCalls >= sb.apiCallsQuota)
			throw new TimelinesApiError(
				behaviour.quotaExceededStatus,
				'API calls quota exceeded',
				'quota_exceeded',
			);
		sb.state.usage.apiCalls += 1;
		const candidates = TIMELINES_OPERATIONS.map((operation) => ({
			operation,
			params: match(operation.path, segments),
		})).filter((c) => c.params !== undefined);
		const found = candidates.find((c) => c.operation.method === method);
		if (!found?.params)
			throw candidates.length > 0
				? new TimelinesApiError(405, 'Method not allowed', 'not_supported')
				: notFound('Not found');
		return found.operation.handle(
			new ApiRequest(
				sb,
				method,
				found.params,
				url.searchParams,
				String(req.headers['content-type'] ?? ''),
				body,
			),
		);
	} catch (error) {
		if (error instanceof TimelinesApiError) return error.response();
		throw error;
	}
}
