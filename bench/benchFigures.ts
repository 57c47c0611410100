// What one pipeline's run of `npm run bench` measures, and the run's fixed settings.

export const ZOHO = { edition: 'professional' as const, faults: { latencyMs: 100, jitterMs: 100 } }; // 150 ± 50 ms
export const SENDERS = 20;
export const LOAD_MESSAGES = 500;
export const LOAD_CONTACTS = 50;
export const BURST = 100;
export const STEADY = 20;
export const NEW_CONTACTS = 5;
/** New contacts whose first messages arrive together (from SENDERS senders). */
export const NEW_TOGETHER = 50;

export interface PipelineFigures {
	newContact: number;
	/** the first messages of NEW_TOGETHER new contacts sent at once: credits per message, and lines not written */
	newTogether: number;
	newTogetherLost: number;
	steady: number;
	steadyConditional?: number;
	burst: number;
	burstSeconds: number;
	burstLost: number;
	load: LoadFigures;
	loadConditional?: LoadFigures;
	/** the load with the sync log (the catch-up's Data Table write) switched off: what the log costs */
	loadWithoutSyncLog?: LoadFigures;
	/** the load in the sandbox's other reading: a connection that is not an administrator, notes charged one by one */
	loadOtherReading?: LoadFigures;
	/** LOAD_MESSAGES sent at a fixed PACED_RATE (open loop): the latency at that rate */
	paced?: LoadFigures;
	failed: number;
}

/** Messages per second of the paced load. */
export const PACED_RATE = 50;

export interface LoadFigures {
	/** webhook deliveries n8n accepted per second while the senders were sending */
	accepted: number;
	/** messages written to Zoho per second, from the first send to the last line written */
	throughput: number;
	p50: number;
	p95: number;
	p99: number;
	lost: number;
	doubled: number;
	/** Zoho credits per message (the warm-up of the contacts excluded) */
	credits: number;
}
