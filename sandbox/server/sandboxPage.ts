// The read-only page at the sandbox root: Zoho records with their notes and attachments, TimelinesAI
// chats and messages, credits, recent webhook deliveries. Server-rendered; every value is escaped
// (WhatsApp text and record names are hostile input even in a sandbox).
import type { StoredAttachment, StoredRecord } from '../zoho/zohoTypes';

export interface PageChat {
	id: number;
	name: string;
	phone: string;
	is_group: boolean;
}

export interface PageMessage {
	uid: string;
	timestamp: string;
	from_me: boolean;
	sender_name: string;
	text: string;
	attachment_filename?: string | null;
}

export interface PageDelivery {
	event: string;
	message_uid?: string;
	url: string;
	status?: number;
	error?: string;
	attempt: number;
	time: string;
}

export interface PageWebhook {
	id: number | string;
	event_type: string;
	url: string;
	enabled: boolean;
	errors_counter?: number;
}

/** What the page reads from the two halves (structural, so the page never reaches into their state). */
export interface SandboxPageSource {
	url: string;
	zoho: {
		records(module: string): StoredRecord[];
		notesOf(module: string, id: string): StoredRecord[];
		attachments(): StoredAttachment[];
		credits(): { used: number; remaining: number; limit: number; byCall: Record<string, number> };
	};
	timelines: {
		chats(): PageChat[];
		messagesOf(chatId: number): PageMessage[];
		deliveries(): PageDelivery[];
		webhooks(): PageWebhook[];
	};
}

const MODULES = ['Leads', 'Contacts', 'Accounts'];
const RECENT_MESSAGES = 20;
const RECENT_DELIVERIES = 50;

export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
	);
}

const text = (value: unknown): string =>
	typeof value === 'string'
		? value
		: value === null || value === undefined
			? ''
			: JSON.stringify(value);

function recordSection(source: SandboxPageSource, module: string): string {
	const records = source.zoho.records(module);
	const attachments = source.zoho.attachments();
	const rows = records.map((record) => {
		const name = text(record.Full_Name ?? record.Account_Name);
		const phones = ['Phone', 'Mobile', 'WhatsApp_Phone']
			.map((f) => text(record[f]))
			.filter(Boolean)
			.join(', ');
		const notes = source.zoho.notesOf(module, record.id).map((note) => {
			const files = attachments
				.filter((a) => a.parentId === note.id)
				.map((a) => `<li>📎 ${escapeHtml(a.File_Name)} (${a.Size} B)</li>`)
				.join('');
			return `<details><summary>${escapeHtml(note.Note_Title)} <small>modified ${escapeHtml(note.Modified_Time)}</small></summary><pre>${escapeHtml(note.Note_Content)}</pre>${files ? `<ul>${files}</ul>` : ''}</details>`;
		});
		const owner = (record.Owner ?? {}) as { name?: string };
		const converted = record.Converted__s === true ? ' <mark>converted</mark>' : '';
		return `<tr><td><code>${escapeHtml(record.id)}</code></td><td>${escapeHtml(name)}${converted}</td><td>${escapeHtml(phones)}</td><td>${escapeHtml(record.Lead_Source)}</td><td>${escapeHtml(owner.name)}</td><td>${notes.join('') || '—'}</td></tr>`;
	});
	return `<h3>${escapeHtml(module)} (${records.length})</h3><table><thead><tr><th>id</th><th>name</th><th>phones</th><th>lead source</th><th>owner</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function chatSection(source: SandboxPageSource): string {
	return source.timelines
		.chats()
		.map((chat) => {
			const messages = source.timelines.messagesOf(chat.id).slice(-RECENT_MESSAGES);
			const lines = messages
				.map(
					(m) =>
						`<li class="${m.from_me ? 'out' : 'in'}"><small>${escapeHtml(m.timestamp)} · ${escapeHtml(m.sender_name)}</small> ${escapeHtml(m.text)}${m.attachment_filename ? ` 📎 ${escapeHtml(m.attachment_filename)}` : ''}</li>`,
				)
				.join('');
			return `<details><summary>#${escapeHtml(chat.id)} ${escapeHtml(chat.name)} <small>${escapeHtml(chat.phone)}${chat.is_group ? ' · group' : ''}</small></summary><ul class="chat">${lines}</ul></details>`;
		})
		.join('');
}

export function renderSandboxPage(source: SandboxPageSource): string {
	const credits = source.zoho.credits();
	const byCall = Object.entries(credits.byCall)
		.sort((a, b) => b[1] - a[1])
		.map(([call, n]) => `<li><code>${escapeHtml(call)}</code>: ${n}</li>`)
		.join('');
	const webhooks = source.timelines
		.webhooks()
		.map(
			(w) =>
				`<li><code>${escapeHtml(w.event_type)}</code> → ${escapeHtml(w.url.replace(/\?.*$/, '?…'))} ${w.enabled ? '' : '(disabled)'} errors: ${escapeHtml(w.errors_counter ?? 0)}</li>`,
		)
		.join('');
	const deliveries = source.timelines
		.deliveries()
		.slice(-RECENT_DELIVERIES)
		.reverse()
		.map(
			(d) =>
				`<tr><td>${escapeHtml(d.time)}</td><td>${escapeHtml(d.event)}</td><td><code>${escapeHtml(d.message_uid)}</code></td><td>${escapeHtml(d.url)}</td><td>${escapeHtml(d.attempt)}</td><td>${escapeHtml(d.status ?? d.error)}</td></tr>`,
		)
		.join('');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Sandbox — Zoho CRM + TimelinesAI</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1d1d1f}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}ul.chat{list-style:none;padding:0}.out{text-align:right;color:#075e54}small{color:#555}</style>
</head><body>
<h1>Sandbox</h1>
<p>Zoho CRM v8 at <code>${escapeHtml(source.url)}/crm/v8</code> (accounts <code>${escapeHtml(source.url)}/oauth/v2</code>) · TimelinesAI at <code>${escapeHtml(source.url)}/integrations/api</code>. Read-only view; reload to refresh.</p>
<h2>Zoho credits</h2><p>used ${credits.used} of ${credits.limit} (remaining ${credits.remaining})</p><ul>${byCall}</ul>
<h2>Zoho records</h2>${MODULES.map((m) => recordSection(source, m)).join('')}
<h2>TimelinesAI chats</h2>${chatSection(source) || '<p>none</p>'}
<h2>Webhooks</h2><ul>${webhooks || '<li>none registered</li>'}</ul>
<h2>Recent webhook deliveries</h2><table><thead><tr><th>time</th><th>event</th><th>message</th><th>url</th><th>attempt</th><th>result</th></tr></thead><tbody>${deliveries}</tbody></table>
</body></html>`;
}
