import type { ChatConfig } from './chat/actions/chatRequest';
import { parseAllowedUploadTypes } from './chat/actions/uploadTypes';
import type { SameSiteMode } from './chat/page/chatPageHeaders';
import { DEFAULT_FRAME_ANCESTORS, parseFrameAncestors } from './chat/page/chatPageHeaders';
import type { ChatRuntimeSettings } from './chat/session/chatRuntimeRegistry';
import { DEFAULT_UPLOAD_TYPES } from './liveChatProperties';

export interface LiveChatParameters {
	maxLinkLifetimeMinutes: number;
	defaultCountry: string;
	/** A list, or module API names separated by commas (an expression). */
	allowedModules: string[] | string;
	signInWithZoho: boolean;
	options: {
		frameAncestors?: string;
		allowedUploadTypes?: string;
		cookieSameSite?: SameSiteMode;
		maxUploadMb?: number;
		pollIntervalSeconds?: number;
		requestsPerMinute?: number;
		sessionIdleMinutes?: number;
		sessionMaxLifetimeHours?: number;
		liveUpdates?: boolean;
		refreshSecondsWithoutTrigger?: number;
		refreshSecondsWithTrigger?: number;
	};
}

/** How often open pages' chats are refreshed (shared per chat), in ms; undefined when live updates are off. */
export interface LiveChatRefreshSettings {
	refreshWithoutTriggerMs: number;
	refreshWithTriggerMs: number;
	heartbeatMs: number;
}

/** A comment line on the event stream this often: under the ~60 s idle cut of common proxies. */
export const STREAM_HEARTBEAT_MS = 25_000;

export function liveChatRefreshSettings(
	parameters: LiveChatParameters,
): LiveChatRefreshSettings | undefined {
	const options = parameters.options;
	if (options.liveUpdates === false) return undefined;
	return {
		refreshWithoutTriggerMs:
			Math.min(300, Math.max(5, options.refreshSecondsWithoutTrigger ?? 20)) * 1000,
		refreshWithTriggerMs:
			Math.min(3600, Math.max(0, options.refreshSecondsWithTrigger ?? 60)) * 1000,
		heartbeatMs: STREAM_HEARTBEAT_MS,
	};
}

/** The node is set up in a way it cannot serve: the page says what to fix (and n8n's log too). */
export class LiveChatConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LiveChatConfigError';
	}
}

/** Largest proxied attachment; WhatsApp media is ≤ 100 MB but the page only needs previews and documents. */
const MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;

export function allowedModulesOf(value: string[] | string): string[] {
	const names = Array.isArray(value) ? value : value.split(',');
	return [...new Set(names.map((name) => String(name).trim()).filter(Boolean))];
}

export function liveChatConfig(parameters: LiveChatParameters, linkSecret: string): ChatConfig {
	const options = parameters.options;
	const uploadTypes = parseAllowedUploadTypes(options.allowedUploadTypes ?? DEFAULT_UPLOAD_TYPES);
	if (uploadTypes.invalid.length > 0) {
		throw new LiveChatConfigError(
			`Allowed Upload Types holds ${uploadTypes.invalid.map((entry) => JSON.stringify(entry.slice(0, 80))).join(', ')}: list MIME types such as image/png or image/*, separated by commas`,
		);
	}
	return {
		linkSecret,
		maxLinkLifetimeSeconds: Math.round(parameters.maxLinkLifetimeMinutes * 60),
		defaultCountry: parameters.defaultCountry.trim().toUpperCase() || undefined,
		allowedModules: allowedModulesOf(parameters.allowedModules),
		maxUploadBytes: Math.round((options.maxUploadMb ?? 10) * 1024 * 1024),
		allowedUploadTypes: uploadTypes.types,
		maxDownloadBytes: MAX_DOWNLOAD_BYTES,
		pollIntervalMs: Math.round(Math.min(2, Math.max(1, options.pollIntervalSeconds ?? 2)) * 1000),
		frameAncestors:
			options.frameAncestors === undefined
				? DEFAULT_FRAME_ANCESTORS
				: parseFrameAncestors(options.frameAncestors),
		cookieSameSite: options.cookieSameSite ?? 'Lax',
		sessionIdleSeconds: Math.round((options.sessionIdleMinutes ?? 30) * 60),
		signInWithZoho: parameters.signInWithZoho,
	};
}

export function chatRuntimeSettings(parameters: LiveChatParameters): ChatRuntimeSettings {
	const options = parameters.options;
	return {
		sessionIdleSeconds: Math.round((options.sessionIdleMinutes ?? 30) * 60),
		sessionMaxLifetimeSeconds: Math.round((options.sessionMaxLifetimeHours ?? 8) * 3600),
		requestsPerMinute: options.requestsPerMinute ?? 120,
	};
}
