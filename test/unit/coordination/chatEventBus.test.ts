import {
	ChatEventBus,
	ChatPushFullError,
	timelinesWorkspaceKey,
	type ChatPush,
	type PushedMessage,
} from '../../../nodes/shared/coordination/chatEventBus';

const A = timelinesWorkspaceKey('https://app.timelines.ai/integrations/api', 'token-a');
const B = timelinesWorkspaceKey('https://app.timelines.ai/integrations/api', 'token-b');

function message(uid: string, chatId = 7): PushedMessage {
	return {
		uid,
		chatId,
		timestamp: '2026-03-01T12:00:00.000Z',
		fromMe: false,
		senderName: 'Ana',
		text: `text ${uid}`,
		attachments: [],
	};
}

function push(workspace: string, chatId: number, uid: string): ChatPush {
	return { workspace, chatId, messages: [message(uid, chatId)], source: 'webhook' };
}

describe('chat event bus', () => {
	it('keys workspaces by base URL and a hash of the token, never the token itself', () => {
		expect(A).not.toBe(B);
		expect(A).not.toContain('token-a');
		expect(A).toMatch(/^https:\/\/app\.timelines\.ai\/integrations\/api#[0-9a-f]{24}$/);
		expect(timelinesWorkspaceKey('https://x.test/api/', 't')).toBe(
			timelinesWorkspaceKey('https://x.test/api', 't'),
		);
	});

	it('hands a push to every listener of its chat and workspace only', () => {
		const bus = new ChatEventBus();
		const got: Record<string, string[]> = { a7: [], a7bis: [], a8: [], b7: [] };
		const record = (name: string) => (p: ChatPush) => got[name].push(p.messages[0].uid);
		bus.subscribe(A, 7, record('a7'));
		bus.subscribe(A, 7, record('a7bis'));
		bus.subscribe(A, 8, record('a8'));
		bus.subscribe(B, 7, record('b7'));
		expect(bus.publish(push(A, 7, 'm1'))).toBe(2);
		expect(got).toEqual({ a7: ['m1'], a7bis: ['m1'], a8: [], b7: [] });
		bus.publish(push(B, 7, 'm2'));
		expect(got.a7).toEqual(['m1']);
		expect(got.b7).toEqual(['m2']);
	});

	it('stops a closed listener and leaves nothing behind once every page of a chat closed', () => {
		const bus = new ChatEventBus();
		const got: string[] = [];
		const first = bus.subscribe(A, 7, (p) => got.push(`1:${p.messages[0].uid}`));
		const second = bus.subscribe(A, 7, (p) => got.push(`2:${p.messages[0].uid}`));
		first.close();
		first.close(); // twice is harmless
		bus.publish(push(A, 7, 'm1'));
		expect(got).toEqual(['2:m1']);
		second.close();
		expect(bus.listenerCount()).toBe(0);
		expect(bus.listenerCount(A, 7)).toBe(0);
		expect(bus.publish(push(A, 7, 'm2'))).toBe(0);
	});

	it('refuses listeners beyond its bounds (per chat and in total)', () => {
		const bus = new ChatEventBus({ maxListenersPerChat: 2, maxListeners: 3 });
		bus.subscribe(A, 7, () => undefined);
		const second = bus.subscribe(A, 7, () => undefined);
		expect(() => bus.subscribe(A, 7, () => undefined)).toThrow(ChatPushFullError);
		bus.subscribe(A, 8, () => undefined);
		expect(() => bus.subscribe(A, 9, () => undefined)).toThrow(ChatPushFullError);
		second.close();
		expect(() => bus.subscribe(A, 9, () => undefined)).not.toThrow();
	});

	it('keeps delivering to the other pages when one listener throws', () => {
		const bus = new ChatEventBus();
		const got: string[] = [];
		bus.subscribe(A, 7, () => {
			throw new Error('socket gone');
		});
		bus.subscribe(A, 7, (p) => got.push(p.messages[0].uid));
		bus.publish(push(A, 7, 'm1'));
		expect(got).toEqual(['m1']);
	});

	it("replays a chat's recent pushes to a page that subscribes a moment later, not older ones and not refreshes", () => {
		let now = 1_000_000;
		const bus = new ChatEventBus({ replayWindowMs: 60_000, now: () => now });
		bus.publish(push(A, 7, 'old'));
		now += 61_000;
		bus.publish(push(A, 7, 'recent'));
		bus.publish({ ...push(A, 7, 'refreshed'), source: 'reconcile' });
		bus.publish(push(A, 8, 'other chat'));
		const got: string[] = [];
		bus.subscribe(A, 7, (p) => got.push(p.messages[0].uid));
		expect(got).toEqual(['recent']);
	});

	it('knows whether a trigger delivers for a workspace: until deactivated, or for a while after a delivery', () => {
		let now = 0;
		const bus = new ChatEventBus({ now: () => now });
		expect(bus.isTriggerActive(A)).toBe(false);
		bus.markTriggerActive(A, 1000);
		expect(bus.isTriggerActive(A)).toBe(true);
		expect(bus.isTriggerActive(B)).toBe(false);
		now = 1000;
		expect(bus.isTriggerActive(A)).toBe(false);
		bus.markTriggerActive(A);
		bus.markTriggerActive(A, 5); // a delivery never shortens the activation
		now = 10 ** 12;
		expect(bus.isTriggerActive(A)).toBe(true);
		bus.clearTriggerActive(A);
		expect(bus.isTriggerActive(A)).toBe(false);
	});
});
