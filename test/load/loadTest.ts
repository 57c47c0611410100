// `npm run test:load` — exactly-once under load and faults, in real n8n + the sandbox.
//   --reduced   the CI version (fewer messages); results are printed, and written to docs/reliability.md
//               only by the full run.
//   --queue     n8n in queue mode: main + 2 workers, Redis and PostgreSQL from the Debian packages
//               (installed by apt-get when missing), the Zoho nodes' Queue Mode Lock set to Redis.
//   --no-lock   with --queue: Queue Mode Lock left at None. The note writer then reads its writes back once it
//               sees another worker's version of a note, so no line may be lost silently here either.
// Exit code 1 when a message is lost or doubled after retries, or a record is duplicated (or, in queue
// mode, when the executions did not run on the workers).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';

import { PipelineStack, repoDir } from '../../scripts/lib/pipelineStack';
import { QueuePipelineStack } from '../e2e/harness/queuePipelineStack';
import { runLoad, type LoadResult, type LoadSettings } from './loadScenario';
import { reliabilitySection, withSection, type ReliabilitySection } from './reliabilityReport';

const reduced = process.argv.includes('--reduced');
const queue = process.argv.includes('--queue');
const noLock = queue && process.argv.includes('--no-lock');
const scale = reduced ? 0.2 : 1;

const scenarios: LoadSettings[] = [
	{
		label: 'clean',
		messages: Math.round(1000 * scale),
		contacts: Math.round(50 * scale),
		newContacts: Math.round(10 * scale),
		senders: 20,
		deliveries: 2,
	},
	{
		label: 'faults',
		messages: Math.round(1000 * scale),
		contacts: Math.round(50 * scale),
		newContacts: Math.round(10 * scale),
		senders: 20,
		deliveries: 2,
		faults: { rate429: 0.07, rate500: 0.07, slowRate: 0.06, slowMs: 1500 },
		expireTokenMidway: true,
	},
];

function table(results: LoadResult[]): string {
	const head =
		'| run | sent | deliveries | failed deliveries (retried by TimelinesAI) | lost | doubled | duplicate records | failed executions (retried) | lost after retry and catch-up | doubled after retry and catch-up | Zoho credits | credits/msg | seconds |';
	const rule = '|---|---|---|---|---|---|---|---|---|---|---|---|---|';
	const rows = results.map(
		(r) =>
			`| ${r.label} | ${r.sent} | ${r.deliveries} | ${r.failedDeliveries} | ${r.lost} | ${r.duplicated} | ${r.duplicateRecords} | ${r.failedExecutions} | ${r.lostAfterRetry} | ${r.duplicatedAfterRetry} | ${r.zohoCredits} | ${(r.zohoCredits / r.sent).toFixed(2)} | ${r.seconds} |`,
	);
	return [head, rule, ...rows].join('\n');
}

async function startStack(): Promise<PipelineStack | QueuePipelineStack> {
	const sandbox = { timelines: { retryDelaysMs: [500, 2000, 5000] } };
	// The catch-up every minute for messages 10 s old: what a failed item or an ignored repeat leaves out
	// is brought back with no person acting (counted as "lost after retry and catch-up").
	const catchUp = { everyMinutes: 1, minAgeSeconds: 10 };
	if (!queue) return await PipelineStack.start({ sandbox, catchUp });
	return await QueuePipelineStack.start({
		sandbox,
		catchUp,
		workers: 2,
		lock: noLock ? 'none' : 'redis',
		log: (line) => console.log(line),
	});
}

async function main(): Promise<number> {
	const started = Date.now();
	const mode = queue
		? `queue mode, main + 2 workers, lock ${noLock ? 'None' : 'Redis'}`
		: 'single process';
	console.log(`Starting sandbox + n8n (${reduced ? 'reduced' : 'full'} load test, ${mode})…`);
	const stack = await startStack();
	const results: LoadResult[] = [];
	let perWorker: number[] = [];
	let lockKeys = { notes: 0, numbers: 0 };
	try {
		let offset = 0;
		for (const scenario of scenarios) {
			console.log(
				`  ${scenario.label}: ${scenario.messages} messages, ${scenario.contacts} contacts (${scenario.newContacts} new), ${scenario.senders} senders, each delivered ${scenario.deliveries}×…`,
			);
			results.push(await runLoad(stack, scenario, offset));
			offset += scenario.contacts;
		}
		if (stack instanceof QueuePipelineStack) {
			perWorker = stack.n8n.executionsPerWorker();
			lockKeys = await stack.lockKeysUsed();
		}
	} finally {
		await stack.stop();
	}
	const report = table(results);
	const workersLine = queue
		? `Executions started per worker (from the workers' logs): ${perWorker.map((n, i) => `worker ${i + 1}: ${n}`).join(', ')}. ` +
			`Redis lock keys the nodes used: ${lockKeys.notes} notes, ${lockKeys.numbers} numbers.`
		: '';
	console.log(
		`\n${report}\n${workersLine}\nTotal ${Math.round((Date.now() - started) / 1000)} s (including the start of the services).`,
	);
	if (!reduced) writeReport(results, report, workersLine);
	const onWorkers = !queue || (perWorker.length === 2 && perWorker.every((n) => n > 0));
	if (!onWorkers) console.error('Queue mode: the executions did not run on both workers.');
	// Proof that the bundled lock ran inside n8n (and, without it, that nothing took it).
	const lockUsed = lockKeys.notes > 0 && lockKeys.numbers > 0;
	if (queue && lockUsed === noLock)
		console.error(
			`Queue mode: Redis lock keys ${noLock ? 'present although the lock is off' : 'missing: the nodes did not take the lock'}.`,
		);
	const lockAsConfigured = !queue || lockUsed !== noLock;
	const bad = results.some(
		(r) => r.lostAfterRetry > 0 || r.duplicatedAfterRetry > 0 || r.duplicateRecords > 0,
	);
	if (noLock)
		console.log(
			bad
				? 'Without the lock, lines were lost or doubled: the read-back did not cover every race.'
				: 'Without the lock, nothing was lost or doubled (the writers read back and merged again).',
		);
	return bad || !onWorkers || !lockAsConfigured ? 1 : 0;
}

function writeReport(results: LoadResult[], report: string, workersLine: string): void {
	const file = path.join(repoDir, 'docs', 'reliability.md');
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version} (pack), n8n 2.40.7 on Node 24`;
	const date = new Date().toISOString().slice(0, 10);
	const section: ReliabilitySection = !queue
		? {
				id: 'single-process',
				body: `Written on ${date} (${machine}, SQLite, single main process).\n\n${report}`,
			}
		: {
				id: noLock ? 'queue-mode-no-lock' : 'queue-mode',
				body:
					`Written on ${date} (${machine}; main + 2 workers, \`EXECUTIONS_MODE=queue\`, Redis and PostgreSQL from the Debian packages on loopback; ` +
					`Queue Mode Lock ${noLock ? '**None**' : 'Redis'} on Match or Create and Upsert Daily Note).` +
					`${noLock ? " Zoho's unique Mobile field (the sandbox's default) turns racing creates into DUPLICATE_DATA, so no lead is duplicated; a note writer that sees another worker's version of a note reads its writes back and merges again until its lines are there (more credits than with the lock)." : ''}` +
					`\n\n${report}\n\n${workersLine}`,
			};
	const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
	writeFileSync(file, withSection(existing, reliabilitySection(section)));
	console.log(`Wrote the ${section.id} section of docs/reliability.md (${results.length} runs).`);
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.stack : error);
		process.exit(1);
	},
);
