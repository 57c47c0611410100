// `npm run bench` — Zoho credits per message and speed of the pack's pipeline in real n8n + the sandbox,
// with realistic Zoho latency (150 ms ± 50 ms) and the Professional edition's concurrency limit.
// Prints a table and writes docs/benchmarks.md. (The stock-node baseline of the issue is not built yet.)
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';

import { chatLinkQueryString } from '../nodes/shared/chat/chatLinkQuery';
import { PipelineStack, repoDir } from '../test/e2e/harness/pipelineStack';

const ZOHO = { edition: 'professional' as const, faults: { latencyMs: 100, jitterMs: 100 } }; // 150 ± 50 ms

interface Row {
	measure: string;
	value: string;
	target: string;
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
	const stack = await PipelineStack.start({ sandbox: { zoho: ZOHO } });
	const rows: Row[] = [];
	const credits = () => stack.sandbox.zoho.credits().used;
	const noteText = () => stack.sandbox.zoho.notes().map((note) => String(note.Note_Content)).join('\n');
	const waitWritten = async (uids: string[], timeoutMs = 120_000): Promise<Map<string, number>> => {
		const done = new Map<string, number>();
		const deadline = Date.now() + timeoutMs;
		while (done.size < uids.length && Date.now() < deadline) {
			const text = noteText();
			for (const uid of uids) if (!done.has(uid) && text.includes(`⟦m:${uid} `)) done.set(uid, Date.now());
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		if (done.size < uids.length) throw new Error(`${uids.length - done.size} messages not written within ${timeoutMs} ms`);
		return done;
	};
	const send = async (phone: string, text: string) => (await stack.client.simulateMessage({ phone, name: `Bench ${phone.slice(-3)}`, text })).message_uid;
	try {
		// First message of a new contact (search ×2, create, note create …).
		let before = credits();
		for (let i = 0; i < 5; i++) await waitWritten([await send(`+44770090${8000 + i}`, `first ${i}`)]);
		rows.push({ measure: 'Zoho credits per message, first message of a new contact', value: ((credits() - before) / 5).toFixed(2), target: '≤ 4' });

		// Steady state: known record, today's note exists.
		const known = '+447700908000';
		before = credits();
		for (let i = 0; i < 20; i++) await waitWritten([await send(known, `steady ${i}`)]);
		rows.push({ measure: 'Zoho credits per message, steady state (sequential)', value: ((credits() - before) / 20).toFixed(2), target: '≤ 1.2' });

		// Burst: 100 messages to one contact within 10 s, 20 at a time.
		before = credits();
		const burstStarted = Date.now();
		const burstUids: string[] = [];
		await Promise.all(Array.from({ length: 20 }, async (_, w) => { for (let i = w; i < 100; i += 20) burstUids.push(await send(known, `burst ${i}`)); }));
		await waitWritten(burstUids);
		rows.push({ measure: 'Zoho credits per message, burst of 100 to one contact', value: `${((credits() - before) / 100).toFixed(2)} (sent in ${((Date.now() - burstStarted) / 1000).toFixed(1)} s)`, target: '≤ 0.2' });

		// Throughput and latency: 500 messages across 50 contacts (known after the first), 20 senders.
		const phones = Array.from({ length: 50 }, (_, i) => `+44770090${8100 + i}`);
		for (const phone of phones) await waitWritten([await send(phone, 'warm-up')]);
		const sentAt = new Map<string, number>();
		const started = Date.now();
		await Promise.all(
			Array.from({ length: 20 }, async (_, w) => {
				for (let i = w; i < 500; i += 20) {
					const t = Date.now();
					const uid = await send(phones[i % 50], `load ${i}`);
					sentAt.set(uid, t);
				}
			}),
		);
		const doneAt = await waitWritten([...sentAt.keys()]);
		const seconds = (Math.max(...doneAt.values()) - started) / 1000;
		const latencies = [...sentAt].map(([uid, t]) => (doneAt.get(uid) ?? 0) - t).sort((a, b) => a - b);
		const failed = (await stack.rest.executions(stack.pipeline.sync.id)).filter((e) => e.status === 'error').length;
		rows.push({ measure: 'Throughput, 20 concurrent senders, 50 contacts', value: `${(500 / seconds).toFixed(1)} messages/s`, target: '≥ 50' });
		rows.push({ measure: 'Latency webhook → note line, p50 / p95 / p99', value: `${percentile(latencies, 50)} / ${percentile(latencies, 95)} / ${percentile(latencies, 99)} ms`, target: '' });
		rows.push({ measure: 'Failed executions during the run', value: String(failed), target: '0' });

		// Chat view: server time for a chat of 1,000 messages.
		const chatPhone = '+447700908999';
		for (let i = 0; i < 1000; i++) await stack.sandbox.timelines.simulateMessage({ phone: chatPhone, name: 'Long Chat', text: `history ${i}`, deliver: false });
		const lead = stack.sandbox.zoho.createRecord('Leads', { Last_Name: 'Long Chat', Mobile: chatPhone });
		const times: number[] = [];
		for (let i = 0; i < 10; i++) {
			const link = `${stack.pipeline.chatViewUrl}?${chatLinkQueryString({ module: 'Leads', recordId: lead.id, userEmail: 'alex.admin@sandbox.example', expiresAt: Math.floor(Date.now() / 1000) + 600 }, stack.pipeline.chatLinkSecret)}`;
			const t = performance.now();
			const response = await fetch(link);
			await response.text();
			if (response.status !== 200) throw new Error(`chat page → ${response.status}`);
			times.push(performance.now() - t);
		}
		times.sort((a, b) => a - b);
		rows.push({ measure: 'Chat view, 1,000-message chat, page time (median of 10, incl. Zoho latency)', value: `${times[5].toFixed(0)} ms`, target: '< 300 ms' });
	} finally {
		await stack.stop();
	}
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, n8n 2.40.7 (Node 24, SQLite, single main), sandbox Zoho latency 150 ± 50 ms, Professional concurrency`;
	const table = ['| measure | value | target |', '|---|---|---|', ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.target} |`)].join('\n');
	console.log(`\n${table}\n\n${machine}`);
	writeFileSync(
		path.join(repoDir, 'docs', 'benchmarks.md'),
		`# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} — ${machine}.\n\n${table}\n\n` +
			'Credits are counted by the sandbox per call type (zoho-crm.md). The stock-node baseline (HTTP Request / built-in Zoho node) is not built yet, so there are no ratios.\n',
	);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error instanceof Error ? error.stack : error);
		process.exit(1);
	},
);
