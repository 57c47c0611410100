/**
 * TimelinesAI History Backfill in n8n-core's WorkflowExecute (test/nodeHarness), TimelinesAI answered by
 * nock: which chats it reads and in what order, the window and the filters, oldest first per chat, batches
 * handed on through Next Batch (fed back as the node's input, as the bundled workflow's loop does), the
 * credit budget stopping a run before the chat that would pass it, and the report.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { TimelinesAiBackfill } from '../../../../nodes/TimelinesAiBackfill/TimelinesAiBackfill.node';
import { BACKFILL_CREDIT_MODEL } from '../../../../nodes/shared/sync/creditEstimate';
import { packType, PackNodeTypes } from '../../../nodeHarness/packNodeTypes';
import { runNode } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';

const API = 'https://timelines.test/integrations/api';
const node = new TimelinesAiBackfill();
const n8n = new TestN8n({ nodeTypes: new PackNodeTypes({ [packType(node)]: node }) });
const credentials = {
	timelinesAiApi: { id: 'tl', data: { apiToken: 'token', baseUrl: API } },
};
const START = '2026-11-01T00:00:00.000Z';
const END = '2026-11-03T00:00:00.000Z';
const at = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' +0000');

function chat(id: number, phone: string, last: string, extra: IDataObject = {}) {
	return {
		id,
		name: `Chat ${id}`,
		phone,
		is_group: false,
		chat_url: `https://app.timelines.ai/chat/${id}/messages/`,
		whatsapp_account_id: 'acc-1',
		last_message_uid: `${id}-last`,
		last_message_timestamp: at(last),
		...extra,
	};
}

function message(uid: string, timestamp: string, extra: IDataObject = {}) {
	return {
		uid,
		timestamp: at(timestamp),
		from_me: false,
		text: `text ${uid}`,
		message_type: 'whatsapp',
		sender_phone: '+447700900001',
		sender_name: 'Contact',
		...extra,
	};
}

const accounts = {
	status: 'ok',
	data: { whatsapp_accounts: [{ id: 'acc-1', phone: '+447700900999', owner_name: 'Olivia' }] },
};
const page = (key: 'chats' | 'messages', items: unknown[], more = false) => ({
	status: 'ok',
	data: { has_more_pages: more, [key]: items },
});

async function run(parameters: INodeParameters, items?: INodeExecutionData[]) {
	const { outputs } = await runNode({
		n8n,
		type: packType(node),
		parameters: { startDate: START, endDate: END, ...parameters },
		items,
		credentials,
	});
	const [messages = [], next = [], report = []] = outputs;
	return {
		messages: messages.map((item) => item.json.message as IDataObject),
		next,
		report: report[0]?.json,
	};
}

afterEach(() => nock.cleanAll());

it('reads the chats of the window by ascending id, skips groups, and sends each chat oldest first, only its WhatsApp messages of the window', async () => {
	const api = nock(API)
		.get('/whatsapp_accounts')
		.reply(200, accounts)
		.get('/chats')
		.query({ page: 1 })
		.reply(
			200,
			page(
				'chats',
				[
					chat(30, '+447700900130', '2026-11-05T10:00:00.000Z'),
					chat(40, '', '2026-11-02T10:00:00.000Z', { is_group: true }),
				],
				true,
			),
		)
		.get('/chats')
		.query({ page: 2 })
		.reply(
			200,
			page('chats', [
				chat(10, '+447700900110', '2026-11-02T09:00:00.000Z'),
				chat(99, '+447700900199', '2026-10-30T09:00:00.000Z'), // older than the start: the listing ends
			]),
		)
		// Chat 10: newest first, two pages walked back by cursor.
		.get('/chats/10/messages')
		.query((query) => query.after === START && query.before_message === undefined)
		.reply(
			200,
			page(
				'messages',
				[
					message('10-c', '2026-11-02T09:00:00.000Z'),
					message('10-note', '2026-11-02T08:00:00.000Z', { message_type: 'note' }),
				],
				true,
			),
		)
		.get('/chats/10/messages')
		.query((query) => query.before_message === '10-note')
		.reply(
			200,
			page('messages', [
				message('10-b', '2026-11-01T12:00:00.000Z', { from_me: true }),
				message('10-a', '2026-11-01T08:00:00.000Z'),
			]),
		)
		// Chat 30: a message after the end is left out.
		.get('/chats/30/messages')
		.query(true)
		.reply(
			200,
			page('messages', [
				message('30-late', '2026-11-05T10:00:00.000Z'),
				message('30-a', '2026-11-02T07:00:00.000Z'),
			]),
		);

	const { messages, next, report } = await run({ mode: 'run' });

	expect(api.isDone()).toBe(true);
	expect(messages.map((m) => m.uid)).toEqual(['10-a', '10-b', '10-c', '30-a']);
	expect(messages[1]).toMatchObject({
		chatId: 10,
		direction: 'sent',
		contactPhone: '+447700900110',
		whatsappAccount: { phone: '+447700900999', name: 'Olivia' },
	});
	expect(next).toEqual([]);
	expect(report).toMatchObject({
		mode: 'run',
		chats: 2,
		messages: 4,
		numbers: 2,
		recordsToCreate: null,
		recordDays: 3, // chat 10 on two days, chat 30 on one (UTC, the test n8n's time zone)
		finished: true,
		resumeAfterChatId: null,
		timelinesRequests: 6,
	});
});

it("hands the rest on through Next Batch; fed back, the node reads those chats by id in the first batch's window and ends with the report", async () => {
	nock(API)
		.get('/whatsapp_accounts')
		.reply(200, accounts)
		.get('/chats')
		.query({ page: 1 })
		.reply(
			200,
			page('chats', [
				chat(20, '+447700900120', '2026-11-02T10:00:00.000Z'),
				chat(10, '+447700900110', '2026-11-02T09:00:00.000Z'),
			]),
		)
		.get('/chats/10/messages')
		.query(true)
		.reply(200, page('messages', [message('10-a', '2026-11-01T08:00:00.000Z')]));
	const first = await run({ mode: 'run', options: { chatsPerBatch: 1 } });
	expect(first.messages.map((m) => m.uid)).toEqual(['10-a']);
	expect(first.report).toBeUndefined();
	expect(first.next).toHaveLength(1);
	expect(first.next[0].json.progress).toMatchObject({ chatsDone: 1, chatsLeft: 1, messages: 1 });

	const second = nock(API)
		.get('/chats/20')
		.reply(200, { status: 'ok', data: chat(20, '+447700900120', '2026-11-02T10:00:00.000Z') })
		// The window is the first batch's, even if Start Date (an expression, say) moved since.
		.get('/chats/20/messages')
		.query((query) => query.after === START)
		.reply(200, page('messages', [message('20-a', '2026-11-02T10:00:00.000Z')]));
	const last = await run(
		{ mode: 'run', startDate: '2026-11-02T00:00:00.000Z', options: { chatsPerBatch: 1 } },
		first.next,
	);
	expect(second.isDone()).toBe(true);
	expect(last.messages.map((m) => m.uid)).toEqual(['20-a']);
	expect(last.next).toEqual([]);
	expect(last.report).toMatchObject({
		startDate: START,
		chats: 2,
		messages: 2,
		batches: 2,
		finished: true,
	});
});

it('goes on past a chat deleted in TimelinesAI since the first batch listed it', async () => {
	nock(API)
		.get('/whatsapp_accounts')
		.reply(200, accounts)
		.get('/chats')
		.query({ page: 1 })
		.reply(
			200,
			page('chats', [
				chat(20, '+447700900120', '2026-11-02T10:00:00.000Z'),
				chat(10, '+447700900110', '2026-11-02T09:00:00.000Z'),
			]),
		)
		.get('/chats/10/messages')
		.query(true)
		.reply(200, page('messages', [message('10-a', '2026-11-01T08:00:00.000Z')]));
	const first = await run({ mode: 'run', options: { chatsPerBatch: 1 } });
	nock(API)
		.get('/chats/20')
		.reply(404, { status: 'error', error_code: 'not_found', message: 'Chat not found' });
	const last = await run({ mode: 'run', options: { chatsPerBatch: 1 } }, first.next);
	expect(last.messages).toEqual([]);
	expect(last.report).toMatchObject({ chats: 1, chatsRead: 2, messages: 1, finished: true });
});

it('stops a run before the chat that would pass the credit budget and names the chat to resume after', async () => {
	const { perRun, number, perRecordDay } = BACKFILL_CREDIT_MODEL;
	const oneChat = number.new + perRecordDay; // an unknown number counts as new
	nock(API)
		.get('/whatsapp_accounts')
		.reply(200, accounts)
		.get('/chats')
		.query({ page: 1 })
		.reply(
			200,
			page('chats', [
				chat(30, '+447700900130', '2026-11-02T10:00:00.000Z'),
				chat(20, '+447700900120', '2026-11-02T10:00:00.000Z'),
				chat(10, '+447700900110', '2026-11-02T09:00:00.000Z'),
			]),
		)
		.get('/chats/10/messages')
		.query(true)
		.reply(200, page('messages', [message('10-a', '2026-11-01T08:00:00.000Z')]))
		.get('/chats/20/messages')
		.query(true)
		.reply(200, page('messages', [message('20-a', '2026-11-01T08:00:00.000Z')]))
		.get('/chats/30/messages')
		.query(true)
		.reply(200, page('messages', [message('30-a', '2026-11-01T08:00:00.000Z')]));

	const { messages, next, report } = await run({
		mode: 'run',
		creditBudget: perRun + 2 * oneChat + 1,
	});

	expect(messages.map((m) => m.uid)).toEqual(['10-a', '20-a']);
	expect(next).toEqual([]);
	expect(report).toMatchObject({
		finished: false,
		stoppedBeforeChatId: 30,
		resumeAfterChatId: 20,
		estimatedCredits: perRun + 2 * oneChat,
	});
	expect(String(report?.summary)).toContain('Resume After Chat ID 20');
});

it('resumes after a chat id, keeps only the chosen WhatsApp account, and a dry run sends nothing and counts every number as new without look-ups', async () => {
	nock(API)
		.get('/whatsapp_accounts')
		.reply(200, {
			status: 'ok',
			data: {
				whatsapp_accounts: [
					{ id: 'acc-1', phone: '+447700900999' },
					{ id: 'acc-2', phone: '+447700900888' },
				],
			},
		})
		.get('/chats')
		.query({ page: 1 })
		.reply(
			200,
			page('chats', [
				chat(30, '+447700900130', '2026-11-02T10:00:00.000Z', { whatsapp_account_id: 'acc-2' }),
				chat(20, '+447700900120', '2026-11-02T10:00:00.000Z'),
				chat(10, '+447700900110', '2026-11-02T09:00:00.000Z'),
			]),
		)
		.get('/chats/20/messages')
		.query(true)
		.reply(
			200,
			page('messages', [
				message('20-b', '2026-11-02T08:00:00.000Z'),
				message('20-a', '2026-11-01T08:00:00.000Z'),
			]),
		);

	const { messages, report } = await run({
		mode: 'dryRun',
		lookUpNumbers: false,
		options: { resumeAfterChatId: 10, whatsappAccounts: '+447700900999' },
	});

	expect(messages).toEqual([]);
	const { perRun, number, perRecordDay } = BACKFILL_CREDIT_MODEL;
	expect(report).toMatchObject({
		mode: 'dry run',
		chats: 1,
		messages: 2,
		numbers: 1,
		recordsToCreate: null,
		estimatedCredits: perRun + number.new + 2 * perRecordDay,
		finished: true,
	});
	expect(String(report?.summary)).toContain('each counted as a new record');
});

it('refuses an End Date before the Start Date, naming both', async () => {
	await expect(run({ mode: 'run', endDate: '2026-10-01T00:00:00.000Z' })).rejects.toThrow(
		'End Date is before Start Date',
	);
});
