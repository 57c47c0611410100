import nock from 'nock';

import { TOKEN } from './runTimelinesAi';

/** A nock scope on the TimelinesAI API that only answers requests carrying the credential's Bearer token. */
export function timelinesApi(): nock.Scope {
	return nock('https://app.timelines.ai', { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

/** A path under the API's base URL. */
export function api(path: string): string {
	return `/integrations/api${path}`;
}

export function ok(data: unknown): { status: 'ok'; data: unknown } {
	return { status: 'ok', data };
}

export function setUpNock(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => {
		nock.enableNetConnect();
		// Unpatch node:http: jest reuses the worker (and its http module) for the next test file, whose own nock
		// instance would otherwise share requests with this one.
		nock.restore();
	});
}
