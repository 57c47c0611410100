import {
	ChatEventBus,
	localPushChannel,
	type ChatPush,
} from '../../../../nodes/shared/coordination/chatEventBus';
import type {
	ChatDependencies,
	ChatPushDependencies,
	ChatResponse,
} from '../../../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { handleChatRequest } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';
import type { InMemoryChatBackend } from '../../../browser/inMemoryChatBackend';
import { dependencies, request, seededBackend, signedQuery } from './chatFixtures';

// What the event stream tests share: a live chat with push over its own bus, sessions, and a stream sink
// that keeps every write.

export const WORKSPACE = 'https://app.timelines.ai/integrations/api#aaaa';
export const OTHER_WORKSPACE = 'https://app.timelines.ai/integrations/api#bbbb';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition (the machine may be busy: no fixed sleep decides a test). */
export async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(5);
	}
}

export interface OpenStream {
	writes: string[];
	ended: boolean;
	stop: () => void;
	text(): string;
	events(name: string): Array<Record<string, unknown>>;
}

export function pushDeps(bus: ChatEventBus, overrides: Partial<ChatPushDependencies> = {}) {
	return {
		workspace: WORKSPACE,
		channel: localPushChannel(bus),
		refreshWithoutTriggerMs: 60_000,
		refreshWithTriggerMs: 0,
		heartbeatMs: 60_000,
		tickMs: 5,
		...overrides,
	} satisfies ChatPushDependencies;
}

export function withPush(
	overrides: Partial<ChatPushDependencies> = {},
	backend: InMemoryChatBackend = seededBackend(),
) {
	const bus = new ChatEventBus();
	const deps: ChatDependencies = { ...dependencies(backend), push: pushDeps(bus, overrides) };
	return { bus, deps, backend };
}

// Each session its own link (a link opens in one browser only).
let links = 0;

export async function openSession(deps: ChatDependencies) {
	const page = await handleChatRequest(
		request({
			query: signedQuery({ expiresAt: Date.parse('2026-03-01T12:10:00Z') / 1000 - links++ }),
		}),
		deps,
	);
	expect(page.status).toBe(200);
	const cookie = page.headers['Set-Cookie'].split(';')[0];
	const csrf = /"csrfToken":"([^"]+)"/.exec(String(page.body))?.[1] ?? '';
	return { cookie, csrf, sessionId: cookie.split('=')[1], html: String(page.body) };
}

export async function events(
	deps: ChatDependencies,
	cookie: string,
	chat = '7',
): Promise<ChatResponse> {
	return await handleChatRequest(
		request({ query: { action: 'events', chat }, headers: { cookie } }),
		deps,
	);
}

export function openStream(response: ChatResponse): OpenStream {
	expect(response.stream).toBeDefined();
	const stream: OpenStream = {
		writes: [],
		ended: false,
		stop: () => undefined,
		text: () => stream.writes.join(''),
		events: (name) =>
			stream.writes
				.filter((write) => write.startsWith(`event: ${name}\n`))
				.map((write) => JSON.parse(write.split('\ndata: ')[1]) as Record<string, unknown>),
	};
	stream.stop = response.stream!.open({
		write: (text) => stream.writes.push(text),
		end: () => {
			stream.ended = true;
		},
	});
	return stream;
}

export function pushOf(workspace: string, chatId: number, uid: string, extra = {}): ChatPush {
	return {
		workspace,
		chatId,
		source: 'webhook',
		messages: [
			{
				uid,
				chatId,
				timestamp: '2026-03-01T12:00:00.000Z',
				fromMe: false,
				senderName: 'Ana Silva',
				text: `pushed ${uid}`,
				attachments: [],
				...extra,
			},
		],
	};
}
