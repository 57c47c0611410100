import { ChatEventBus, localPushChannel } from '../../../../nodes/shared/coordination/chatEventBus';
import { handleChatRequest } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';
import { refreshedChatCount } from '../../../../nodes/TimelinesAiLiveChat/chat/push/chatRefresh';
import { chatConfig, dependencies, request, seededBackend } from './chatFixtures';
import {
	events,
	openSession,
	openStream,
	OTHER_WORKSPACE,
	pushOf,
	sleep,
	until,
	withPush,
	WORKSPACE,
} from './eventStreamFixtures';

describe('live chat event stream (?action=events)', () => {
	it('answers with an uncompressed, uncached event stream that tells the browser when to reconnect', async () => {
		const { deps } = withPush();
		const { cookie } = await openSession(deps);
		const response = await events(deps, cookie);
		expect(response.status).toBe(200);
		expect(response.headers['Content-Type']).toBe('text/event-stream; charset=utf-8');
		expect(response.headers['Cache-Control']).toBe('no-cache, no-transform');
		const stream = openStream(response);
		expect(stream.text()).toMatch(/^retry: 3000\n: connected\n\n/);
		stream.stop();
	});

	it('refuses without a session (401), for a chat outside the session (403), and when live updates are off (404)', async () => {
		const { deps } = withPush();
		const { cookie } = await openSession(deps);
		expect((await events(deps, 'tlc_session=forged')).status).toBe(401);
		// Chat 8 exists in the workspace but is not one of the record's numbers.
		expect((await events(deps, cookie, '8')).status).toBe(403);
		expect((await events(deps, cookie, 'x')).status).toBe(403);
		const off = dependencies();
		const offSession = await openSession(off);
		expect(offSession.html).toContain('"push":false');
		expect((await events(off, offSession.cookie)).status).toBe(404);
	});

	it("pushes a message of the page's chat, rendered for this session, and nothing of other chats or workspaces", async () => {
		const { deps, bus } = withPush();
		const { cookie } = await openSession(deps);
		const stream = openStream(await events(deps, cookie));
		bus.publish(pushOf(WORKSPACE, 8, 'other-chat'));
		bus.publish(pushOf(OTHER_WORKSPACE, 7, 'other-workspace'));
		bus.publish(
			pushOf(WORKSPACE, 7, 'm-new', {
				attachments: [
					{ url: 'https://files.timelines.ai/x.png', filename: 'x.png', mimetype: 'image/png' },
				],
			}),
		);
		const pushed = stream.events('messages');
		expect(pushed).toHaveLength(1);
		expect(pushed[0]).toMatchObject({ chatId: 7, replace: false });
		const [item] = pushed[0].items as Array<{ uid: string; html: string }>;
		expect(item.uid).toBe('m-new');
		expect(item.html).toContain('pushed m-new');
		// The attachment is reached through this session's opaque token, never the URL itself.
		expect(item.html).toMatch(/\?action=file&amp;t=[\w-]{43}/);
		expect(item.html).not.toContain('files.timelines.ai');
		expect(stream.text()).not.toContain('other-chat');
		expect(stream.text()).not.toContain('other-workspace');
		stream.stop();
	});

	it('sends a heartbeat comment that also keeps the session in use', async () => {
		const { deps } = withPush({ heartbeatMs: 20 });
		const { cookie } = await openSession(deps);
		const stream = openStream(await events(deps, cookie));
		await until('a heartbeat', () => stream.writes.includes(': keep-alive\n\n'));
		stream.stop();
	});

	it('ends the stream with an "end" event when the session ends, and forgets the page', async () => {
		const { deps, bus } = withPush();
		const { cookie, sessionId } = await openSession(deps);
		const stream = openStream(await events(deps, cookie));
		expect(bus.listenerCount(WORKSPACE, 7)).toBe(1);
		deps.runtime.sessions.remove(sessionId);
		await until('the stream to end', () => stream.ended);
		expect(stream.events('end')).toEqual([
			{ reason: 'Your session has ended. Open the chat again from the Zoho record.' },
		]);
		expect(stream.ended).toBe(true);
		expect(bus.listenerCount()).toBe(0);
	});

	it('forgets a page whose browser went away (no leak)', async () => {
		const { deps, bus } = withPush();
		const { cookie } = await openSession(deps);
		const streams = [
			openStream(await events(deps, cookie)),
			openStream(await events(deps, cookie)),
		];
		expect(bus.listenerCount(WORKSPACE, 7)).toBe(2);
		for (const stream of streams) stream.stop();
		expect(bus.listenerCount()).toBe(0);
		bus.publish(pushOf(WORKSPACE, 7, 'late'));
		expect(streams[0].text()).not.toContain('late');
		expect(refreshedChatCount()).toBe(0);
	});

	it('says "unavailable" when every push slot is taken, so the page polls instead', async () => {
		const { deps } = withPush();
		deps.push = { ...deps.push!, channel: localPushChannel(new ChatEventBus({ maxListeners: 0 })) };
		const { cookie } = await openSession(deps);
		const stream = openStream(await events(deps, cookie));
		expect(stream.events('unavailable')).toHaveLength(1);
		expect(stream.ended).toBe(true);
	});
});

