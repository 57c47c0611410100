import type {
	ChatDependencies,
	ChatResponse,
} from '../../../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { handleChatRequest } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';
import { chatConfig, dependencies, request, seededBackend, signedQuery } from './chatFixtures';

function bodyText(response: ChatResponse): string {
	return typeof response.body === 'string'
		? response.body
		: Buffer.from(response.body).toString('utf8');
}

function json(response: ChatResponse): Record<string, unknown> {
	return JSON.parse(bodyText(response)) as Record<string, unknown>;
}

/** Opens the page and returns what the browser would keep: the cookie and the CSRF token. */
async function openSession(deps: ChatDependencies) {
	const page = await handleChatRequest(request({ query: signedQuery() }), deps);
	expect(page.status).toBe(200);
	const cookie = page.headers['Set-Cookie'].split(';')[0];
	const csrf = /"csrfToken":"([^"]+)"/.exec(bodyText(page))?.[1] ?? '';
	return { page, cookie, csrf };
}

describe('opening a signed link', () => {
	it('renders the record, its chats and the newest messages with a session cookie and a strict CSP', async () => {
		const { page } = await openSession(dependencies());
		const html = bodyText(page);
		expect(html).toContain('Ana Silva');
		expect(html).toContain('+447911123456 · +4915123456789');
		expect(html).toContain('message 25');
		expect(html).not.toContain('message 5<');
		expect(html).not.toContain('Someone else');
		expect(page.headers['Set-Cookie']).toMatch(
			/^tlc_session=[\w-]{43}; Path=\/webhook\/chat; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
		);
		expect(page.headers['Content-Security-Policy']).toMatch(/script-src 'nonce-[^']+'/);
		expect(page.headers['Referrer-Policy']).toBe('no-referrer');
	});

	it.each([
		['a tampered record id', { ...signedQuery(), r: '1002' }],
		['a tampered e-mail', { ...signedQuery(), e: 'boss@example.com' }],
		['a signature made with another secret', signedQuery({}, 'other-secret')],
		['an expired link', signedQuery({ expiresAt: Date.parse('2026-03-01T11:59:59Z') / 1000 })],
		[
			'a link valid for longer than allowed',
			signedQuery({ expiresAt: Date.parse('2026-03-02T12:00:00Z') / 1000 }),
		],
		['an unsigned link', { m: 'Leads', r: '1001', e: 'agent@example.com', x: '1772366400' }],
		['no link at all', {}],
		['a module the node does not allow', signedQuery({ module: 'Deals' })],
	])('answers %s with a 403 page that shows no record data', async (_case, query) => {
		const response = await handleChatRequest(request({ query }), dependencies());
		expect(response.status).toBe(403);
		expect(response.headers['Set-Cookie']).toBeUndefined();
		expect(bodyText(response)).not.toMatch(/Ana|message 1|\+44/);
	});

	it('refuses every link while the secret is empty', async () => {
		const deps = dependencies(seededBackend(), chatConfig({ linkSecret: '' }));
		const response = await handleChatRequest(request({ query: signedQuery({}, 'x') }), deps);
		expect(response.status).toBe(403);
	});

	it('offers a new chat with the record numbers when none matches', async () => {
		const backend = seededBackend();
		backend.chats.splice(0, backend.chats.length);
		const html = bodyText(
			await handleChatRequest(request({ query: signedQuery() }), dependencies(backend)),
		);
		expect(html).toContain('Start a new WhatsApp chat');
		expect(html).toContain('<option value="+4915123456789">');
		expect(html).toContain('Support line (+15550002222)');
		expect(html).toMatch(/<section id="conversation" aria-label="Conversation" hidden>/);
	});
});

