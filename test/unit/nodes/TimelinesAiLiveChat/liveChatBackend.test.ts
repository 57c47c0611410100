import { TimelinesAiLiveChat } from '../../../../nodes/TimelinesAiLiveChat/TimelinesAiLiveChat.node';
import { liveChatBackend } from '../../../../nodes/TimelinesAiLiveChat/liveChatBackend';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { nodeUnderTest, NODE_UNDER_TEST } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';
import { BASE_URL, TOKEN } from '../TimelinesAi/runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from '../TimelinesAi/timelinesApi';

setUpNock();

/** The backend over n8n-core's WebhookContext of a live chat node (what a page request gets). */
function backend() {
	const n8n = new TestN8n();
	n8n.credentials.set('timelines-test', { apiToken: TOKEN, baseUrl: BASE_URL });
	const node = nodeUnderTest({
		type: packType(new TimelinesAiLiveChat()),
		parameters: {},
		credentials: { timelinesAiApi: { id: 'timelines-test', data: {} } },
	});
	node.webhookId = 'live-chat-test';
	const request = { method: 'GET', query: {}, body: {}, headers: {} };
	const response = {
		status: () => response,
		json: () => response,
	};
	return liveChatBackend(
		n8n.webhookContext(n8n.workflow({ nodes: [node] }), NODE_UNDER_TEST, request, response),
	);
}

const entry = (uid: string, messageType: string, minute: number) => ({
	uid,
	chat_id: 7,
	timestamp: `2026-01-01 10:${String(minute).padStart(2, '0')}:00 +0000`,
	from_me: false,
	text: `${messageType} ${uid}`,
	message_type: messageType,
});

describe("the live chat's TimelinesAI history", () => {
	it('shows WhatsApp messages only, and asks for older ones with the oldest uid of the answer, notes included', async () => {
		const scope = timelinesApi()
			.get(api('/chats/7/messages'))
			.reply(
				200,
				ok({
					has_more_pages: true,
					messages: [entry('m3', 'whatsapp', 3), entry('s1', 'summary', 2), entry('n1', 'note', 1)],
				}),
			)
			.get(api('/chats/7/messages'))
			.query({ before_message: 'n1' })
			.reply(
				200,
				ok({
					has_more_pages: false,
					messages: [{ ...entry('m1', 'whatsapp', 0), message_type: undefined }],
				}),
			);
		const newest = await backend().listMessages(7);
		expect(newest.messages.map((m) => m.uid)).toEqual(['m3']);
		expect(newest.olderCursor).toBe('n1');
		const older = await backend().listMessages(7, { before: 'n1' });
		expect(older.messages.map((m) => m.uid)).toEqual(['m1']);
		expect(older.olderCursor).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	it('offers nothing older when the server answers the same page again for the cursor', async () => {
		const page = ok({
			has_more_pages: true,
			messages: [entry('m2', 'whatsapp', 2), entry('m1', 'whatsapp', 1)],
		});
		timelinesApi().get(api('/chats/7/messages')).query({ before_message: 'm1' }).reply(200, page);
		const older = await backend().listMessages(7, { before: 'm1' });
		expect(older.olderCursor).toBeUndefined();
	});
});