describe('shared refresh of open chats', () => {
	it('fetches an open chat once per interval for all its viewers, and pushes only what changed (a status)', async () => {
		const backend = seededBackend();
		backend.addMessage(7, { text: 'our reply', fromMe: true, status: 'Sent' });
		const { deps } = withPush({ refreshWithoutTriggerMs: 100 }, backend);
		const viewers = await Promise.all([1, 2, 3].map(() => openSession(deps)));
		let fetches = 0;
		const listMessages = backend.listMessages.bind(backend);
		backend.listMessages = async (chatId, options) => {
			fetches++;
			return await listMessages(chatId, options);
		};
		const streams = await Promise.all(
			viewers.map(async ({ cookie }) => openStream(await events(deps, cookie))),
		);
		const started = Date.now();
		const refreshed = (count: number) => () =>
			streams.every((stream) => stream.events('messages').length >= count);
		await until('the first shared refresh', refreshed(1));
		// The contact reads our reply: no webhook says so, the next shared fetch does.
		const reply = backend.chats[0].messages.find((message) => message.text === 'our reply')!;
		reply.status = 'Read';
		await until('the refresh with the read tick', refreshed(2));
		await sleep(150);
		for (const stream of streams) stream.stop();
		// At most one fetch per 100 ms interval for the chat, not one per viewer (3 viewers: 3 times as many).
		expect(fetches).toBeGreaterThanOrEqual(2);
		expect(fetches).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 100) + 1);
		for (const stream of streams) {
			const refreshes = stream.events('messages');
			// The first fetch brings the chat as it is; later ones only the message whose status changed.
			expect(refreshes).toHaveLength(2);
			expect(refreshes.every((refresh) => refresh.replace === true)).toBe(true);
			expect((refreshes[0].items as unknown[]).length).toBeGreaterThan(1);
			const [changed] = refreshes[1].items as Array<{ uid: string; html: string }>;
			expect(refreshes[1].items).toHaveLength(1);
			expect(changed.uid).toBe(reply.uid);
			expect(changed.html).toContain('status-read');
		}
	});

	it('does not fetch at all while a trigger delivers and the refresh with trigger is off', async () => {
		const backend = seededBackend();
		const { deps, bus } = withPush(
			{ refreshWithoutTriggerMs: 20, refreshWithTriggerMs: 0 },
			backend,
		);
		bus.markTriggerActive(WORKSPACE);
		const { cookie } = await openSession(deps);
		let fetches = 0;
		backend.listMessages = async () => {
			fetches++;
			return { messages: [], olderCursor: undefined };
		};
		const stream = openStream(await events(deps, cookie));
		await sleep(150);
		stream.stop();
		expect(fetches).toBe(0);
	});

	it('logs a failed refresh (n8n log) and keeps the stream open', async () => {
		const backend = seededBackend();
		const logged: string[] = [];
		const { deps } = withPush({ refreshWithoutTriggerMs: 20 }, backend);
		deps.log = (line) => logged.push(line);
		const { cookie } = await openSession(deps);
		backend.listMessages = async () => {
			throw new Error('TimelinesAI answered 500');
		};
		const stream = openStream(await events(deps, cookie));
		await until('a failed refresh in the log', () => logged.length > 0);
		expect(stream.ended).toBe(false);
		stream.stop();
		expect(logged[0]).toBe('Refreshing chat 7 for open pages failed: TimelinesAI answered 500');
	});
});

describe('a reply sent from one page', () => {
	it('reaches the other open pages of the chat at once', async () => {
		const { deps } = withPush();
		const sender = await openSession(deps);
		const viewer = await openSession(deps);
		const stream = openStream(await events(deps, viewer.cookie));
		const sent = await handleChatRequest(
			request({
				method: 'POST',
				query: { action: 'send' },
				headers: { cookie: sender.cookie, 'x-csrf-token': sender.csrf },
				body: { chatId: 7, text: 'On our way' },
			}),
			deps,
		);
		expect(sent.status).toBe(200);
		const pushed = stream.events('messages');
		expect(pushed).toHaveLength(1);
		expect(JSON.stringify(pushed[0].items)).toContain('On our way');
		stream.stop();
	});
});

// Guard against a config helper drifting: the fixtures' config has the polling interval the fallback uses.
test('the fallback polling interval is in the page config', async () => {
	const { deps } = withPush();
	deps.config = chatConfig({ pollIntervalMs: 1500 });
	const { html } = await openSession(deps);
	expect(html).toContain('"pollIntervalMs":1500');
	expect(html).toContain('"push":true');
});
