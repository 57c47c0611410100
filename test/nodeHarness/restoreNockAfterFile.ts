/**
 * Jest setup (unit project): after each test file, take nock's interceptor off node:http. Jest runs the
 * next file in the same worker with a fresh module registry but the same node:http, and a nock left active
 * by an earlier file catches the next file's requests (a socket error it replays then reaches no listener).
 * Importing nock here gets this file's instance (or activates one and at once removes it again).
 */
afterAll(async () => {
	const { default: nock } = await import('nock');
	nock.restore();
});
