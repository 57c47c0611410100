// Contract tests: every answer of every TimelinesAI operation the sandbox implements, and every webhook body
// it sends, validated against TimelinesAI's official specs (../shared/reference/timelinesai-oas) with ajv.
// Relaxations: the validator's "`null` by description" (timelinesOasValidator.ts), and 429, which the
// operations do not list: its body is checked against the spec's ErrorResponse (rate-limits page: HTTP 429).
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { TIMELINES_OPERATIONS } from '../../../sandbox/timelines/api/timelinesApi';
import { PRODUCED_EVENTS } from '../../../sandbox/timelines/webhookEvents';
import { timelines, timelinesControl, type TimelinesAnswer } from './timelinesHttp';
import { TimelinesOasValidator } from './timelinesOasValidator';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

const oas = new TimelinesOasValidator();
const ANA_CHAT = 1;
const BEN_CHAT = 2;
const GROUP_CHAT = 4;
const SUPPORT = '+447700900002';
let sandbox: RunningSandbox;
let fileUid: string;
let fileOnlyMessage: string;
let webhookId: number;

async function upload(
	name: string,
	bytes: string,
	type = 'application/pdf',
): Promise<TimelinesAnswer> {
	const form = new FormData();
	form.append('file', new Blob([Buffer.from(bytes)], { type }), name);
	return timelines(sandbox.url, 'POST', '/files_upload', { form });
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, timelines: { retryDelaysMs: [20], deliveryRetries: 0 } });
	fileUid = (await upload('quote.pdf', '%PDF-1.4 contract')).json.data.uid;
	fileOnlyMessage = (
		await timelines(sandbox.url, 'POST', `/chats/${ANA_CHAT}/messages`, {
			body: { file_uid: fileUid },
		})
	).json.data.message_uid;
	await timelines(sandbox.url, 'POST', `/chats/${ANA_CHAT}/notes`, {
		body: { text: 'Called her back' },
	});
	await timelines(sandbox.url, 'PATCH', `/messages/${fileOnlyMessage}/reactions`, {
		body: { reaction: '👍' },
	});
	webhookId = (
		await timelines(sandbox.url, 'POST', '/webhooks', {
			body: { event_type: 'message:new', url: 'http://127.0.0.1:9/never' },
		})
	).json.data.id;
});

afterAll(async () => {
	await sandbox.close();
});

type Call = () => Promise<TimelinesAnswer>;
type Case = [label: string, method: string, specPath: string, status: number, call: Call];
const api =
	(method: string, path: string, body?: unknown): Call =>
	() =>
		timelines(sandbox.url, method, path, { body });
const long = (n: number): string => 'x'.repeat(n);

