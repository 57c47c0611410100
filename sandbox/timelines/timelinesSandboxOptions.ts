import type { TimelinesBehaviour } from './timelinesBehaviour';
import type { FaultSettings } from './timelinesTypes';

export interface TimelinesSandboxOptions {
	/** the workspace API token (default sandbox-timelines-token); it belongs to the first teammate */
	token?: string;
	/** further attempts after a failed delivery (default 2: "retries the delivery 2 additional times") */
	deliveryRetries?: number;
	/** waits before retries 1, 2… (default [1000, 5000]; the last repeats; the real spacing is UNVERIFIED) */
	retryDelaysMs?: number[];
	/** receiver answer deadline (default 5000: "respond with 2xx within 5 seconds") */
	deliveryTimeoutMs?: number;
	/** webhooks per workspace (default 10, webhook spec) */
	webhookLimit?: number;
	/** outgoing messages turn Delivered this long after sending (default 2000) */
	deliveredAfterMs?: number;
	/** lifetime of temporary download URLs (default 900 s: "valid 15 minutes") */
	downloadUrlTtlSeconds?: number;
	/** message credits of the workspace (default 10000) */
	messageQuota?: number;
	/** API calls per month of the workspace (default 1,000,000) */
	apiCallsQuota?: number;
	/** false = an empty workspace (no accounts, chats or templates) */
	seed?: boolean;
	faults?: Partial<FaultSettings>;
	behaviour?: Partial<TimelinesBehaviour>;
}
