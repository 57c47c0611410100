// "A day of a small team", time-compressed: DAY_MESSAGES WhatsApp messages over DAY_CONTACTS contacts (each new
// to Zoho at its first message), spread like a working day (9:00–17:00, a morning and an afternoon peak and a
// lunch dip; a few contacts write most), through the bundled sync workflow in real n8n, DAY_COMPRESSION times
// faster than real time. Run twice: without a budget, and with the Zoho credential's Daily Credit Budget at
// DAY_BUDGET. The pack projects its 24-hour use from its rate on the real clock, so the compressed day reads
// as far above the budget throughout: note writes wait the longest (2 s) all day, the worst case of what a
// budget costs in latency. What the day spends must stay within the budget, and every message must land.
import { PipelineStack } from '../scripts/lib/pipelineStack';
import { ZOHO } from './benchFigures';
import { Bench, percentile } from './pipelineBench';

export const DAY_MESSAGES = 3000;
export const DAY_CONTACTS = 200;
export const DAY_BUDGET = 5000;
/** 8 working hours in 4 minutes. */
export const DAY_COMPRESSION = 120;
const WORKDAY_MS = (8 * 3600_000) / DAY_COMPRESSION;
/** Relative traffic of each working hour, 9:00 to 17:00. */
const HOURLY = [0.6, 1.1, 1.3, 1.0, 0.5, 0.9, 1.3, 1.0];

export interface TeamDayFigures {
	budget: boolean;
	messages: number;
	lost: number;
	doubled: number;
	credits: number;
	creditsPerMessage: number;
	p50: number;
	p95: number;
	p99: number;
	/** Failed executions in the sync workflow. */
	failed: number;
}

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Send times (ms from the start of the day) following the hourly profile; deterministic. */
function sendTimes(): number[] {
	const total = HOURLY.reduce((a, b) => a + b, 0);
	const times: number[] = [];
	const hourMs = WORKDAY_MS / HOURLY.length;
	for (const [hour, weight] of HOURLY.entries()) {
		const count = Math.round((weight / total) * DAY_MESSAGES);
		for (let i = 0; i < count; i++) times.push(hour * hourMs + ((i + 0.5) / count) * hourMs);
	}
	while (times.length > DAY_MESSAGES) times.pop();
	while (times.length < DAY_MESSAGES) times.push(WORKDAY_MS - 1);
	return times.sort((a, b) => a - b);
}

/** Which contact writes each message: every contact at least once, then a Zipf-like spread. */
function contactOrder(): number[] {
	const weights = Array.from({ length: DAY_CONTACTS }, (_, k) => 1 / (k + 1) ** 0.8);
	const total = weights.reduce((a, b) => a + b, 0);
	let seed = 42;
	const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
	return Array.from({ length: DAY_MESSAGES }, (_, i) => {
		if (i < DAY_CONTACTS * 2 && i % 2 === 0) return i / 2;
		let r = random() * total;
		for (const [k, w] of weights.entries()) if ((r -= w) <= 0) return k;
		return DAY_CONTACTS - 1;
	});
}

async function oneDay(budget: boolean): Promise<TeamDayFigures> {
	const stack = await PipelineStack.start({
		sandbox: { zoho: ZOHO },
		catchUp: { enabled: false },
		...(budget ? { zohoCreditBudget: DAY_BUDGET } : {}),
	});
	try {
		const bench = new Bench(stack);
		const phone = (k: number) => `+4477009${String(10000 + k).slice(-5)}`;
		const before = bench.credits();
		const times = sendTimes();
		const contacts = contactOrder();
		const sentAt = new Map<string, number>();
		const started = Date.now();
		const stopWatching = bench.watch();
		console.log(
			`  ${budget ? 'with' : 'without'} the budget: ${DAY_MESSAGES} messages, ${DAY_CONTACTS} contacts over ${Math.round(WORKDAY_MS / 1000)} s`,
		);
		await Promise.all(
			times.map(async (at, i) => {
				await pause(Math.max(0, started + at - Date.now()));
				const t = Date.now();
				sentAt.set(await bench.send(phone(contacts[i]), `day ${i}`), t);
			}),
		);
		const written = await bench.written([...sentAt.keys()], 30_000);
		await stopWatching();
		await pause(3000);
		const latencies = [...written.at]
			.map(([token, t]) => t - (sentAt.get(token) ?? t))
			.sort((a, b) => a - b);
		const credits = bench.credits() - before;
		const failed = await bench.failed(stack.pipeline.sync.id);
		return {
			budget,
			messages: DAY_MESSAGES,
			lost: DAY_MESSAGES - written.at.size,
			doubled: written.doubled,
			credits,
			creditsPerMessage: credits / DAY_MESSAGES,
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
			p99: percentile(latencies, 99),
			failed,
		};
	} finally {
		await stack.stop();
	}
}

export async function teamDayBench(): Promise<TeamDayFigures[]> {
	return [await oneDay(false), await oneDay(true)];
}
