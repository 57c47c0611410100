import { signChatLink } from '../../../../nodes/shared/domain/signedLink';
import type {
	ChatConfig,
	ChatDependencies,
	ChatRequest,
} from '../../../../nodes/TimelinesAiLiveChat/chat/actions/chatRequest';
import { createChatRuntime } from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatRuntimeRegistry';
import { InMemoryChatBackend } from '../../../browser/inMemoryChatBackend';

export const SECRET = 'test-link-secret';
export const NOW_MS = Date.parse('2026-03-01T12:00:00Z');

export function chatConfig(overrides: Partial<ChatConfig> = {}): ChatConfig {
	return {
		linkSecret: SECRET,
		maxLinkLifetimeSeconds: 900,
		defaultCountry: 'GB',
		allowedModules: ['Leads', 'Contacts'],
		maxUploadBytes: 1024,
		allowedUploadTypes: ['image/*', 'application/pdf'],
		maxDownloadBytes: 10_000,
		pollIntervalMs: 2000,
		frameAncestors: ['https://*.zoho.com'],
		cookieSameSite: 'Lax',
		sessionIdleSeconds: 600,
		...overrides,
	};
}

/** A lead with a local-format and an international number, one chat on the first with 25 messages. */
export function seededBackend(): InMemoryChatBackend {
	const backend = new InMemoryChatBackend();
	backend.addRecord('Leads', '1001', {
		displayName: 'Ana Silva',
		phoneValues: ['07911 123456', '+49 151 23456789', 'n/a'],
	});
	const chat = backend.addChat({
		id: 7,
		name: 'Ana Silva',
		phone: '+447911123456',
		isGroup: false,
	});
	backend.addChat({ id: 8, name: 'Someone else', phone: '+447700900999', isGroup: false });
	for (let index = 1; index <= 25; index++)
		backend.addMessage(chat.id, { text: `message ${index}` });
	return backend;
}

export function dependencies(
	backend = seededBackend(),
	config = chatConfig(),
	requestsPerMinute = 100,
): ChatDependencies {
	return {
		config,
		backend,
		runtime: createChatRuntime(
			{ sessionIdleSeconds: config.sessionIdleSeconds, requestsPerMinute },
			() => NOW_MS,
		),
	};
}

export function signedQuery(
	overrides: Partial<{
		module: string;
		recordId: string;
		userEmail: string;
		expiresAt: number;
	}> = {},
	secret = SECRET,
): Record<string, string> {
	const link = {
		module: 'Leads',
		recordId: '1001',
		userEmail: 'agent@example.com',
		expiresAt: NOW_MS / 1000 + 600,
		...overrides,
	};
	return {
		m: link.module,
		r: link.recordId,
		e: link.userEmail,
		x: String(link.expiresAt),
		s: signChatLink(link, secret),
	};
}

export function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
	return {
		method: 'GET',
		path: '/webhook/chat',
		query: {},
		headers: {},
		body: undefined,
		secure: false,
		clientAddress: '127.0.0.1',
		...overrides,
	};
}