const cases: Case[] = [
	['list chats', 'GET', '/chats', 200, api('GET', '/chats')],
	[
		'list group chats with their last message',
		'GET',
		'/chats',
		200,
		api('GET', '/chats?group=true&with_msg=true'),
	],
	['list chats with a malformed boolean', 'GET', '/chats', 400, api('GET', '/chats?read=maybe')],
	['get a direct chat', 'GET', '/chats/{chat_id}', 200, api('GET', `/chats/${ANA_CHAT}`)],
	[
		'get a group chat (phone null, members)',
		'GET',
		'/chats/{chat_id}',
		200,
		api('GET', `/chats/${GROUP_CHAT}`),
	],
	['get an unknown chat', 'GET', '/chats/{chat_id}', 404, api('GET', '/chats/999999')],
	[
		'assign a chat',
		'PATCH',
		'/chats/{chat_id}',
		200,
		api('PATCH', `/chats/${BEN_CHAT}`, {
			responsible: 'priya.support@sandbox.example',
			chatgpt_autoresponse_enabled: true,
		}),
	],
	[
		'assign a chat to a stranger',
		'PATCH',
		'/chats/{chat_id}',
		400,
		api('PATCH', `/chats/${BEN_CHAT}`, { responsible: 'stranger@example.com' }),
	],
	[
		'patch an unknown chat',
		'PATCH',
		'/chats/{chat_id}',
		404,
		api('PATCH', '/chats/999999', { read: true }),
	],
	[
		'message history (newest 50)',
		'GET',
		'/chats/{chat_id}/messages',
		200,
		api('GET', `/chats/${BEN_CHAT}/messages`),
	],
	[
		'history with an attachment-only message and a note',
		'GET',
		'/chats/{chat_id}/messages',
		200,
		api('GET', `/chats/${ANA_CHAT}/messages?sorting_order=asc`),
	],
	[
		'history with a bad sorting_order',
		'GET',
		'/chats/{chat_id}/messages',
		400,
		api('GET', `/chats/${BEN_CHAT}/messages?sorting_order=up`),
	],
	[
		'history of an unknown chat',
		'GET',
		'/chats/{chat_id}/messages',
		404,
		api('GET', '/chats/999999/messages'),
	],
	[
		'send into a chat',
		'POST',
		'/chats/{chat_id}/messages',
		200,
		api('POST', `/chats/${ANA_CHAT}/messages`, { text: 'Contract hello' }),
	],
	[
		'send 2,001 characters',
		'POST',
		'/chats/{chat_id}/messages',
		400,
		api('POST', `/chats/${ANA_CHAT}/messages`, { text: long(2001) }),
	],
	[
		'send into an unknown chat',
		'POST',
		'/chats/{chat_id}/messages',
		404,
		api('POST', '/chats/999999/messages', { text: 'x' }),
	],
	[
		'labels of a chat',
		'GET',
		'/chats/{chat_id}/labels',
		200,
		api('GET', `/chats/${ANA_CHAT}/labels`),
	],
	[
		'labels of an unknown chat',
		'GET',
		'/chats/{chat_id}/labels',
		404,
		api('GET', '/chats/999999/labels'),
	],
	[
		'add labels',
		'PUT',
		'/chats/{chat_id}/labels',
		200,
		api('PUT', `/chats/${ANA_CHAT}/labels`, { labels: ['Quoted'] }),
	],
	[
		'add a 65-character label',
		'PUT',
		'/chats/{chat_id}/labels',
		400,
		api('PUT', `/chats/${ANA_CHAT}/labels`, { labels: [long(65)] }),
	],
	[
		'replace labels',
		'POST',
		'/chats/{chat_id}/labels',
		200,
		api('POST', `/chats/${ANA_CHAT}/labels`, { labels: ['Prospect', 'Quoted'] }),
	],
	[
		'replace labels with a non-list',
		'POST',
		'/chats/{chat_id}/labels',
		400,
		api('POST', `/chats/${ANA_CHAT}/labels`, { labels: 'Prospect' }),
	],
	[
		'add a note',
		'POST',
		'/chats/{chat_id}/notes',
		200,
		api('POST', `/chats/${ANA_CHAT}/notes`, { text: 'Wants 200 units', is_private: true }),
	],
	[
		'add an empty note',
		'POST',
		'/chats/{chat_id}/notes',
		400,
		api('POST', `/chats/${ANA_CHAT}/notes`, { text: '' }),
	],
	[
		'note into an unknown chat',
		'POST',
		'/chats/{chat_id}/notes',
		404,
		api('POST', '/chats/999999/notes', { text: 'x' }),
	],
	[
		'send to a phone',
		'POST',
		'/messages',
		200,
		api('POST', '/messages', {
			phone: '+447700900601',
			whatsapp_account_phone: SUPPORT,
			text: 'New chat',
		}),
	],
	[
		'send to a phone without +',
		'POST',
		'/messages',
		400,
		api('POST', '/messages', { phone: '447700900601', text: 'x' }),
	],
	[
		'send from an unknown account',
		'POST',
		'/messages',
		404,
		api('POST', '/messages', {
			phone: '+447700900601',
			whatsapp_account_phone: '+15550000000',
			text: 'x',
		}),
	],
	[
		'get a text message',
		'GET',
		'/messages/{message_uid}',
		200,
		api('GET', '/messages/5eed0000-0000-4000-8000-000000000001'),
	],
	[
		'get an attachment-only message',
		'GET',
		'/messages/{message_uid}',
		200,
		() => timelines(sandbox.url, 'GET', `/messages/${fileOnlyMessage}`),
	],
	[
		'get an unknown message',
		'GET',
		'/messages/{message_uid}',
		404,
		api('GET', '/messages/no-such-uid'),
	],
	[
		'status history',
		'GET',
		'/messages/{message_uid}/status_history',
		200,
		api('GET', '/messages/5eed0000-0000-4000-8000-000000000002/status_history'),
	],
	[
		'status history of an unknown message',
		'GET',
		'/messages/{message_uid}/status_history',
		404,
		api('GET', '/messages/no-such-uid/status_history'),
	],
	[
		'reactions of a message',
		'GET',
		'/messages/{message_uid}/reactions',
		200,
		() => timelines(sandbox.url, 'GET', `/messages/${fileOnlyMessage}/reactions`),
	],
	[
		'reactions of an unknown message',
		'GET',
		'/messages/{message_uid}/reactions',
		404,
		api('GET', '/messages/no-such-uid/reactions'),
	],
	[
		'react to a message',
		'PATCH',
		'/messages/{message_uid}/reactions',
		200,
		api('PATCH', '/messages/5eed0000-0000-4000-8000-000000000001/reactions', { reaction: '❤️' }),
	],
	[
		'react with 51 characters',
		'PATCH',
		'/messages/{message_uid}/reactions',
		400,
		api('PATCH', '/messages/5eed0000-0000-4000-8000-000000000001/reactions', {
			reaction: long(51),
		}),
	],
	[
		'react to an unknown message',
		'PATCH',
		'/messages/{message_uid}/reactions',
		404,
		api('PATCH', '/messages/no-such-uid/reactions', { reaction: '👍' }),
	],
	[
		'upload a file',
		'POST',
		'/files_upload',
		200,
		() => upload('price list.csv', 'a,b\n1,2', 'text/csv'),
	],
	[
		'upload without multipart',
		'POST',
		'/files_upload',
		400,
		api('POST', '/files_upload', { file: 'x' }),
	],
	['list files (a bare array)', 'GET', '/files', 200, api('GET', '/files?filename=PDF')],
	[
		'get a file',
		'GET',
		'/files/{file_uid}',
		200,
		() => timelines(sandbox.url, 'GET', `/files/${fileUid}`),
	],
	['get an unknown file', 'GET', '/files/{file_uid}', 404, api('GET', '/files/no-such-file')],
	[
		'delete a file',
		'DELETE',
		'/files/{file_uid}',
		200,
		async () =>
			timelines(
				sandbox.url,
				'DELETE',
				`/files/${(await upload('old.txt', 'old', 'text/plain')).json.data.uid}`,
			),
	],
	[
		'delete an unknown file',
		'DELETE',
		'/files/{file_uid}',
		404,
		api('DELETE', '/files/no-such-file'),
	],
	['WhatsApp accounts', 'GET', '/whatsapp_accounts', 200, api('GET', '/whatsapp_accounts')],
	['workspace and quotas', 'GET', '/workspace', 200, api('GET', '/workspace')],
	['teammates', 'GET', '/workspace/teammates', 200, api('GET', '/workspace/teammates')],
	[
		'the token’s teammate',
		'GET',
		'/workspace/teammates/me',
		200,
		api('GET', '/workspace/teammates/me'),
	],
	['templates', 'GET', '/templates', 200, api('GET', '/templates')],
	['a template', 'GET', '/templates/{template_id}', 200, api('GET', '/templates/1')],
	['an unknown template', 'GET', '/templates/{template_id}', 404, api('GET', '/templates/999')],
	['list webhooks (a bare array)', 'GET', '/webhooks', 200, api('GET', '/webhooks')],
	[
		'create a webhook',
		'POST',
		'/webhooks',
		200,
		api('POST', '/webhooks', { event_type: 'chat:new', url: 'http://127.0.0.1:9/chats' }),
	],
	[
		'create a webhook for a stale event name',
		'POST',
		'/webhooks',
		400,
		api('POST', '/webhooks', { event_type: 'chat:created', url: 'http://127.0.0.1:9/chats' }),
	],
	[
		'get a webhook',
		'GET',
		'/webhooks/{webhook_id}',
		200,
		() => timelines(sandbox.url, 'GET', `/webhooks/${webhookId}`),
	],
	['get an unknown webhook', 'GET', '/webhooks/{webhook_id}', 404, api('GET', '/webhooks/999')],
	[
		'update a webhook',
		'PUT',
		'/webhooks/{webhook_id}',
		200,
		() => timelines(sandbox.url, 'PUT', `/webhooks/${webhookId}`, { body: { enabled: false } }),
	],
	[
		'update a webhook with an ftp URL',
		'PUT',
		'/webhooks/{webhook_id}',
		400,
		() =>
			timelines(sandbox.url, 'PUT', `/webhooks/${webhookId}`, {
				body: { url: 'ftp://example.com/x' },
			}),
	],
	[
		'delete a webhook',
		'DELETE',
		'/webhooks/{webhook_id}',
		200,
		async () =>
			timelines(
				sandbox.url,
				'DELETE',
				`/webhooks/${(await timelines(sandbox.url, 'POST', '/webhooks', { body: { event_type: 'chat:new', url: 'http://127.0.0.1:9/gone' } })).json.data.id}`,
			),
	],
	[
		'delete an unknown webhook',
		'DELETE',
		'/webhooks/{webhook_id}',
		404,
		api('DELETE', '/webhooks/999'),
	],
];

