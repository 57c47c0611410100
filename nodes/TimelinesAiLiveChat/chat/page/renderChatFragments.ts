import type {
	ChatAttachmentView,
	ChatMessageView,
	ChatSummaryView,
	WhatsappAccountView,
} from '../chatBackend';
import { escapeHtml } from './escapeHtml';

export interface MessageRenderContext {
	/** Same-origin URL the page may load this attachment from (the node proxies temporary URLs). */
	attachmentHref(attachment: ChatAttachmentView): string;
	/** Text of the quoted message when it is known (same page), for reply quotes. */
	quotedMessage(uid: string): ChatMessageView | undefined;
}

/** What the page receives per message: the polling client replaces an item when its key changes. */
export interface RenderedMessage {
	uid: string;
	key: string;
	html: string;
}

const INLINE_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const STATUS_LABELS: Record<string, string> = {
	pending: '🕓 Sending…',
	sent: '✓ Sent',
	delivered: '✓✓ Delivered',
	read: '✓✓ Read',
	failed: '⚠ Not sent',
};

export function isInlineImage(attachment: ChatAttachmentView): boolean {
	if (attachment.mimetype) return INLINE_IMAGE_TYPES.has(attachment.mimetype.toLowerCase());
	return /\.(jpe?g|png|gif|webp)$/i.test(attachment.filename);
}

/** 'YYYY-MM-DD HH:MM UTC'; the page script rewrites it into the viewer's local time. */
export function formatTimestamp(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function messageRenderKey(message: ChatMessageView): string {
	return `${(message.status ?? '').toLowerCase()}|${message.attachments.length}|${message.text.length}`;
}

function renderStatus(status: string | undefined): string {
	if (!status) return '';
	const normalized = status.toLowerCase();
	const label = STATUS_LABELS[normalized] ?? status;
	return `<span class="status status-${escapeHtml(normalized.replace(/[^a-z]/g, ''))}" aria-label="Status: ${escapeHtml(status)}">${escapeHtml(label)}</span>`;
}

function renderAttachment(attachment: ChatAttachmentView, context: MessageRenderContext): string {
	const href = escapeHtml(context.attachmentHref(attachment));
	const name = escapeHtml(attachment.filename || 'attachment');
	if (isInlineImage(attachment)) {
		return `<a class="att-image" href="${href}" target="_blank" rel="noopener"><img src="${href}" alt="${name}" loading="lazy"></a>`;
	}
	return `<a class="att-file" href="${href}" download="${name}">📎 ${name}</a>`;
}

function renderQuote(message: ChatMessageView, context: MessageRenderContext): string {
	if (!message.replyToUid) return '';
	const quoted = context.quotedMessage(message.replyToUid);
	if (!quoted) return '<blockquote class="quote">↩ Reply to an earlier message</blockquote>';
	const excerpt = quoted.text.length > 140 ? `${quoted.text.slice(0, 140)}…` : quoted.text;
	return `<blockquote class="quote"><span class="quote-sender">${escapeHtml(quoted.senderName)}</span> ${escapeHtml(excerpt || '📎')}</blockquote>`;
}

export function renderMessageItem(
	message: ChatMessageView,
	context: MessageRenderContext,
): RenderedMessage {
	const direction = message.fromMe ? 'out' : 'in';
	const sender = message.senderPhone
		? `${escapeHtml(message.senderName)} <span class="phone">${escapeHtml(message.senderPhone)}</span>`
		: escapeHtml(message.senderName);
	const attachments = message.attachments
		.map((attachment) => renderAttachment(attachment, context))
		.join('');
	const text = message.text ? `<p class="text">${escapeHtml(message.text)}</p>` : '';
	const html =
		`<li class="msg msg-${direction}" data-uid="${escapeHtml(message.uid)}">` +
		`<div class="bubble"><p class="sender">${message.fromMe ? '↗ ' : ''}${sender}</p>` +
		renderQuote(message, context) +
		attachments +
		text +
		`<p class="meta"><time datetime="${escapeHtml(message.timestamp)}">${escapeHtml(formatTimestamp(message.timestamp))}</time> ` +
		`${renderStatus(message.status)}</p></div></li>`;
	return { uid: message.uid, key: messageRenderKey(message), html };
}

/** Messages oldest first (ties by uid, so the order is stable between polls). */
export function sortMessagesChronologically(messages: ChatMessageView[]): ChatMessageView[] {
	return [...messages].sort((a, b) => {
		const byTime = Date.parse(a.timestamp) - Date.parse(b.timestamp);
		return byTime !== 0 ? byTime : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
	});
}

export function renderMessageItems(
	messages: ChatMessageView[],
	context: MessageRenderContext,
): RenderedMessage[] {
	return sortMessagesChronologically(messages).map((message) =>
		renderMessageItem(message, context),
	);
}

export function renderChatList(
	chats: ChatSummaryView[],
	selectedChatId: number | undefined,
): string {
	if (chats.length === 0) return '';
	const items = chats
		.map((chat) => {
			const current = chat.id === selectedChatId ? ' aria-current="true"' : '';
			return (
				`<li><button type="button" class="chat-item" data-chat-id="${chat.id}"${current}>` +
				`<span class="chat-name">${escapeHtml(chat.name || chat.phone)}</span>` +
				`<span class="chat-phone">${escapeHtml(chat.phone)}</span></button></li>`
			);
		})
		.join('');
	return `<ul class="chat-list" aria-label="WhatsApp chats">${items}</ul>`;
}

export function renderNewChatForm(recordPhones: string[], accounts: WhatsappAccountView[]): string {
	if (recordPhones.length === 0) {
		return '<p class="notice" role="status">This record has no valid phone number, so no WhatsApp chat can be started.</p>';
	}
	const phoneOptions = recordPhones
		.map((phone) => `<option value="${escapeHtml(phone)}">${escapeHtml(phone)}</option>`)
		.join('');
	const accountField =
		accounts.length > 1
			? '<label for="new-chat-account">From WhatsApp account</label><select id="new-chat-account" name="account">' +
				accounts
					.map(
						(account) =>
							`<option value="${escapeHtml(account.phone)}">${escapeHtml(account.name ? `${account.name} (${account.phone})` : account.phone)}</option>`,
					)
					.join('') +
				'</select>'
			: accounts.length === 1
				? `<input type="hidden" id="new-chat-account" name="account" value="${escapeHtml(accounts[0].phone)}">`
				: '';
	return (
		'<form id="new-chat-form" class="new-chat" aria-labelledby="new-chat-title">' +
		'<h2 id="new-chat-title">Start a new WhatsApp chat</h2>' +
		`<label for="new-chat-phone">To number</label><select id="new-chat-phone" name="phone">${phoneOptions}</select>` +
		accountField +
		'<label for="new-chat-text">First message</label><textarea id="new-chat-text" name="text" rows="3" required></textarea>' +
		'<button type="submit">Start chat</button></form>'
	);
}
