import type { StoredChat } from './timelinesTypes';
import { messageView } from './timelinesViews';
import type { ViewContext } from './timelinesViews';

const escape = (value: unknown): string =>
	String(value ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
	);

/** The page behind `chat_url` (in the real app: the chat in TimelinesAI's web UI). Read-only, escaped. */
export function chatPage(ctx: ViewContext, chat: StoredChat): string {
	const lines = ctx.state
		.messagesOf(chat.id)
		.map((m) => messageView(ctx, m))
		.map(
			(m) =>
				`<li class="${m.from_me ? 'out' : 'in'}"><small>${escape(m.timestamp)} · ${escape(m.sender_name)} · ${escape(m.status)}</small><br>${escape(m.text)}${m.attachment_url ? ` <a href="${escape(m.attachment_url)}">📎 ${escape(m.attachment_filename)}</a>` : ''}</li>`,
		)
		.join('');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(chat.name)} — TimelinesAI sandbox</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem}ul{list-style:none;padding:0}li{margin:.4rem 0}.out{text-align:right;color:#075e54}small{color:#555}</style>
</head><body><h1>${escape(chat.name)}</h1><p>${escape(chat.phone)}${chat.is_group ? ' · group' : ''} · chat ${escape(chat.id)}</p><ul>${lines}</ul></body></html>`;
}