describe.each(cases)('%s', (_label, method, specPath, status, call) => {
	it(`answers ${status} in the official Public API 1.3.0 schema`, async () => {
		const answer = await call();
		expect({ status: answer.status, body: answer.json }).toMatchObject({ status });
		if (oas.hasBody(method, specPath, status)) expect(answer.json).toBeDefined();
		expect(oas.responseErrors(method, specPath, status, answer.json)).toEqual([]);
	});
});

describe('every implemented operation', () => {
	const params: Record<string, () => string> = {
		chat_id: () => String(ANA_CHAT),
		message_uid: () => '5eed0000-0000-4000-8000-000000000001',
		file_uid: () => fileUid,
		webhook_id: () => String(webhookId),
		template_id: () => '1',
	};

	it.each(TIMELINES_OPERATIONS.map((o) => [`${o.method} ${o.path}`, o.method, o.path] as const))(
		'%s has a documented success case above',
		(_name, method, specPath) => {
			expect(
				cases.filter(([, m, p, s]) => m === method && p === specPath && s === 200).length,
			).toBeGreaterThan(0);
		},
	);

	it.each(TIMELINES_OPERATIONS.map((o) => [`${o.method} ${o.path}`, o.method, o.path] as const))(
		'%s answers a missing token with the documented 401',
		async (_name, method, specPath) => {
			const path = specPath.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]());
			const answer = await timelines(sandbox.url, method, path, {
				token: null,
				body: method === 'GET' || method === 'DELETE' ? undefined : {},
			});
			expect(answer.status).toBe(401);
			expect(
				oas.operations().find((o) => o.method === method && o.path === specPath)?.statuses,
			).toContain('401');
			expect(oas.componentErrors('ErrorResponse', answer.json)).toEqual([]);
		},
	);
});