describe('session API', () => {
	it('pages back through older messages with the cursor of the previous answer', async () => {
		const deps = dependencies();
		const { cookie } = await openSession(deps);
		const newest = json(
			await handleChatRequest(
				request({ query: { action: 'messages', chat: '7' }, headers: { cookie } }),
				deps,
			),
		);
		expect(typeof newest.olderCursor).toBe('string');
		const before = newest.olderCursor as string;
		const older = json(
			await handleChatRequest(
				request({ query: { action: 'messages', chat: '7', before }, headers: { cookie } }),
				deps,
			),
		);
		const items = older.items as { html: string }[];
		expect(items).toHaveLength(5);
		expect(items[0].html).toContain('message 1<');
		expect(older.olderCursor).toBeNull();
	});

	it('refuses a cursor that is not a message uid', async () => {
		const deps = dependencies();
		const { cookie } = await openSession(deps);
		const response = await handleChatRequest(
			request({ query: { action: 'messages', chat: '7', before: '../x y' }, headers: { cookie } }),
			deps,
		);
		expect(response.status).toBe(400);
	});

	it('refuses API calls without a session cookie', async () => {
		const response = await handleChatRequest(
			request({ query: { action: 'messages', chat: '7' } }),
			dependencies(),
		);
		expect(response.status).toBe(401);
	});

	it('refuses a chat that does not match the record, even with a valid session', async () => {
		const deps = dependencies();
		const { cookie } = await openSession(deps);
		const response = await handleChatRequest(
			request({ query: { action: 'messages', chat: '8' }, headers: { cookie } }),
			deps,
		);
		expect(response.status).toBe(403);
	});

	it('refuses a POST without the CSRF token and sends nothing', async () => {
		const deps = dependencies();
		const backend = deps.backend as ReturnType<typeof seededBackend>;
		const { cookie } = await openSession(deps);
		const post = (headers: Record<string, string>) =>
			handleChatRequest(
				request({
					method: 'POST',
					query: { action: 'send' },
					headers: { cookie, ...headers },
					body: { chatId: 7, text: 'hi' },
				}),
				deps,
			);
		expect((await post({})).status).toBe(403);
		expect((await post({ 'x-csrf-token': 'wrong' })).status).toBe(403);
		expect(backend.sent).toHaveLength(0);
	});

	it('sends a reply with the CSRF token and returns it rendered as sent', async () => {
		const deps = dependencies();
		const backend = deps.backend as ReturnType<typeof seededBackend>;
		const { cookie, csrf } = await openSession(deps);
		const response = await handleChatRequest(
			request({
				method: 'POST',
				query: { action: 'send' },
				headers: { cookie, 'x-csrf-token': csrf },
				body: { chatId: 7, text: 'Olá 👋 <b>' },
			}),
			deps,
		);
		expect(response.status).toBe(200);
		expect((json(response).item as { html: string }).html).toContain('Olá 👋 &lt;b&gt;');
		expect(backend.sent).toEqual([{ chatId: 7, text: 'Olá 👋 <b>', fileUid: undefined }]);
	});

	it('limits uploads by type and size', async () => {
		const deps = dependencies();
		const { cookie, csrf } = await openSession(deps);
		const upload = (body: object) =>
			handleChatRequest(
				request({
					method: 'POST',
					query: { action: 'upload' },
					headers: { cookie, 'x-csrf-token': csrf },
					body,
				}),
				deps,
			);
		const small = Buffer.from('%PDF-1.4').toString('base64');
		expect(
			(await upload({ filename: 'a.exe', mimetype: 'application/x-msdownload', dataBase64: small }))
				.status,
		).toBe(415);
		expect(
			(
				await upload({
					filename: 'big.pdf',
					mimetype: 'application/pdf',
					dataBase64: Buffer.alloc(2048).toString('base64'),
				})
			).status,
		).toBe(413);
		const ok = await upload({ filename: 'a.pdf', mimetype: 'application/pdf', dataBase64: small });
		expect(ok.status).toBe(200);
		expect(json(ok).fileUid).toEqual(expect.any(String));
	});

	it('starts a new chat only with one of the record numbers', async () => {
		const deps = dependencies();
		const { cookie, csrf } = await openSession(deps);
		const start = (phone: string) =>
			handleChatRequest(
				request({
					method: 'POST',
					query: { action: 'new-chat' },
					headers: { cookie, 'x-csrf-token': csrf },
					body: { phone, text: 'Hi', whatsappAccountPhone: '+15550002222' },
				}),
				deps,
			);
		expect((await start('+447700900999')).status).toBe(403);
		const started = json(await start('+4915123456789'));
		expect(started.chatId).toEqual(expect.any(Number));
		const messages = await handleChatRequest(
			request({ query: { action: 'messages', chat: String(started.chatId) }, headers: { cookie } }),
			deps,
		);
		expect(messages.status).toBe(200);
	});

	it('rate-limits a session', async () => {
		const deps = dependencies(seededBackend(), chatConfig(), 3);
		const { cookie } = await openSession(deps);
		const statuses: number[] = [];
		for (let index = 0; index < 4; index++) {
			statuses.push(
				(
					await handleChatRequest(
						request({ query: { action: 'messages', chat: '7' }, headers: { cookie } }),
						deps,
					)
				).status,
			);
		}
		expect(statuses).toEqual([200, 200, 200, 429]);
	});

	it('serves only attachments registered for the session, never arbitrary URLs', async () => {
		const deps = dependencies();
		const { cookie } = await openSession(deps);
		const response = await handleChatRequest(
			request({ query: { action: 'file', t: 'http://169.254.169.254/' }, headers: { cookie } }),
			deps,
		);
		expect(response.status).toBe(404);
	});
});
