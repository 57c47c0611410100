import type { MessageTemplateView } from '../chatBackend';
import { CHAT_PAGE_SCRIPT } from './chatPageScript';
import { CHAT_PAGE_STYLES } from './chatPageStyles';
import { PICKER_EMOJIS } from './emojiList';
import { escapeHtml, jsonForScriptBlock } from './escapeHtml';
import type { RenderedMessage } from './renderChatFragments';

/** Read by the page script from a JSON block (never from inline handlers, which the CSP forbids). */
export interface ChatPageClientConfig {
	csrfToken: string;
	selectedChatId: number | null;
	/** The uid to send as `before` for older messages; null when the oldest is shown. */
	olderCursor: string | null;
	/** Longest reply the page lets through (TimelinesAI's limit). */
	maxTextLength: number;
	pollIntervalMs: number;
	/** Whether the page opens the event stream (?action=events); it polls when false or when the stream fails. */
	push: boolean;
	maxUploadBytes: number;
	allowedUploadTypes: string[];
	templates: MessageTemplateView[];
	messageKeys: Record<string, string>;
}

export interface ChatPageModel {
	nonce: string;
	recordName: string;
	recordPhones: string[];
	chatListHtml: string;
	newChatFormHtml: string;
	messages: RenderedMessage[];
	client: ChatPageClientConfig;
}

function renderTemplatePicker(templates: MessageTemplateView[]): string {
	if (templates.length === 0) return '';
	const options = templates
		.map(
			(template) =>
				`<option value="${escapeHtml(template.id)}">${escapeHtml(template.name)}</option>`,
		)
		.join('');
	return (
		'<label for="template-picker" class="sr-only">Insert a template or quick reply</label>' +
		`<select id="template-picker"><option value="">Templates…</option>${options}</select>`
	);
}

function renderEmojiPicker(): string {
	const buttons = PICKER_EMOJIS.map(
		(emoji) =>
			`<button type="button" class="emoji" data-emoji="${escapeHtml(emoji)}" aria-label="Insert ${escapeHtml(emoji)}">${escapeHtml(emoji)}</button>`,
	).join('');
	return `<details id="emoji-picker"><summary aria-label="Insert emoji">😊</summary><div class="emoji-grid" role="group" aria-label="Emoji">${buttons}</div></details>`;
}

function document(nonce: string, title: string, body: string): string {
	return (
		'<!doctype html><html lang="en"><head><meta charset="utf-8">' +
		'<meta name="viewport" content="width=device-width, initial-scale=1">' +
		`<title>${escapeHtml(title)}</title><style nonce="${escapeHtml(nonce)}">${CHAT_PAGE_STYLES}</style></head>` +
		`<body>${body}</body></html>`
	);
}

export function renderChatPage(model: ChatPageModel): string {
	const hasChat = model.client.selectedChatId !== null;
	const accept = model.client.allowedUploadTypes.join(',');
	const body =
		'<header class="top"><h1><span aria-hidden="true">💬</span> WhatsApp · ' +
		`<span class="record-name">${escapeHtml(model.recordName)}</span></h1>` +
		`<p class="record-phones">${model.recordPhones.map(escapeHtml).join(' · ')}</p></header>` +
		'<div class="layout">' +
		`<nav class="chats" aria-label="Chats">${model.chatListHtml}` +
		'<button type="button" id="new-chat-toggle" class="secondary">+ New chat</button></nav>' +
		'<main id="main">' +
		`<section id="new-chat-panel"${hasChat ? ' hidden' : ''}>${model.newChatFormHtml}</section>` +
		`<section id="conversation" aria-label="Conversation"${hasChat ? '' : ' hidden'}>` +
		`<button type="button" id="older" class="secondary"${model.client.olderCursor === null ? ' hidden' : ''}>Load older messages</button>` +
		`<ol id="messages" aria-label="Messages" aria-live="polite">${model.messages.map((message) => message.html).join('')}</ol>` +
		'<form id="reply-form" class="reply">' +
		`<div class="tools">${renderEmojiPicker()}${renderTemplatePicker(model.client.templates)}` +
		`<label class="attach-label" for="attach">📎 Attach</label><input type="file" id="attach" accept="${escapeHtml(accept)}">` +
		'<span id="attach-name" class="attach-name"></span></div>' +
		'<div class="compose"><label for="reply-text" class="sr-only">Message</label>' +
		'<textarea id="reply-text" rows="2" placeholder="Type a message"></textarea>' +
		'<button type="submit" id="send">Send</button></div></form></section>' +
		'</main></div><p id="status-line" class="status-line" role="status" aria-live="polite"></p>' +
		`<script type="application/json" id="chat-config">${jsonForScriptBlock(model.client)}</script>` +
		`<script nonce="${escapeHtml(model.nonce)}">${CHAT_PAGE_SCRIPT}</script>`;
	return document(model.nonce, `WhatsApp chat – ${model.recordName}`, body);
}

/** The page for refused requests: a fixed message and no record or chat data at all. */
export function renderErrorPage(nonce: string, title: string, detail: string): string {
	return document(
		nonce,
		title,
		`<main class="error-page"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>` +
			'<p>Open the chat again from the button on the Zoho CRM record.</p></main>',
	);
}
