// The bench's "live chat at team scale" section: 50 open chat views over 30 chats (HTTP clients speaking the
// page's protocol: the signed link, then the ?action=events stream) while messages arrive at 5/s through the
// sandbox's TimelinesAI → the TimelinesAI Trigger → the pages. Measures message-to-page latency (from the
// moment the sandbox is asked to post the message, so it includes the webhook delivery), TimelinesAI API
// calls per minute for the open pages, executions the pages stored, and n8n's CPU per viewer.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { chatLinkQueryString } from '../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import type { PipelineStack } from '../scripts/lib/pipelineStack';

export const TEAM = {
	viewers: 50,
	chats: 30,
	/** The measured phase; BENCH_TEAM_SECONDS shortens it for a quick look. */
	seconds: Number(process.env.BENCH_TEAM_SECONDS ?? 120),
	messagesPerSecond: 5,
	/** Messages at the same rate without any page open: n8n's CPU for the messages alone. */
	baselineSeconds: 30,
	/** n8n idle, with no view and then with every view open (heartbeats, session checks, shared refresh). */
	idleSeconds: 20,
	/** What the page did before push: one TimelinesAI call per viewer every 2 s (default polling interval). */
	pollingCallsPerViewerMinute: 30,
};

export interface TeamChatFigures {
	viewers: number;
	chats: number;
	seconds: number;
	messages: number;
	/** (message, viewer of its chat) pairs. */
	samples: number;
	missed: number;
	p50: number;
	p95: number;
	max: number;
	apiCallsPerMinute: number;
	openingApiCalls: number;
	liveChatExecutions: number;
	syncExecutions: number;
	cpuBaselinePct: number;
	cpuWithViewersPct: number;
	cpuPerViewerPct: number;
	cpuIdlePct: number;
	cpuIdleWithViewersPct: number;
	cpuIdlePerViewerPct: number;
}

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** One open page: the signed link, then the event stream; when each message uid first arrived. */
class StreamViewer {
	readonly arrivals = new Map<string, number>();
	chatId = 0;
	private readonly abort = new AbortController();

	async open(link: string): Promise<void> {
		const page = await fetch(link);
		const html = await page.text();
		if (page.status !== 200) throw new Error(`chat page → ${page.status}`);
		const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
		this.chatId = Number(/"selectedChatId":(\d+)/.exec(html)?.[1]);
		const url = new URL(link);
		const stream = await fetch(`${url.origin}${url.pathname}?action=events&chat=${this.chatId}`, {
			headers: { cookie },
			signal: this.abort.signal,
		});
		if (stream.status !== 200 || !stream.body) throw new Error(`event stream → ${stream.status}`);
		void this.read(stream.body).catch(() => undefined);
	}

	private async read(body: ReadableStream<Uint8Array>): Promise<void> {
		const decoder = new TextDecoder();
		let buffer = '';
		for await (const chunk of body) {
			buffer += decoder.decode(chunk, { stream: true });
			for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
				this.onEvent(buffer.slice(0, end));
				buffer = buffer.slice(end + 2);
			}
		}
	}

	private onEvent(block: string): void {
		const now = performance.now();
		const lines = block.split('\n');
		if (!lines.includes('event: messages')) return;
		const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '{}';
		for (const item of (JSON.parse(data) as { items: Array<{ uid: string }> }).items)
			if (!this.arrivals.has(item.uid)) this.arrivals.set(item.uid, now);
	}

	close(): void {
		this.abort.abort();
	}
}

/** CPU seconds the process used so far (user + system, /proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
	if (!pid) return Number.NaN;
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
	return sorted.length === 0
		? Number.NaN
		: sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const phoneOf = (index: number) => `+4477009${String(70000 + index).slice(-5)}`;

/** Messages at `perSecond` for `seconds` to random chats of `phones`; when each uid was asked for. */
async function sendMessages(
	stack: PipelineStack,
	phones: string[],
	seconds: number,
	perSecond: number,
): Promise<Array<{ uid: string; phone: string; sentAt: number }>> {
	const sends: Array<Promise<{ uid: string; phone: string; sentAt: number }>> = [];
	const started = performance.now();
	for (let index = 0; index < seconds * perSecond; index++) {
		const due = started + (index * 1000) / perSecond;
		await pause(Math.max(0, due - performance.now()));
		const phone = phones[Math.floor(Math.random() * phones.length)];
		const sentAt = performance.now();
		sends.push(
			stack.sandbox.timelines
				.simulateMessage({
					phone,
					name: `Team ${phone.slice(-3)}`,
					text: `team message ${index}`,
					// A quarter are ours (sent from the phone or TimelinesAI): pushed just the same.
					direction: index % 4 === 3 ? 'sent' : 'received',
				})
				.then((sent) => ({ uid: sent.message_uid, phone, sentAt })),
		);
	}
	return await Promise.all(sends);
}

