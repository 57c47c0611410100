import type { ChatMessageView } from '../../../../nodes/TimelinesAiLiveChat/chat/chatBackend';
import {
	escapeHtml,
	jsonForScriptBlock,
} from '../../../../nodes/TimelinesAiLiveChat/chat/page/escapeHtml';
import {
	renderChatList,
	renderMessageItem,
	renderMessageItems,
	renderNewChatForm,
	type MessageRenderContext,
} from '../../../../nodes/TimelinesAiLiveChat/chat/page/renderChatFragments';
import {
	renderChatPage,
	renderErrorPage,
} from '../../../../nodes/TimelinesAiLiveChat/chat/page/renderChatPage';

const HOSTILE = '<img src=x onerror=alert(1)>"\'&';
const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;';

const context: MessageRenderContext = {
	attachmentHref: (attachment) => `?action=file&t=${encodeURIComponent(attachment.filename)}`,
	quotedMessage: () => undefined,
};

function message(overrides: Partial<ChatMessageView> = {}): ChatMessageView {
	return {
		uid: 'm-1',
		chatId: 7,
		timestamp: '2026-03-01T10:15:00.000Z',
		fromMe: false,
		senderName: 'Ana',
		text: 'Hello',
		attachments: [],
		...overrides,
	};
}

describe('escaping every text path of the chat page', () => {
	it('escapes the five HTML-significant characters', () => {
		expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
	});

	it('renders hostile message text, sender name, phone and status as inert text', () => {
		const { html } = renderMessageItem(
			message({ text: HOSTILE, senderName: HOSTILE, senderPhone: HOSTILE, status: HOSTILE }),
			context,
		);
		expect(html).not.toContain('<img src=x');
		expect(html.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(3);
	});

	it('escapes a hostile uid and timestamp inside attributes', () => {
		const { html } = renderMessageItem(
			message({ uid: '"><script>x</script>', timestamp: '"onload="x' }),
			context,
		);
		expect(html).not.toContain('<script>');
		expect(html).toContain('data-uid="&quot;&gt;&lt;script&gt;');
		expect(html).toContain('datetime="&quot;onload=&quot;x"');
	});

	it('escapes attachment file names in links and image alt text', () => {
		const { html } = renderMessageItem(
			message({
				attachments: [
					{ url: 'u1', filename: `${HOSTILE}.png`, mimetype: 'image/png' },
					{ url: 'u2', filename: `${HOSTILE}.pdf`, mimetype: 'application/pdf' },
				],
			}),
			context,
		);
		expect(html).not.toContain('<img src=x');
		expect(html).toContain(`alt="${ESCAPED}.png"`);
		expect(html).toContain(`📎 ${ESCAPED}.pdf`);
	});

	it('escapes the quoted message of a reply', () => {
		const quoted = message({ uid: 'q', text: HOSTILE, senderName: HOSTILE });
		const { html } = renderMessageItem(message({ replyToUid: 'q' }), {
			...context,
			quotedMessage: () => quoted,
		});
		expect(html).toContain(
			`<blockquote class="quote"><span class="quote-sender">${ESCAPED}</span> ${ESCAPED}</blockquote>`,
		);
	});

	it('escapes chat names and phones in the chat list', () => {
		const html = renderChatList([{ id: 3, name: HOSTILE, phone: HOSTILE, isGroup: false }], 3);
		expect(html).not.toContain('<img src=x');
		expect(html).toContain('aria-current="true"');
	});

	it('escapes phones and WhatsApp account names in the new-chat form', () => {
		const html = renderNewChatForm(
			[HOSTILE],
			[
				{ phone: '+1', name: HOSTILE },
				{ phone: '+2', name: 'B' },
			],
		);
		expect(html).not.toContain('<img src=x');
		expect(html).toContain(`<option value="${ESCAPED}">`);
	});

	it('escapes record name, phones and templates on the page, and keeps </script> out of the JSON block', () => {
		const page = renderChatPage({
			nonce: 'n0nce',
			recordName: HOSTILE,
			recordPhones: [HOSTILE],
			chatListHtml: '',
			newChatFormHtml: '',
			messages: [],
			client: {
				csrfToken: 't',
				selectedChatId: null,
				olderCursor: null,
				maxTextLength: 2000,
				pollIntervalMs: 2000,
				push: false,
				maxUploadBytes: 1,
				allowedUploadTypes: ['image/*'],
				templates: [{ id: '1', name: HOSTILE, text: '</script><script>alert(1)</script>' }],
				messageKeys: {},
			},
		});
		expect(page).not.toContain('<img src=x');
		expect(page).not.toContain('</script><script>alert(1)');
		expect(page.match(/<script/g)).toHaveLength(2);
		expect(page).toContain('<script nonce="n0nce">');
	});

	it('round-trips hostile strings through the JSON script block', () => {
		const value = { text: '</script><!-- \u2028 & >' };
		expect(JSON.parse(jsonForScriptBlock(value))).toEqual(value);
		expect(jsonForScriptBlock(value)).not.toMatch(/[<>&\u2028]/);
	});

	it('shows no record data on the error page, only the escaped fixed text', () => {
		const page = renderErrorPage('n', 'Access denied', HOSTILE);
		expect(page).toContain(ESCAPED);
		expect(page).not.toContain('<script');
	});
});

describe('message list rendering and paging order', () => {
	it('orders a newest-first page chronologically, ties broken by uid', () => {
		const items = renderMessageItems(
			[
				message({ uid: 'c', timestamp: '2026-03-01T10:00:02Z' }),
				message({ uid: 'b', timestamp: '2026-03-01T10:00:01Z' }),
				message({ uid: 'a', timestamp: '2026-03-01T10:00:01Z' }),
			],
			context,
		);
		expect(items.map((item) => item.uid)).toEqual(['a', 'b', 'c']);
	});

	it('changes the render key when the delivery status changes, so polling replaces the item', () => {
		const sent = renderMessageItem(message({ status: 'Sent' }), context);
		const read = renderMessageItem(message({ status: 'Read' }), context);
		expect(sent.key).not.toBe(read.key);
		expect(read.html).toContain('✓✓ Read');
	});

	it('shows images inline and other files as download links through the proxy', () => {
		const { html } = renderMessageItem(
			message({
				attachments: [
					{ url: 'https://tmp/x.jpg', filename: 'x.jpg', mimetype: 'image/jpeg' },
					{ url: 'https://tmp/y.pdf', filename: 'y.pdf', mimetype: 'application/pdf' },
				],
			}),
			context,
		);
		expect(html).toContain('<img src="?action=file&amp;t=x.jpg"');
		expect(html).toContain('download="y.pdf"');
		expect(html).not.toContain('https://tmp');
	});

	it('marks outgoing and incoming messages differently', () => {
		expect(renderMessageItem(message({ fromMe: true }), context).html).toContain('msg-out');
		expect(renderMessageItem(message({ fromMe: false }), context).html).toContain('msg-in');
	});
});
