import type { ChatPushChannel } from '../../../shared/coordination/chatEventBus';
import type { ChatBackend, ZohoSignIn } from '../chatBackend';
import type { SameSiteMode } from '../page/chatPageHeaders';
import type { ChatLinkClaims } from '../session/chatLinkClaims';
import type { ChatSessionStore } from '../session/chatSessionStore';
import type { SessionRateLimiter } from '../session/sessionRateLimiter';

/** An HTTP request as the chat handler sees it, whoever received it (n8n's webhook server or a test server). */
export interface ChatRequest {
	method: string;
	/** URL path of the webhook, used as the session cookie's Path. */
	path: string;
	query: Record<string, string | undefined>;
	/** Lower-case header names. */
	headers: Record<string, string | undefined>;
	/** Parsed JSON body for POSTs (n8n parses application/json before the node sees it). */
	body: unknown;
	/** true when the page was requested over https (directly or via a proxy's X-Forwarded-Proto). */
	secure: boolean;
	clientAddress?: string;
}

export interface ChatResponse {
	status: number;
	headers: Record<string, string>;
	body: string | Uint8Array;
	/** A response that stays open (the page's event stream): written after the headers, until either side ends it. */
	stream?: ChatResponseStream;
}

/** Where a stream writes: the HTTP response, flushed after every write. */
export interface ChatStreamSink {
	write(text: string): void;
	end(): void;
}

export interface ChatResponseStream {
	/** Starts writing once the headers are sent; returns what to call when the client goes away. */
	open(sink: ChatStreamSink): () => void;
}

/** Live updates of the page (Server-Sent Events): which workspace, how pushes travel, how often to refresh. */
export interface ChatPushDependencies {
	/** The TimelinesAI workspace of the node's credential (timelinesWorkspaceKey). */
	workspace: string;
	channel: ChatPushChannel;
	/** One shared fetch per open chat this often while no TimelinesAI Trigger delivers for the workspace. */
	refreshWithoutTriggerMs: number;
	/** The same while a trigger delivers (statuses such as Read come by no webhook); 0 = never. */
	refreshWithTriggerMs: number;
	/** A comment line this often keeps proxies from cutting an idle stream. */
	heartbeatMs: number;
	/** How often an open stream looks at its session and its chat's refresh; 1 s unless set. */
	tickMs?: number;
	/** sleep from n8n-workflow unless set (tests). */
	wait?: (ms: number) => Promise<void>;
}

export interface ChatConfig {
	linkSecret: string;
	/** Links whose expiry lies further ahead than this are refused (a leaked long-lived link is a key). */
	maxLinkLifetimeSeconds: number;
	defaultCountry?: string;
	/** Zoho modules the link may name, e.g. Leads, Contacts. */
	allowedModules: string[];
	maxUploadBytes: number;
	/** MIME types or type/* patterns. */
	allowedUploadTypes: string[];
	/** Largest attachment the node proxies to the page. */
	maxDownloadBytes: number;
	pollIntervalMs: number;
	frameAncestors: string[];
	cookieSameSite: SameSiteMode;
	sessionIdleSeconds: number;
	/** Require "Sign in with Zoho" after the link is verified (needs `zohoSignIn` in the dependencies). */
	signInWithZoho?: boolean;
}

/** State that outlives one request: kept by the node per workflow (module scope), by tests per server. */
export interface ChatRuntime {
	sessions: ChatSessionStore;
	/** Each signed link is bound to the session it first opened. */
	linkClaims: ChatLinkClaims;
	/**
	 * Counts every request of a session ('session:<id>'), page openings per Zoho user ('user:<email>') and
	 * refused links per client address ('client:<ip>', n8n's N8N_PROXY_HOPS decides whether that is the
	 * proxy's or the browser's), so a crowd behind one proxy never shares a budget for valid links.
	 */
	rateLimiter: SessionRateLimiter;
	nowSeconds(): number;
	newNonce(): string;
}

export interface ChatDependencies {
	config: ChatConfig;
	backend: ChatBackend;
	runtime: ChatRuntime;
	zohoSignIn?: ZohoSignIn;
	/** Live updates; without it the page polls (`?action=events` answers 404). */
	push?: ChatPushDependencies;
	/** Where failures a person should see go (n8n's log in the node). */
	log?: (message: string) => void;
}
