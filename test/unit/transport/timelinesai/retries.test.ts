// Back-off delays are recorded instead of waited for.
jest.mock('n8n-workflow', () => ({
	...jest.requireActual<object>('n8n-workflow'),
	sleep: jest.fn(async () => undefined),
}));

import { NodeApiError, sleep } from 'n8n-workflow';

import { sendMessageToChat } from '../../../../nodes/shared/transport/timelinesai/messages';
import {
	retryAfterMs,
	TIMELINES_MAX_ATTEMPTS,
	timelinesRetryDelayMs,
} from '../../../../nodes/shared/transport/timelinesai/timelinesRetryPolicy';
import { listWhatsappAccounts } from '../../../../nodes/shared/transport/timelinesai/whatsappAccounts';
import { timelinesExecuteContext } from '../../nodes/TimelinesAi/runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from '../../nodes/TimelinesAi/timelinesApi';

setUpNock();
const sleepMock = jest.mocked(sleep);
beforeEach(() => sleepMock.mockClear());

const ACCOUNTS = ok({
	whatsapp_accounts: [{ id: '15559876543@s.whatsapp.net', phone: '+15559876543' }],
});
const RATE_LIMITED = {
	status: 'error',
	message: 'Too many requests',
	error_code: 'rate_limit_exceeded',
};
const QUOTA = {
	status: 'error',
	message: 'API calls quota exceeded',
	error_code: 'quota_exceeded',
};
const INTERNAL = { status: 'error', message: 'Internal error', error_code: 'internal_error' };

async function failureOf(promise: Promise<unknown>): Promise<NodeApiError> {
	const error = await promise.then(
		() => undefined,
		(reason: unknown) => reason,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return error as NodeApiError;
}

describe('TimelinesAI transport: retries', () => {
	it('sends a rate-limited read again after a back-off and returns its answer', async () => {
		const scope = timelinesApi()
			.get(api('/whatsapp_accounts'))
			.times(2)
			.reply(429, RATE_LIMITED)
			.get(api('/whatsapp_accounts'))
			.reply(200, ACCOUNTS);
		const accounts = await listWhatsappAccounts(timelinesExecuteContext());
		expect(accounts.map((account) => account.phone)).toEqual(['+15559876543']);
		expect(scope.isDone()).toBe(true);
		// Two waits, growing: 1–1.5 s, then 2–3 s.
		const waits = sleepMock.mock.calls.map(([ms]) => ms);
		expect(waits).toHaveLength(2);
		expect(waits[0]).toBeGreaterThanOrEqual(1000);
		expect(waits[0]).toBeLessThan(1500);
		expect(waits[1]).toBeGreaterThanOrEqual(2000);
	});

	it('sends a rate-limited message again (a 429 was not processed) and the message goes out once', async () => {
		const sent: unknown[] = [];
		timelinesApi()
			.post(api('/chats/42/messages'))
			.reply(429, RATE_LIMITED)
			.post(api('/chats/42/messages'), (body: unknown) => {
				sent.push(body);
				return true;
			})
			.reply(200, ok({ message_uid: 'b5a3e3c0-0000-4000-8000-000000000001' }));
		const answer = await sendMessageToChat(timelinesExecuteContext(), 42, { text: 'Hello' });
		expect(answer.message_uid).toBe('b5a3e3c0-0000-4000-8000-000000000001');
		expect(sent).toEqual([{ text: 'Hello' }]);
	});

	it('never repeats a send that failed with 500 (it may have gone out)', async () => {
		const scope = timelinesApi().post(api('/chats/42/messages')).reply(500, INTERNAL);
		const error = await failureOf(
			sendMessageToChat(timelinesExecuteContext(), 42, { text: 'Hello' }),
		);
		expect(error.message).toContain('TimelinesAI POST /chats/42/messages failed');
		expect(scope.isDone()).toBe(true);
		expect(sleepMock).not.toHaveBeenCalled();
	});

	it('gives up on a read still rate-limited after the last attempt, saying so; repeats a read that failed with 502', async () => {
		const scope = timelinesApi()
			.get(api('/whatsapp_accounts'))
			.times(TIMELINES_MAX_ATTEMPTS)
			.reply(429, RATE_LIMITED);
		const error = await failureOf(listWhatsappAccounts(timelinesExecuteContext()));
		expect(scope.isDone()).toBe(true);
		expect(sleepMock).toHaveBeenCalledTimes(TIMELINES_MAX_ATTEMPTS - 1);
		expect(error.description).toContain('rate limiting');
		expect(error.description).toContain(`${TIMELINES_MAX_ATTEMPTS} attempts`);

		sleepMock.mockClear();
		timelinesApi().get(api('/whatsapp_accounts')).reply(502, INTERNAL);
		timelinesApi().get(api('/whatsapp_accounts')).reply(200, ACCOUNTS);
		expect(await listWhatsappAccounts(timelinesExecuteContext())).toHaveLength(1);
		expect(sleepMock.mock.calls[0][0]).toBeLessThan(1000);
	});

	it('does not repeat quota_exceeded, even as a 429: the monthly quota does not clear in seconds', async () => {
		const scope = timelinesApi().get(api('/whatsapp_accounts')).reply(429, QUOTA);
		const error = await failureOf(listWhatsappAccounts(timelinesExecuteContext()));
		expect(scope.isDone()).toBe(true);
		expect(sleepMock).not.toHaveBeenCalled();
		expect(error.description).toContain('quota');
	});

	it('repeats a read whose connection was reset', async () => {
		timelinesApi()
			.get(api('/whatsapp_accounts'))
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.get(api('/whatsapp_accounts'))
			.reply(200, ACCOUNTS);
		expect(await listWhatsappAccounts(timelinesExecuteContext())).toHaveLength(1);
		expect(sleepMock).toHaveBeenCalledTimes(1);
	});
});

describe('TimelinesAI retry delays', () => {
	it("uses the server's Retry-After after a 429, capped at 30 s", () => {
		expect(timelinesRetryDelayMs(1, { status: 429, retryAfterHeader: '7' }, () => 0)).toBe(7000);
		expect(timelinesRetryDelayMs(1, { status: 429, retryAfterHeader: '3600' }, () => 0)).toBe(
			30_000,
		);
		expect(retryAfterMs('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('2026-10-21T07:28:00Z'))).toBe(
			5000,
		);
		expect(retryAfterMs('soon')).toBeUndefined();
		expect(retryAfterMs('-4')).toBeUndefined();
	});

	it('backs off exponentially with jitter otherwise', () => {
		expect(timelinesRetryDelayMs(1, { status: 429 }, () => 0)).toBe(1000);
		expect(timelinesRetryDelayMs(3, { status: 429 }, () => 0.99)).toBe(4000 + 1980);
		expect(timelinesRetryDelayMs(2, { status: 503 }, () => 0)).toBe(1000);
	});
});
