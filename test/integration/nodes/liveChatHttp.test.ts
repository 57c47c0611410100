import type { ChatDependencies } from '../../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { createChatRuntime } from '../../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';
import { startChatServer, type RunningChatServer } from '../../browser/chatTestServer';
import { InMemoryChatBackend } from '../../browser/inMemoryChatBackend';
import { chatConfig, signedQuery } from '../../unit/nodes/TimelinesAiLiveChat/chatFixtures';

// The chat handler over real HTTP (the same request mapping the node uses), for what a browser test
// cannot see: response headers of the file proxy and of the page.
describe('live chat over HTTP', () => {
	let server: RunningChatServer;
	let backend: InMemoryChatBackend;

	beforeAll(async () => {
		backend = new InMemoryChatBackend();
		backend.addRecord('Leads', '1001', { displayName: 'Ana', phoneValues: ['+447911123456'] });
		const chat = backend.addChat({ id: 7, name: 'Ana', phone: '+447911123456', isGroup: false });
		const { fileUid } = await backend.uploadFile({
			filename: 'evil.html',
			mimetype: 'text/html',
			data: Buffer.from('<script>alert(1)</script>'),
		});
		backend.addMessage(chat.id, {
			text: 'see file',
			attachments: [{ url: `memory://${fileUid}`, filename: 'evil.html', mimetype: 'text/html' }],
		});
		const deps: ChatDependencies = {
			config: chatConfig(),
			backend,
			runtime: createChatRuntime({ sessionIdleSeconds: 600, requestsPerMinute: 100 }),
		};
		server = await startChatServer(deps);
	});

	afterAll(() => server.close());

	// Each opening a new link (as each click of the Zoho button): a link opens in one browser only; the
	// counter keeps expiries strictly increasing, so no two openings sign the same link.
	let opened = 0;
	async function open() {
		const expiresAt = Math.floor(Date.now() / 1000) + 300 + opened++;
		const response = await fetch(
			`${server.url}?${new URLSearchParams(signedQuery({ expiresAt })).toString()}`,
		);
		return {
			response,
			html: await response.text(),
			cookie: (response.headers.get('set-cookie') ?? '').split(';')[0],
		};
	}

	it('serves the page with a nonce CSP, Zoho frame ancestors and no X-Frame-Options', async () => {
		const { response } = await open();
		expect(response.status).toBe(200);
		expect(response.headers.get('content-security-policy')).toContain(
			"frame-ancestors 'self' https://*.zoho.com",
		);
		expect(response.headers.get('x-frame-options')).toBeNull();
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('proxies a non-image attachment as a sandboxed download, never as an HTML page', async () => {
		const { html, cookie } = await open();
		const href = /href="(\?action=file&amp;t=[^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&');
		expect(href).toBeDefined();
		const file = await fetch(`${server.url}${href}`, { headers: { cookie } });
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('application/octet-stream');
		expect(file.headers.get('content-disposition')).toBe('attachment; filename="evil.html"');
		expect(file.headers.get('content-security-policy')).toContain('sandbox');
		expect(file.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('does not serve an attachment to another session', async () => {
		const first = await open();
		const second = await open();
		const href = /href="(\?action=file&amp;t=[^"]+)"/.exec(first.html)?.[1].replace(/&amp;/g, '&');
		const response = await fetch(`${server.url}${href}`, { headers: { cookie: second.cookie } });
		expect(response.status).toBe(404);
	});
});