describe('limits', () => {
	it('refuses a send over the messaging quota with 403 quota_exceeded, as documented', async () => {
		const small = await startSandbox({ port: 0, timelines: { messageQuota: 1 } });
		try {
			expect(
				(
					await timelines(small.url, 'POST', `/chats/${ANA_CHAT}/messages`, {
						body: { text: 'one' },
					})
				).status,
			).toBe(200);
			const refused = await timelines(small.url, 'POST', `/chats/${ANA_CHAT}/messages`, {
				body: { text: 'two' },
			});
			expect(refused.status).toBe(403);
			expect(refused.json.error_code).toBe('quota_exceeded');
			expect(oas.responseErrors('POST', '/chats/{chat_id}/messages', 403, refused.json)).toEqual(
				[],
			);
		} finally {
			await small.close();
		}
	});

	it('answers requests over the rate limit with 429 rate_limit_exceeded in the ErrorResponse shape', async () => {
		await timelinesControl(sandbox.url, '/faults', { rateLimitPerSecond: 1 });
		try {
			const answers = await Promise.all(
				Array.from({ length: 15 }, () => timelines(sandbox.url, 'GET', '/whatsapp_accounts')),
			);
			const limited = answers.filter((a) => a.status === 429);
			expect(limited.length).toBeGreaterThan(0);
			expect(limited[0].json.error_code).toBe('rate_limit_exceeded');
			expect(oas.componentErrors('ErrorResponse', limited[0].json)).toEqual([]);
		} finally {
			await timelinesControl(sandbox.url, '/faults', { rateLimitPerSecond: 0 });
		}
	});
});

