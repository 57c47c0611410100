// Contract tests: every answer of every TimelinesAI operation the sandbox implements, and every webhook body
// it sends, validated against TimelinesAI's official specs (../shared/reference/timelinesai-oas) with ajv.
// Relaxations: the validator's "`null` by description" (timelinesOasValidator.ts), and 429, which the
// operations do not list: its body is checked against the spec's ErrorResponse (rate-limits page: HTTP 429).
import { TIMELINES_OPERATIONS } from '../../../sandbox/timelines/api/timelinesApi';
import { startSandbox } from '../../../sandbox';
import { timelines, timelinesControl } from './timelinesHttp';
import { chatCases } from './timelinesContractChatCases';
import { otherCases } from './timelinesContractOtherCases';
import {
	ANA_CHAT,
	checkCases,
	contract,
	oas,
	useContractSandbox,
} from './timelinesContractFixture';

useContractSandbox();

describe('chats and messages', () => {
	checkCases(chatCases);
});

describe('files, accounts, workspace, templates, webhooks', () => {
	checkCases(otherCases);
});

describe('every implemented operation', () => {
	const params: Record<string, () => string> = {
		chat_id: () => String(ANA_CHAT),
		message_uid: () => '5eed0000-0000-4000-8000-000000000001',
		file_uid: () => contract.fileUid,
		webhook_id: () => String(contract.webhookId),
		template_id: () => '1',
	};

	it.each(TIMELINES_OPERATIONS.map((o) => [`${o.method} ${o.path}`, o.method, o.path] as const))(
		'%s has a documented success case above',
		(_name, method, specPath) => {
			expect(
				[...chatCases, ...otherCases].filter(
					([, m, p, s]) => m === method && p === specPath && s === 200,
				).length,
			).toBeGreaterThan(0);
		},
	);

	it.each(TIMELINES_OPERATIONS.map((o) => [`${o.method} ${o.path}`, o.method, o.path] as const))(
		'%s answers a missing token with the documented 401',
		async (_name, method, specPath) => {
			const path = specPath.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]());
			const answer = await timelines(contract.sandbox.url, method, path, {
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
		const small = await startSandbox({
			port: 0,
			reading: 'documented',
			timelines: { messageQuota: 1 },
		});
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
		await timelinesControl(contract.sandbox.url, '/faults', { rateLimitPerSecond: 1 });
		try {
			const answers = await Promise.all(
				Array.from({ length: 30 }, () =>
					timelines(contract.sandbox.url, 'GET', '/whatsapp_accounts'),
				),
			);
			const limited = answers.filter((a) => a.status === 429);
			expect(limited.length).toBeGreaterThan(0);
			expect(limited[0].json.error_code).toBe('rate_limit_exceeded');
			expect(oas.componentErrors('ErrorResponse', limited[0].json)).toEqual([]);
		} finally {
			await timelinesControl(contract.sandbox.url, '/faults', { rateLimitPerSecond: 0 });
		}
	});
});
