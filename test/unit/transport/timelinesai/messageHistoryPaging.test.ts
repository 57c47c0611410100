import nock from 'nock';

import {
	listMessages,
	listMessagesPage,
} from '../../../../nodes/shared/transport/timelinesai/messages';
import { MAX_CURSOR_REQUESTS } from '../../../../nodes/shared/transport/timelinesai/timelinesPages';
import { timelinesExecuteContext } from '../../nodes/TimelinesAi/runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from '../../nodes/TimelinesAi/timelinesApi';

setUpNock();

const CHAT_ID = 42;
const PAGE_SIZE = 50;

/** A MessageInfo with every field the spec requires (public_api_spec.yaml components.schemas.MessageInfo). */
function messageInfo(index: number, messageType = 'whatsapp') {
	const time = new Date(Date.UTC(2026, 0, 1) + index * 60_000)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, ' +0000');
	return {
		uid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
		chat_id: CHAT_ID,
		timestamp: time,
		received_timestamp: time,
		sender_phone: '+15550001111',
		sender_name: 'Ana',
		recipient_phone: '+15559876543',
		recipient_name: 'Sales line',
		from_me: false,
		text: `message ${index}`,
		status: 'Read',
		origin: 'synced from WhatsApp',
		has_attachment: false,
		message_type: messageType,
		reactions: { users: [], reactions: [], total: 0 },
		data: {},
		created_by: '',
	};
}

/**
 * GET /chats/{id}/messages as the spec describes it: newest first, 50 an answer, `before_message` excludes the
 * message itself, no `page`. `honourCursor: false` is a server that ignores the cursor.
 */
function historyServer(count: number, options: { honourCursor: boolean; notesEvery?: number }) {
	const all = Array.from({ length: count }, (_, index) =>
		messageInfo(
			index + 1,
			options.notesEvery && (index + 1) % options.notesEvery === 0 ? 'note' : 'whatsapp',
		),
	);
	const newestFirst = [...all].reverse();
	const requests: Array<Record<string, string>> = [];
	timelinesApi()
		.get(api(`/chats/${CHAT_ID}/messages`))
		.query(true)
		.times(MAX_CURSOR_REQUESTS + 10)
		.reply(function (uri) {
			const query = Object.fromEntries(new URL(uri, 'https://x').searchParams);
			requests.push(query);
			const start =
				options.honourCursor && query.before_message
					? newestFirst.findIndex((m) => m.uid === query.before_message) + 1
					: 0;
			const messages = newestFirst.slice(start, start + PAGE_SIZE);
			return [
				200,
				ok({
					has_more_pages: start + PAGE_SIZE < newestFirst.length,
					messages,
				}),
			];
		});
	return { all, requests };
}

describe('walking a TimelinesAI chat history back by cursor', () => {
	it('reaches the oldest message of a 300-message chat in 6 requests, each older than the last', async () => {
		const server = historyServer(300, { honourCursor: true });
		const messages = await listMessages(timelinesExecuteContext(), CHAT_ID, {});
		expect(server.requests).toHaveLength(6);
		expect(messages).toHaveLength(300);
		expect(messages.at(-1)?.uid).toBe(server.all[0].uid);
		expect(new Set(messages.map((m) => m.uid)).size).toBe(300);
		expect(server.requests[0]).toEqual({});
		// Every later request carries the oldest uid of the answer before it, and never a `page`.
		expect(server.requests[1]).toEqual({ before_message: server.all[250].uid });
		expect(server.requests.every((query) => !('page' in query))).toBe(true);
	});

	it('stops after the second request when the server ignores the cursor, with no message twice', async () => {
		const server = historyServer(300, { honourCursor: false });
		const messages = await listMessages(timelinesExecuteContext(), CHAT_ID, {});
		expect(server.requests).toHaveLength(2);
		expect(messages).toHaveLength(50);
		expect(new Set(messages.map((m) => m.uid)).size).toBe(50);
	});

	it('stops at the limit without asking for more', async () => {
		const server = historyServer(300, { honourCursor: true });
		const messages = await listMessages(timelinesExecuteContext(), CHAT_ID, {}, { limit: 60 });
		expect(messages).toHaveLength(60);
		expect(server.requests).toHaveLength(2);
	});

	it('counts only the kept messages towards the limit and walks past pages of notes', async () => {
		const server = historyServer(300, { honourCursor: true, notesEvery: 2 });
		const messages = await listMessages(
			timelinesExecuteContext(),
			CHAT_ID,
			{},
			{
				limit: 100,
				keep: (m) => m.message_type === 'whatsapp',
			},
		);
		expect(messages).toHaveLength(100);
		expect(messages.every((m) => m.message_type === 'whatsapp')).toBe(true);
		expect(server.requests).toHaveLength(4);
	});

	it('sends one page request with the cursor and the filters, and no page number', async () => {
		const scope = timelinesApi()
			.get(api(`/chats/${CHAT_ID}/messages`))
			.query({ from_me: 'true', before_message: 'abc' })
			.reply(200, ok({ has_more_pages: false, messages: [messageInfo(1)] }));
		const page = await listMessagesPage(
			timelinesExecuteContext(),
			CHAT_ID,
			{ from_me: true },
			'abc',
		);
		expect(page).toEqual({ items: [messageInfo(1)], hasMore: false });
		expect(scope.isDone()).toBe(true);
	});
});

afterEach(() => nock.cleanAll());
