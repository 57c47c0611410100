// The TimelinesAI contract tests' shared setup (timelinesContract*.test.ts): a seeded sandbox per test file
// (a file, a file-only message, a note, a reaction, a webhook), the case table's types and helpers.
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { timelines, type TimelinesAnswer } from './timelinesHttp';
import { TimelinesOasValidator } from './timelinesOasValidator';

export const oas = new TimelinesOasValidator();
export const ANA_CHAT = 1;
export const BEN_CHAT = 2;
export const GROUP_CHAT = 4;
export const SUPPORT = '+447700900002';

/** What the seeding made, set in beforeAll (read by the cases when they run). */
export const contract = {} as {
	sandbox: RunningSandbox;
	fileUid: string;
	fileOnlyMessage: string;
	webhookId: number;
};

export async function upload(
	name: string,
	bytes: string,
	type = 'application/pdf',
): Promise<TimelinesAnswer> {
	const form = new FormData();
	form.append('file', new Blob([Buffer.from(bytes)], { type }), name);
	return timelines(contract.sandbox.url, 'POST', '/files_upload', { form });
}

/** Call at the top of a test file: starts and seeds the sandbox before its tests, closes it after. */
export function useContractSandbox(): void {
	beforeAll(async () => {
		contract.sandbox = await startSandbox({
			port: 0,
			reading: 'documented', // these tests state the documented reading's answers
			timelines: { retryDelaysMs: [20], deliveryRetries: 0 },
		});
		contract.fileUid = (await upload('quote.pdf', '%PDF-1.4 contract')).json.data.uid;
		contract.fileOnlyMessage = (
			await timelines(contract.sandbox.url, 'POST', `/chats/${ANA_CHAT}/messages`, {
				body: { file_uid: contract.fileUid },
			})
		).json.data.message_uid;
		await timelines(contract.sandbox.url, 'POST', `/chats/${ANA_CHAT}/notes`, {
			body: { text: 'Called her back' },
		});
		await timelines(
			contract.sandbox.url,
			'PATCH',
			`/messages/${contract.fileOnlyMessage}/reactions`,
			{
				body: { reaction: '👍' },
			},
		);
		contract.webhookId = (
			await timelines(contract.sandbox.url, 'POST', '/webhooks', {
				body: { event_type: 'message:new', url: 'http://127.0.0.1:9/never' },
			})
		).json.data.id;
	});

	afterAll(async () => {
		await contract.sandbox.close();
	});
}

export type Call = () => Promise<TimelinesAnswer>;
export type Case = [label: string, method: string, specPath: string, status: number, call: Call];
export const api =
	(method: string, path: string, body?: unknown): Call =>
	() =>
		timelines(contract.sandbox.url, method, path, { body });
export const long = (n: number): string => 'x'.repeat(n);

/** Each case answers in the official schema with its status. */
export function checkCases(cases: Case[]): void {
	describe.each(cases)('%s', (_label, method, specPath, status, call) => {
		it(`answers ${status} in the official Public API 1.3.0 schema`, async () => {
			const answer = await call();
			expect({ status: answer.status, body: answer.json }).toMatchObject({ status });
			if (oas.hasBody(method, specPath, status)) expect(answer.json).toBeDefined();
			expect(oas.responseErrors(method, specPath, status, answer.json)).toEqual([]);
		});
	});
}
