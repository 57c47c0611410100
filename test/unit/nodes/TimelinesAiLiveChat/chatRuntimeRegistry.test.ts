import { chatRuntimeFor } from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';

describe('chat runtime per node', () => {
	it('keeps sessions across webhook calls of the same node', () => {
		const settings = { sessionIdleSeconds: 60, requestsPerMinute: 10 };
		const first = chatRuntimeFor('wf-1:node-a', settings);
		const session = first.sessions.create(
			{ module: 'Leads', recordId: '1', userEmail: 'a@b.c' },
			[],
			[],
		);
		const again = chatRuntimeFor('wf-1:node-a', { ...settings });
		expect(again).toBe(first);
		expect(again.sessions.touch(session.id)).toBe(session);
	});

	it('separates nodes and starts afresh when the session settings change', () => {
		const settings = { sessionIdleSeconds: 60, requestsPerMinute: 10 };
		const a = chatRuntimeFor('wf-2:node-a', settings);
		expect(chatRuntimeFor('wf-2:node-b', settings)).not.toBe(a);
		expect(chatRuntimeFor('wf-2:node-a', { ...settings, requestsPerMinute: 11 })).not.toBe(a);
	});

	it('makes a different CSP nonce for every response', () => {
		const runtime = chatRuntimeFor('wf-3:node-a', {
			sessionIdleSeconds: 60,
			requestsPerMinute: 10,
		});
		expect(runtime.newNonce()).not.toBe(runtime.newNonce());
	});
});