export async function teamChatBench(stack: PipelineStack): Promise<TeamChatFigures> {
	const phones = Array.from({ length: TEAM.chats }, (_, index) => phoneOf(index));
	const leads = phones.map((phone, index) => {
		for (let m = 0; m < 5; m++)
			void stack.sandbox.timelines.simulateMessage({
				phone,
				name: `Team ${phone.slice(-3)}`,
				text: `history ${m}`,
				deliver: false,
			});
		return stack.sandbox.zoho.createRecord('Leads', { Last_Name: `Team ${index}`, Mobile: phone });
	});
	await pause(500);

	console.log(`  ${TEAM.baselineSeconds} s of messages with no page open …`);
	const pid = stack.n8n.pid;
	let cpu = cpuSeconds(pid);
	await sendMessages(stack, phones, TEAM.baselineSeconds, TEAM.messagesPerSecond);
	const cpuBaselinePct = ((cpuSeconds(pid) - cpu) / TEAM.baselineSeconds) * 100;

	const idleCpu = async () => {
		const before = cpuSeconds(pid);
		await pause(TEAM.idleSeconds * 1000);
		return ((cpuSeconds(pid) - before) / TEAM.idleSeconds) * 100;
	};
	console.log(`  ${TEAM.idleSeconds} s idle with no page open …`);
	const cpuIdlePct = await idleCpu();

	console.log(`  opening ${TEAM.viewers} chat views over ${TEAM.chats} chats …`);
	const callsBeforeOpening = await stack.client.timelinesApiCalls();
	const viewers: StreamViewer[] = [];
	for (let index = 0; index < TEAM.viewers; index++) {
		const link = `${stack.pipeline.chatViewUrl}?${chatLinkQueryString({ module: 'Leads', recordId: leads[index % TEAM.chats].id, userEmail: `agent${index}@sandbox.example`, expiresAt: Math.floor(Date.now() / 1000) + 600 + index }, stack.pipeline.chatLinkSecret)}`;
		const viewer = new StreamViewer();
		await viewer.open(link);
		viewers.push(viewer);
	}
	console.log(`  ${TEAM.idleSeconds} s idle with every view open …`);
	const cpuIdleWithViewersPct = await idleCpu();
	const callsBefore = await stack.client.timelinesApiCalls();
	const executionsBefore = (await stack.rest.executions(stack.pipeline.sync.id)).length;

	console.log(
		`  ${TEAM.seconds} s of messages at ${TEAM.messagesPerSecond}/s with every view open …`,
	);
	cpu = cpuSeconds(pid);
	const started = performance.now();
	const sent = await sendMessages(stack, phones, TEAM.seconds, TEAM.messagesPerSecond);
	const elapsedS = (performance.now() - started) / 1000;
	const cpuWithViewersPct = ((cpuSeconds(pid) - cpu) / elapsedS) * 100;
	const apiCalls = (await stack.client.timelinesApiCalls()) - callsBefore;
	await pause(2000); // the last messages' pushes
	for (const viewer of viewers) viewer.close();

	const chatIdOf = new Map<string, number>();
	viewers.forEach((viewer, index) => chatIdOf.set(phones[index % TEAM.chats], viewer.chatId));
	const latencies: number[] = [];
	let missed = 0;
	for (const message of sent) {
		const chatId = chatIdOf.get(message.phone);
		for (const viewer of viewers.filter((v) => v.chatId === chatId)) {
			const arrived = viewer.arrivals.get(message.uid);
			if (arrived === undefined) missed++;
			else latencies.push(arrived - message.sentAt);
		}
	}
	latencies.sort((a, b) => a - b);
	return {
		viewers: TEAM.viewers,
		chats: TEAM.chats,
		seconds: Math.round(elapsedS),
		messages: sent.length,
		samples: latencies.length + missed,
		missed,
		p50: Math.round(percentile(latencies, 50)),
		p95: Math.round(percentile(latencies, 95)),
		max: Math.round(latencies.at(-1) ?? Number.NaN),
		apiCallsPerMinute: apiCalls / (elapsedS / 60),
		openingApiCalls: callsBefore - callsBeforeOpening,
		liveChatExecutions: (await stack.rest.executions(stack.pipeline.liveChat.id)).length,
		syncExecutions: (await stack.rest.executions(stack.pipeline.sync.id)).length - executionsBefore,
		cpuBaselinePct,
		cpuWithViewersPct,
		cpuPerViewerPct: (cpuWithViewersPct - cpuBaselinePct) / TEAM.viewers,
		cpuIdlePct,
		cpuIdleWithViewersPct,
		cpuIdlePerViewerPct: (cpuIdleWithViewersPct - cpuIdlePct) / TEAM.viewers,
	};
}