describe('webhook deliveries', () => {
	let receiver: WebhookReceiver;
	let hooks: RunningSandbox;

	beforeAll(async () => {
		receiver = await startWebhookReceiver();
		hooks = await startSandbox({ port: 0, timelines: { webhookLimit: 20, deliveryRetries: 0 } });
		for (const event of PRODUCED_EVENTS) {
			const created = await timelines(hooks.url, 'POST', '/webhooks', {
				body: { event_type: event, url: `${receiver.url}/hook?secret=s` },
			});
			expect(created.status).toBe(200);
		}
		const control = (path: string, body: unknown) => timelinesControl(hooks.url, path, body);
		await control('/messages', { phone: '+447700900701', name: 'New Contact', text: 'hello' });
		await control('/messages', {
			phone: '+447700900701',
			attachments: [{ filename: 'photo.jpg', mimetype: 'image/jpeg', size: 10 }],
		});
		await control('/messages', {
			is_group: true,
			group_name: 'Contract group',
			phone: '+447700900702',
			name: 'Member',
			text: 'group hi',
		});
		await control('/behaviour', { groupSenderPhone: false });
		await control('/messages', {
			is_group: true,
			group_name: 'Contract group',
			phone: '+447700900703',
			name: 'Private Member',
			text: 'no phone',
		});
		await timelines(hooks.url, 'POST', '/messages', {
			body: { phone: '+447700900704', text: 'outgoing new chat' },
		});
		await timelines(hooks.url, 'PATCH', `/chats/${ANA_CHAT}`, {
			body: { responsible: 'priya.support@sandbox.example' },
		});
		await timelines(hooks.url, 'PATCH', `/chats/${ANA_CHAT}`, { body: { responsible: '' } });
		await timelines(
			hooks.url,
			'PATCH',
			'/messages/5eed0000-0000-4000-8000-000000000001/reactions',
			{ body: { reaction: '👍' } },
		);
		await control('/reactions', {
			message_uid: '5eed0000-0000-4000-8000-000000000002',
			emoji: '🙏',
		});
		for (const action of ['suspend', 'resume', 'disconnect', 'connect'])
			await control(`/accounts/${action}`, { phone: SUPPORT });
		await receiver.waitFor(20);
		await new Promise((resolve) => setTimeout(resolve, 200));
	});

	afterAll(async () => {
		await hooks.close();
		await receiver.close();
	});

	it('validates every delivered body against the webhook spec 2.0.0 for its event type', () => {
		const failures = receiver.received.map((hook) => {
			const body = hook.body as { event_type: string };
			return { event: body.event_type, errors: oas.webhookErrors(body.event_type, body) };
		});
		expect(failures.filter((f) => f.errors.length > 0)).toEqual([]);
		expect(receiver.received.length).toBeGreaterThanOrEqual(20);
	});

	it.each(PRODUCED_EVENTS.map((event) => [event]))('delivered at least one %s', (event) => {
		expect(
			receiver.received.map((hook) => (hook.body as { event_type: string }).event_type),
		).toContain(event);
	});

	it('sends no phone for a group member when the groupSenderPhone switch is off', () => {
		const bodies = receiver.received.map(
			(hook) =>
				hook.body as { event_type: string; message?: { text: string; sender: { phone?: string } } },
		);
		const hidden = bodies.find(
			(b) => b.event_type === 'message:new' && b.message?.text === 'no phone',
		);
		expect(hidden?.message?.sender).toEqual({ full_name: 'Private Member' });
	});
});
