import {
	chatRuntimeFor,
	endChatRuntime,
} from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';

const settings = { sessionIdleSeconds: 600, requestsPerMinute: 60 };

describe('chat runtime lifecycle (the node’s webhookMethods)', () => {
	it('keeps one runtime per node across webhook calls', () => {
		expect(chatRuntimeFor('wf-1:node-a', settings)).toBe(chatRuntimeFor('wf-1:node-a', settings));
		expect(chatRuntimeFor('wf-1:node-a', settings)).not.toBe(
			chatRuntimeFor('wf-1:node-b', settings),
		);
	});

	it('ends every session of the page when the workflow is deactivated', () => {
		const before = chatRuntimeFor('wf-2:node-a', settings);
		const other = chatRuntimeFor('wf-2:node-b', settings);
		expect(endChatRuntime('wf-2:node-a')).toBe(true);
		expect(chatRuntimeFor('wf-2:node-a', settings)).not.toBe(before);
		expect(chatRuntimeFor('wf-2:node-b', settings)).toBe(other);
		expect(endChatRuntime('wf-2:unknown')).toBe(false);
	});
});
