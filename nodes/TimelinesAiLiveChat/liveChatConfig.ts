import type { ChatConfig } from './chat/actions/chatRequest';
import type { SameSiteMode } from './chat/page/chatPageHeaders';
import { DEFAULT_FRAME_ANCESTORS, parseFrameAncestors } from './chat/page/chatPageHeaders';
import { DEFAULT_UPLOAD_TYPES } from './liveChatProperties';

export interface LiveChatParameters {
	linkSecret: string;
	maxLinkLifetimeMinutes: number;
	defaultCountry: string;
	allowedModules: string[];
	signInWithZoho: boolean;
	options: {
		frameAncestors?: string;
		allowedUploadTypes?: string;
		cookieSameSite?: SameSiteMode;
		maxUploadMb?: number;
		pollIntervalSeconds?: number;
		requestsPerMinute?: number;
		sessionIdleMinutes?: number;
	};
}

/** Largest proxied attachment; WhatsApp media is ≤ 100 MB but the page only needs previews and documents. */
const MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;

export function liveChatConfig(parameters: LiveChatParameters): ChatConfig {
	const options = parameters.options;
	return {
		linkSecret: parameters.linkSecret,
		maxLinkLifetimeSeconds: Math.round(parameters.maxLinkLifetimeMinutes * 60),
		defaultCountry: parameters.defaultCountry.trim().toUpperCase() || undefined,
		allowedModules: parameters.allowedModules,
		maxUploadBytes: Math.round((options.maxUploadMb ?? 10) * 1024 * 1024),
		allowedUploadTypes: (options.allowedUploadTypes ?? DEFAULT_UPLOAD_TYPES)
			.split(',')
			.map((type) => type.trim())
			.filter((type) => type !== ''),
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

export function requestsPerMinute(parameters: LiveChatParameters): number {
	return parameters.options.requestsPerMinute ?? 120;
}
