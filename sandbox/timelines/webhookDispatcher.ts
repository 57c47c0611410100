import http from 'node:http';
import https from 'node:https';

import type { DeliveryRecord, StoredWebhook } from './timelinesTypes';

export interface DeliveryTarget {
	webhook: StoredWebhook;
	event: string;
	payload: unknown;
	messageUid?: string;
	chatId?: number;
}

export interface DispatcherOptions {
	/** further attempts after a failed first one */
	retries: number;
	/** wait before retry n (the last value repeats) */
	retryDelaysMs: number[];
	/** the receiver must answer within this (timelinesai.md: 2xx within 5 s) */
	timeoutMs: number;
	/** delivery log length (the TimelinesAI UI shows the last 1,000 activations) */
	logLimit: number;
}

export interface DispatcherHooks {
	/** the webhook as it is now; undefined once deleted */
	current(id: number): StoredWebhook | undefined;
}

const STOP_WAIT_MS = 2000;

/** The webhook URL for logs: the query string (where receivers keep their secret) redacted. */
export function redactUrl(raw: string): string {
	try {
		const url = new URL(raw);
		return `${url.origin}${url.pathname}${url.search ? '?[redacted]' : ''}`;
	} catch {
		return '[invalid url]';
	}
}

/**
 * Webhook delivery: one JSON POST per (event, webhook); a non-2xx answer, a timeout (5 s) or a network error
 * is a failure. TimelinesAI's policy (webhook reference, retry policy): 2 more attempts (3 in all), then
 * errors_counter increments; the webhook is never disabled automatically. The spacing is undocumented
 * (retryDelaysMs). At-least-once: the same body may arrive more than once.
 */
export class WebhookDispatcher {
	private readonly entries: DeliveryRecord[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlight = new Set<Promise<unknown>>();
	private readonly requests = new Set<http.ClientRequest>();
	private stopped = false;

	constructor(
		private readonly options: DispatcherOptions,
		private readonly hooks: DispatcherHooks,
	) {}

	/** Sends every target once, schedules retries of failures; resolves with the first attempts' records. */
	async deliver(targets: DeliveryTarget[]): Promise<DeliveryRecord[]> {
		if (this.stopped) return [];
		return await Promise.all(
			targets.map((target) => this.attempt(target, Buffer.from(JSON.stringify(target.payload)), 1)),
		);
	}

	log(): DeliveryRecord[] {
		return [...this.entries];
	}

	/** Forgets the log and every scheduled retry (reset). In-flight attempts still finish. */
	clear(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.entries.length = 0;
	}

	/** Cancels scheduled retries, waits up to ~2 s for attempts in flight, then aborts the rest. */
	async stop(): Promise<void> {
		this.stopped = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		if (this.inFlight.size > 0) {
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				Promise.allSettled([...this.inFlight]),
				new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS))),
			]);
			clearTimeout(timer);
		}
		for (const request of this.requests) request.destroy(new Error('sandbox stopped'));
	}

	private attempt(target: DeliveryTarget, body: Buffer, attempt: number): Promise<DeliveryRecord> {
		const started = Date.now();
		const run = this.post(target.webhook.url, body).then((result): DeliveryRecord => {
			const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
			// The same object: not a new webhook that reuses the id after a reset.
			const webhook = this.hooks.current(target.webhook.id);
			const willRetry = !ok && !this.stopped && attempt <= this.options.retries;
			if (webhook === target.webhook) {
				webhook.activations += 1;
				// "Number of consecutive delivery failures"; "if all attempts fail, the webhook's errors_counter
				// increments" (webhook reference, retry policy): a success resets it. Never auto-disabled.
				if (ok) webhook.errors_counter = 0;
				else if (!willRetry) webhook.errors_counter += 1;
				if (!ok) webhook.failedAttempts = (webhook.failedAttempts ?? 0) + 1;
			}
			const record: DeliveryRecord = {
				webhook_id: target.webhook.id,
				event: target.event,
				message_uid: target.messageUid,
				chat_id: target.chatId,
				url: redactUrl(target.webhook.url),
				status: result.status,
				error: result.error ?? (ok ? undefined : `HTTP ${result.status}`),
				ok,
				attempt,
				will_retry: willRetry,
				time: new Date(started).toISOString(),
				duration_ms: Date.now() - started,
			};
			this.entries.push(record);
			if (this.entries.length > this.options.logLimit)
				this.entries.splice(0, this.entries.length - this.options.logLimit);
			if (willRetry) this.scheduleRetry(target, body, attempt + 1);
			return record;
		});
		this.inFlight.add(run);
		void run.finally(() => this.inFlight.delete(run));
		return run;
	}

	private scheduleRetry(target: DeliveryTarget, body: Buffer, attempt: number): void {
		const delays = this.options.retryDelaysMs;
		const wait = delays.length > 0 ? delays[Math.min(attempt - 2, delays.length - 1)] : 1000;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			// A deleted or disabled webhook is not retried.
			const webhook = this.hooks.current(target.webhook.id);
			if (this.stopped || webhook !== target.webhook || !webhook.enabled) return;
			void this.attempt(target, body, attempt);
		}, wait);
		this.timers.add(timer);
	}

	/** One POST; never rejects: `{status}` when the receiver answered, `{error}` otherwise. */
	private post(rawUrl: string, body: Buffer): Promise<{ status?: number; error?: string }> {
		return new Promise((resolve) => {
			let url: URL;
			try {
				url = new URL(rawUrl);
			} catch {
				resolve({ error: 'invalid url' });
				return;
			}
			const client = url.protocol === 'https:' ? https : http;
			let settled = false;
			const finish = (result: { status?: number; error?: string }): void => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				this.requests.delete(request);
				resolve(result);
			};
			const request = client.request(
				url,
				{
					method: 'POST',
					agent: false,
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': String(body.length),
						'User-Agent': 'TimelinesAI-Sandbox-Webhooks/1.0',
						Connection: 'close',
					},
				},
				(response) => {
					response.resume(); // the body is not read; the status code is the answer
					finish({ status: response.statusCode });
				},
			);
			const timer = setTimeout(
				() => request.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)),
				this.options.timeoutMs,
			);
			this.requests.add(request);
			request.on('error', (error) => finish({ error: error.message }));
			request.end(body);
		});
	}
}
