// One pipeline's measurements: credits per message for new contacts, steady state and a burst; throughput,
// latency and losses under load; the chat view's page time.
import { chatLinkQueryString } from '../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import { PipelineStack } from '../scripts/lib/pipelineStack';
import type { LoadFigures, PipelineFigures } from './benchFigures';
import {
	BURST,
	LOAD_CONTACTS,
	LOAD_MESSAGES,
	NEW_CONTACTS,
	NEW_TOGETHER,
	PACED_RATE,
	SENDERS,
	STEADY,
} from './benchFigures';

export function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The unique token each benchmark message carries (see send). */
const TOKEN = /BM[0-9a-z]+X[0-9a-z]+Q/g;

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export class Bench {
	private seq = 0;

	constructor(private readonly stack: PipelineStack) {}

	credits(): number {
		return this.stack.sandbox.zoho.credits().used;
	}

	private noteText(): string {
		return this.stack.sandbox.zoho
			.notes()
			.map((note) => String(note.Note_Content))
			.join('\n');
	}

	/** Sends one WhatsApp message (the sandbox delivers it to the routed pipeline); returns its unique token. */
	async send(phone: string, label: string): Promise<string> {
		const token = `BM${(this.seq++).toString(36)}X${Math.floor(Math.random() * 1e6).toString(36)}Q`;
		await this.stack.client.simulateMessage({
			phone,
			name: `Bench ${phone.slice(-4)}`,
			text: `${label} ${token}`,
		});
		return token;
	}

	/** Note id → the content last scanned, so a poll reads only the notes that changed since. */
	private readonly scanned = new Map<string, string>();
	/** Token → when it was first seen in a note. */
	private readonly seenAt = new Map<string, number>();

	/** Scans the notes changed since the last poll for message tokens (cheap: the sandbox shares the CPU). */
	private poll(): void {
		for (const note of this.stack.sandbox.zoho.notes()) {
			const content = String(note.Note_Content ?? '');
			if (this.scanned.get(note.id) === content) continue;
			this.scanned.set(note.id, content);
			const now = Date.now();
			for (const [token] of content.matchAll(TOKEN))
				if (!this.seenAt.has(token)) this.seenAt.set(token, now);
		}
	}

	/**
	 * Polls the notes every 50 ms until the returned function is called, so that a line is timed when it is
	 * written even while messages are still being sent (written() alone polls only once sending is over).
	 */
	watch(): () => Promise<void> {
		let on = true;
		const loop = (async () => {
			while (on) {
				this.poll();
				await pause(50);
			}
		})();
		return async () => {
			on = false;
			await loop;
		};
	}

	/**
	 * When each token first appears in a note (polled every 25 ms). Gives up once nothing new has been
	 * written for `quietMs` (the stock-node baseline loses lines under concurrency: those never appear).
	 */
	async written(
		tokens: string[],
		quietMs = 15_000,
	): Promise<{ at: Map<string, number>; doubled: number }> {
		const at = new Map<string, number>();
		let lastProgress = Date.now();
		while (at.size < tokens.length && Date.now() - lastProgress < quietMs) {
			this.poll();
			for (const token of tokens) {
				const seen = this.seenAt.get(token);
				if (seen !== undefined && !at.has(token)) {
					at.set(token, seen);
					lastProgress = Date.now();
				}
			}
			if (at.size < tokens.length) await pause(25);
		}
		const counts = new Map<string, number>();
		for (const [token] of this.noteText().matchAll(TOKEN))
			counts.set(token, (counts.get(token) ?? 0) + 1);
		const doubled = tokens.filter((token) => (counts.get(token) ?? 0) > 1).length;
		return { at, doubled };
	}

	async sequential(phone: string, label: string, count: number): Promise<number> {
		const before = this.credits();
		for (let i = 0; i < count; i++) {
			const token = await this.send(phone, `${label} ${i}`);
			const { at } = await this.written([token]);
			if (!at.has(token)) throw new Error(`${label} ${i} was not written`);
		}
		return (this.credits() - before) / count;
	}

	async measure(pipeline: {
		label: string;
		workflowId: string;
		phoneBase: number;
		setWriteMode?: (mode: string) => Promise<void>;
		setSyncLog?: (on: boolean) => Promise<void>;
		/** Switches the sandbox to its other reading (not an administrator, notes charged one by one); returns the switch back. */
		otherReading?: () => () => void;
	}): Promise<PipelineFigures> {
		const phone = (n: number) => `+44770090${pipeline.phoneBase + n}`;
		console.log(`  ${pipeline.label}: warm-up`);
		await this.sequential(phone(99), 'warm-up', 1);

		console.log(`  ${pipeline.label}: first message of ${NEW_CONTACTS} new contacts`);
		let before = this.credits();
		for (let i = 0; i < NEW_CONTACTS; i++) await this.sequential(phone(i), 'first', 1);
		const newContact = (this.credits() - before) / NEW_CONTACTS;

		console.log(`  ${pipeline.label}: first messages of ${NEW_TOGETHER} new contacts, together`);
		before = this.credits();
		const togetherTokens: string[] = [];
		await Promise.all(
			Array.from({ length: SENDERS }, async (_, w) => {
				for (let i = w; i < NEW_TOGETHER; i += SENDERS)
					togetherTokens.push(await this.send(phone(600 + i), `first-together ${i}`));
			}),
		);
		const together = await this.written(togetherTokens);
		const newTogether = (this.credits() - before) / NEW_TOGETHER;

		console.log(`  ${pipeline.label}: steady state, ${STEADY} messages`);
		const known = phone(0);
		const steady = await this.sequential(known, 'steady', STEADY);
		let steadyConditional: number | undefined;
		if (pipeline.setWriteMode) {
			await pipeline.setWriteMode('conditionalWrite');
			await this.sequential(known, 'steady-warm', 1);
			steadyConditional = await this.sequential(known, 'steady-conditional', STEADY);
			await pipeline.setWriteMode('readBeforeWrite');
			await this.sequential(known, 'steady-warm', 1);
		}

		console.log(`  ${pipeline.label}: burst of ${BURST} to one contact`);
		before = this.credits();
		const burstStarted = Date.now();
		const burstTokens: string[] = [];
		await Promise.all(
			Array.from({ length: SENDERS }, async (_, w) => {
				for (let i = w; i < BURST; i += SENDERS)
					burstTokens.push(await this.send(known, `burst ${i}`));
			}),
		);
		const burstSeconds = (Date.now() - burstStarted) / 1000;
		const burstResult = await this.written(burstTokens);
		const burst = (this.credits() - before) / BURST;

		const failedBefore = await this.failed(pipeline.workflowId);
		const load = await this.load(
			pipeline.label,
			Array.from({ length: LOAD_CONTACTS }, (_, i) => phone(100 + i)),
		);
		let loadConditional: LoadFigures | undefined;
		if (pipeline.setWriteMode) {
			await pipeline.setWriteMode('conditionalWrite');
			loadConditional = await this.load(
				`${pipeline.label} (conditional write)`,
				Array.from({ length: LOAD_CONTACTS }, (_, i) => phone(200 + i)),
			);
			await pipeline.setWriteMode('readBeforeWrite');
		}
		let loadWithoutSyncLog: LoadFigures | undefined;
		if (pipeline.setSyncLog) {
			await pipeline.setSyncLog(false);
			loadWithoutSyncLog = await this.load(
				`${pipeline.label} (without the sync log)`,
				Array.from({ length: LOAD_CONTACTS }, (_, i) => phone(300 + i)),
			);
			await pipeline.setSyncLog(true);
		}
		let paced: LoadFigures | undefined;
		let loadOtherReading: LoadFigures | undefined;
		if (pipeline.otherReading) {
			paced = await this.load(
				`${pipeline.label} (paced at ${PACED_RATE} messages/s)`,
				Array.from({ length: LOAD_CONTACTS }, (_, i) => phone(400 + i)),
				PACED_RATE,
			);
			// Last: the pack remembers for an hour that the connection is not an administrator.
			const switchBack = pipeline.otherReading();
			loadOtherReading = await this.load(
				`${pipeline.label} (other reading: not an administrator, notes charged one by one)`,
				Array.from({ length: LOAD_CONTACTS }, (_, i) => phone(500 + i)),
			);
			switchBack();
		}
		return {
			newContact,
			newTogether,
			newTogetherLost: NEW_TOGETHER - together.at.size,
			steady,
			steadyConditional,
			burst,
			burstSeconds,
			burstLost: BURST - burstResult.at.size,
			load,
			loadConditional,
			loadWithoutSyncLog,
			loadOtherReading,
			paced,
			failed: (await this.failed(pipeline.workflowId)) - failedBefore,
		};
	}

	/**
	 * LOAD_MESSAGES messages across the (already known) contacts: from SENDERS concurrent senders, each
	 * sending its next message once the last was accepted, or (`rate`) one every 1/rate s, open loop.
	 */
	private async load(label: string, phones: string[], rate?: number): Promise<LoadFigures> {
		console.log(
			`  ${label}: ${LOAD_MESSAGES} messages, ${phones.length} contacts, ${rate ? `${rate}/s` : `${SENDERS} senders`}`,
		);
		for (const p of phones) await this.sequential(p, 'load-warm-up', 1);
		await pause(2000);
		const creditsBefore = this.credits();
		const sentAt = new Map<string, number>();
		const started = Date.now();
		const stopWatching = this.watch();
		if (rate)
			await Promise.all(
				Array.from({ length: LOAD_MESSAGES }, async (_, i) => {
					await pause(Math.max(0, started + (i * 1000) / rate - Date.now()));
					const t = Date.now();
					sentAt.set(await this.send(phones[i % phones.length], `paced ${i}`), t);
				}),
			);
		else
			await Promise.all(
				Array.from({ length: SENDERS }, async (_, w) => {
					for (let i = w; i < LOAD_MESSAGES; i += SENDERS) {
						const t = Date.now();
						sentAt.set(await this.send(phones[i % phones.length], `load ${i}`), t);
					}
				}),
			);
		const accepted = LOAD_MESSAGES / ((Date.now() - started) / 1000);
		const written = await this.written([...sentAt.keys()]);
		await stopWatching();
		const lastWrite = Math.max(started, ...written.at.values());
		const latencies = [...written.at]
			.map(([token, t]) => t - (sentAt.get(token) ?? t))
			.sort((a, b) => a - b);
		await pause(2000);
		return {
			accepted,
			throughput: written.at.size / ((lastWrite - started) / 1000),
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
			p99: percentile(latencies, 99),
			lost: LOAD_MESSAGES - written.at.size,
			doubled: written.doubled,
			credits: (this.credits() - creditsBefore) / LOAD_MESSAGES,
		};
	}

	/** Executions of the workflow that ended in error or crashed. */
	async failed(workflowId: string): Promise<number> {
		return (await this.stack.rest.executions(workflowId)).filter(
			(e) => e.status === 'error' || e.status === 'crashed',
		).length;
	}

	async chatView(): Promise<number> {
		const chatPhone = '+447700908999';
		for (let i = 0; i < 1000; i++)
			await this.stack.sandbox.timelines.simulateMessage({
				phone: chatPhone,
				name: 'Long Chat',
				text: `history ${i}`,
				deliver: false,
			});
		const lead = this.stack.sandbox.zoho.createRecord('Leads', {
			Last_Name: 'Long Chat',
			Mobile: chatPhone,
		});
		const times: number[] = [];
		for (let i = 0; i < 11; i++) {
			// A fresh link per opening (as each click of the Zoho button makes): a link opens in one browser only
			// (expiries strictly increase with i, so no two openings sign the same link).
			const link = `${this.stack.pipeline.chatViewUrl}?${chatLinkQueryString({ module: 'Leads', recordId: lead.id, userEmail: 'alex.admin@sandbox.example', expiresAt: Math.floor(Date.now() / 1000) + 600 + i }, this.stack.pipeline.chatLinkSecret)}`;
			const t = performance.now();
			const response = await fetch(link);
			await response.text();
			if (response.status !== 200) throw new Error(`chat page → ${response.status}`);
			if (i > 0) times.push(performance.now() - t); // the first opening warms n8n's webhook route
		}
		times.sort((a, b) => a - b);
		return times[Math.floor(times.length / 2)];
	}
}
