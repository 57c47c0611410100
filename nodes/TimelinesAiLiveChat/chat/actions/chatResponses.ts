import { securityHeaders } from '../page/chatPageHeaders';
import type { ChatResponse } from './chatRequest';
import { renderErrorPage } from '../page/renderChatPage';

export function jsonResponse(
	status: number,
	body: unknown,
	extraHeaders: Record<string, string> = {},
): ChatResponse {
	return {
		status,
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Cache-Control': 'no-store',
			'X-Content-Type-Options': 'nosniff',
			...extraHeaders,
		},
		body: JSON.stringify(body),
	};
}

export function htmlErrorResponse(
	status: number,
	title: string,
	detail: string,
	nonce: string,
	frameAncestors: string[],
): ChatResponse {
	return {
		status,
		headers: {
			'Content-Type': 'text/html; charset=utf-8',
			...securityHeaders(nonce, frameAncestors),
		},
		body: renderErrorPage(nonce, title, detail),
	};
}
