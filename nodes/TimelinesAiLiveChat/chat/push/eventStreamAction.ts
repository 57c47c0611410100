import { sleep } from 'n8n-workflow';

import { ChatPushFullError, type ChatPush } from '../../../shared/coordination/chatEventBus';
import type {
	ChatDependencies,
	ChatRequest,
	ChatResponse,
	ChatStreamSink,
} from '../actions/chatRequest';
import { allowedChatId } from '../actions/chatApiActions';
import { jsonResponse } from '../actions/chatResponses';
import { renderMessageItems } from '../page/renderChatFragments';
import { sessionRenderContext } from '../page/renderMessagesPage';
import type { ChatSession } from '../session/chatSessionStore';
import { forgetChatRefreshIfUnwatched, refreshChatIfDue } from './chatRefresh';

/** How long the browser waits before reconnecting a dropped stream (the SSE `retry:` field). */
export const STREAM_RETRY_MS = 3000;

/** Headers of the page's event stream: never cached, never compressed (n8n's compression would buffer it). */
export const EVENT_STREAM_HEADERS: Record<string, string> = {
	'Content-Type': 'text/event-stream; charset=utf-8',
	'Cache-Control': 'no-cache, no-transform',
	Connection: 'keep-alive',
	'X-Accel-Buffering': 'no',
	'X-Content-Type-Options': 'nosniff',
};

function event(name: string, data: unknown): string {
	// JSON never holds a raw line break, so one data line carries the whole event.
	return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * GET ?action=events&chat=<id>: Server-Sent Events for one chat of the session. Chosen over a held long poll
 * because n8n 2.40 ends its part of the request when webhook() returns ({ noWebhookResponse: true }) and
 * holds nothing for an open response, while a request held inside webhook() keeps an expression isolate
 * for its whole life. The stream carries:
 * - `messages` `{chatId, items, replace}`: rendered for this session (attachment tokens are its own);
 *   `replace: false` for a trigger's or a page's copy (the page keeps a status it already shows),
 *   `true` for the shared refresh (statuses);
 * - a comment every `heartbeatMs` (proxies cut idle responses), which also keeps the session in use;
 * - `end` when the session ends (idle, lifetime, another sign-in, deactivation), then the server closes;
 * - `unavailable` when every push slot is taken: the page polls instead.
 */
export async function eventStreamAction(
	request: ChatRequest,
	deps: ChatDependencies,
	session: ChatSession,
): Promise<ChatResponse> {
	const push = deps.push;
	if (!push) return jsonResponse(404, { error: 'Live updates are off; the page polls.' });
	const chatId = allowedChatId(session, request.query.chat);
	if (chatId === undefined)
		return jsonResponse(403, { error: 'This chat does not belong to this record.' });
	const wait = push.wait ?? sleep;
	const tickMs = push.tickMs ?? 1000;
	return {
		status: 200,
		headers: EVENT_STREAM_HEADERS,
		body: '',
		stream: {
			open(sink: ChatStreamSink) {
				let open = true;
				let subscription: { close(): void } | undefined;
				const close = () => {
					if (!open) return;
					open = false;
					subscription?.close();
					forgetChatRefreshIfUnwatched(push, chatId);
				};
				const finish = (name: string, data: unknown) => {
					if (!open) return;
					sink.write(event(name, data));
					close();
					sink.end();
				};
				sink.write(`retry: ${STREAM_RETRY_MS}\n: connected\n\n`);
				const onPush = (pushed: ChatPush) => {
					if (!open) return;
					const items = renderMessageItems(
						pushed.messages,
						sessionRenderContext(deps, session, pushed.messages),
					);
					sink.write(event('messages', { chatId, items, replace: pushed.source === 'reconcile' }));
				};
				try {
					subscription = push.channel.bus.subscribe(push.workspace, chatId, onPush);
				} catch (error) {
					// Every slot taken (ChatPushFullError): this page polls instead.
					finish('unavailable', {
						error:
							error instanceof ChatPushFullError ? error.message : 'Live updates are unavailable.',
					});
					return close;
				}
				void (async () => {
					let lastBeatMs = Date.now();
					while (open) {
						await wait(tickMs);
						if (!open) return;
						if (!deps.runtime.sessions.isLive(session.id)) {
							finish('end', {
								reason: 'Your session has ended. Open the chat again from the Zoho record.',
							});
							return;
						}
						const now = Date.now();
						if (now - lastBeatMs >= push.heartbeatMs) {
							lastBeatMs = now;
							deps.runtime.sessions.touch(session.id);
							sink.write(': keep-alive\n\n');
						}
						try {
							await refreshChatIfDue(push, deps.backend, chatId, now);
						} catch (error) {
							deps.log?.(
								`Refreshing chat ${chatId} for open pages failed: ${error instanceof Error ? error.message : String(error)}`,
							);
						}
					}
				})();
				return close;
			},
		},
	};
}
