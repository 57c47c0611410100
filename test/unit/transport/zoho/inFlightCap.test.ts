// Back-off waits are controlled by the test (see "does not hold a slot while a retry waits").
jest.mock('n8n-workflow', () => ({
	...jest.requireActual<object>('n8n-workflow'),
	sleep: jest.fn(async () => undefined),
}));

import nock from 'nock';
import { sleep } from 'n8n-workflow';

import {
	MAX_IN_FLIGHT_PER_CREDENTIAL,
	ZohoCrmHttpApi,
} from '../../../../nodes/shared/transport/zoho/zohoCrmHttpApi';
import { API_DOMAIN, setUpNock, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();
const sleepMock = jest.mocked(sleep);
afterEach(() => sleepMock.mockReset().mockImplementation(async () => undefined));

const ORG = { org: [{ time_zone: 'Europe/Berlin' }] };
const TOO_MANY = {
	code: 'TOO_MANY_REQUESTS',
	details: {},
	message: 'You have made too many requests.',
	status: 'error',
};

/** Zoho answering GET /org after `ms`, counting how many calls it is answering at the same moment. */
function slowZoho(
	probe: { active: number; max: number; total: number },
	host: string,
	calls: number,
	ms = 25,
): nock.Scope {
	return nock(host)
		.get(v8('/org'))
		.times(calls)
		.reply(async () => {
			probe.active += 1;
			probe.total += 1;
			probe.max = Math.max(probe.max, probe.active);
			await new Promise((resolve) => setTimeout(resolve, ms));
			probe.active -= 1;
			return [200, ORG];
		});
}

const newProbe = () => ({ active: 0, max: 0, total: 0 });

/** One Zoho API per execution: separate contexts and instances that share only the credential. */
const executions = (count: number, credentialId: string, apiDomain?: string, crmEdition?: string) =>
	Array.from(
		{ length: count },
		() => new ZohoCrmHttpApi(zohoExecution({ credentialId, apiDomain, crmEdition }).context),
	);

async function until(condition: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 200 && !condition(); i++)
		await new Promise((resolve) => setTimeout(resolve, 5));
	if (!condition()) throw new Error(`Timed out waiting until ${what}`);
}

describe('Zoho transport — cap on calls in flight per credential', () => {
	it(`never has more than ${MAX_IN_FLIGHT_PER_CREDENTIAL} calls in flight for 30 parallel executions of one credential, and answers all 30`, async () => {
		const probe = newProbe();
		const scope = slowZoho(probe, API_DOMAIN, 30);
		const zones = await Promise.all(
			executions(30, 'cap-shared').map((api) => api.getOrgTimeZone()),
		);
		expect(zones).toEqual(Array(30).fill('Europe/Berlin'));
		expect(probe.total).toBe(30);
		expect(probe.max).toBe(MAX_IN_FLIGHT_PER_CREDENTIAL);
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['free', 4],
		['professional', 12],
		['ultimate', 20],
	])("keeps 80 %% of the %s edition's concurrency limit in flight: %i", async (edition, cap) => {
		const probe = newProbe();
		const scope = slowZoho(probe, API_DOMAIN, 30);
		await Promise.all(
			executions(30, `cap-${edition}`, undefined, edition).map((api) => api.getOrgTimeZone()),
		);
		expect(probe.max).toBe(cap);
		expect(scope.isDone()).toBe(true);
	});

	it('gives each credential (each Zoho org or user) its own cap', async () => {
		const both = newProbe();
		const first = slowZoho(both, 'https://first.zohoapis.test', 12);
		const second = slowZoho(both, 'https://second.zohoapis.test', 12);
		const calls = [
			...executions(12, 'cap-first', 'https://first.zohoapis.test'),
			...executions(12, 'cap-second', 'https://second.zohoapis.test'),
		];
		await Promise.all(calls.map((api) => api.getOrgTimeZone()));
		expect(both.max).toBe(2 * MAX_IN_FLIGHT_PER_CREDENTIAL);
		expect([first.isDone(), second.isDone()]).toEqual([true, true]);
	});

	it('does not hold a slot while a retry waits: calls refused with 429 and backing off leave room for others', async () => {
		let openGate!: () => void;
		const gate = new Promise<void>((resolve) => (openGate = resolve));
		sleepMock.mockImplementation(async () => await gate);
		const scope = zohoApi()
			.get(v8('/org'))
			.times(MAX_IN_FLIGHT_PER_CREDENTIAL)
			.reply(429, TOO_MANY)
			.get(v8('/org'))
			.times(MAX_IN_FLIGHT_PER_CREDENTIAL + 1)
			.reply(200, ORG);
		const backingOff = executions(MAX_IN_FLIGHT_PER_CREDENTIAL, 'cap-backoff').map((api) =>
			api.getOrgTimeZone(),
		);
		await until(
			() => sleepMock.mock.calls.length === MAX_IN_FLIGHT_PER_CREDENTIAL,
			'every call is backing off',
		);
		const [another] = executions(1, 'cap-backoff');
		let stuck: ReturnType<typeof setTimeout> | undefined;
		const blocked = new Promise<string>(
			(resolve) => (stuck = setTimeout(() => resolve('still waiting for a slot'), 2_000)),
		);
		await expect(Promise.race([another.getOrgTimeZone(), blocked])).resolves.toBe('Europe/Berlin');
		clearTimeout(stuck);
		openGate();
		await expect(Promise.all(backingOff)).resolves.toEqual(
			Array(MAX_IN_FLIGHT_PER_CREDENTIAL).fill('Europe/Berlin'),
		);
		expect(scope.isDone()).toBe(true);
	});

	it('frees the slot of a call that failed', async () => {
		const refused = zohoApi()
			.get(v8('/org'))
			.times(3 * MAX_IN_FLIGHT_PER_CREDENTIAL)
			.reply(400, {
				code: 'INVALID_URL_PATTERN',
				details: {},
				message: 'Please check if the URL trying to access is a correct one',
				status: 'error',
			});
		const failures = await Promise.allSettled(
			executions(3 * MAX_IN_FLIGHT_PER_CREDENTIAL, 'cap-failures').map((api) =>
				api.getOrgTimeZone(),
			),
		);
		expect(failures.every((result) => result.status === 'rejected')).toBe(true);
		const answered = zohoApi().get(v8('/org')).reply(200, ORG);
		await expect(executions(1, 'cap-failures')[0].getOrgTimeZone()).resolves.toBe('Europe/Berlin');
		expect([refused.isDone(), answered.isDone()]).toEqual([true, true]);
	});
});
