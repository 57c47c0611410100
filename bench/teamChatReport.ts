// The "live chat at team scale" section of docs/benchmarks.md, between markers, so that
// `npm run bench -- --only team-chat` rewrites it alone and the full run keeps or renews it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';

import { repoDir } from '../scripts/lib/pipelineStack';
import { TEAM, type TeamChatFigures } from './teamChatBench';

const START = '<!-- team-chat:start -->';
const END = '<!-- team-chat:end -->';
const REPORT = path.join(repoDir, 'docs', 'benchmarks.md');

const f1 = (n: number) => n.toFixed(1);
/** A difference below what /proc's 10 ms ticks and the shared machine can tell apart reads "≈ 0". */
const perView = (n: number, digits: number) => (n <= 0 ? '≈ 0' : n.toFixed(digits));

export function teamChatSection(f: TeamChatFigures): string {
	const polling = f.viewers * TEAM.pollingCallsPerViewerMinute;
	const rows: Array<[string, string, string]> = [
		['Message → open page latency, p50 (ms)', String(f.p50), ''],
		['Message → open page latency, p95 (ms)', String(f.p95), '< 1000'],
		['… slowest (ms) / (message, viewer) pairs never shown', `${f.max} / ${f.missed}`, '— / 0'],
		[
			`TimelinesAI API calls per minute for the ${f.viewers} open views (polling: ${polling})`,
			f1(f.apiCallsPerMinute),
			'≤ 60',
		],
		[`… calls to open the ${f.viewers} views (once each)`, String(f.openingApiCalls), ''],
		['n8n executions stored by page traffic', String(f.liveChatExecutions), '0'],
		[
			'n8n CPU per open view, no messages (% of one core; no view / all views open)',
			`${perView(f.cpuIdlePerViewerPct, 3)} (${f1(f.cpuIdlePct)} / ${f1(f.cpuIdleWithViewersPct)})`,
			'',
		],
		[
			'n8n CPU per open view, messages at 5/s (% of one core; no view / all views open)',
			`${perView(f.cpuPerViewerPct, 2)} (${f1(f.cpuBaselinePct)} / ${f1(f.cpuWithViewersPct)})`,
			'',
		],
	];
	return [
		START,
		'## Live chat at team scale',
		'',
		`Written by \`npm run bench -- --only team-chat\` (or the full run) on ${new Date().toISOString().slice(0, 10)} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; n8n 2.40.7, one main process. ` +
			`${f.viewers} open chat views over ${f.chats} chats (HTTP clients speaking the page's protocol: the signed link, then the \`?action=events\` stream) ` +
			`for ${f.seconds} s while ${f.messages} messages arrive at ${TEAM.messagesPerSecond}/s through the sandbox's TimelinesAI and the TimelinesAI Trigger ` +
			`(each also runs the sync workflow: ${f.syncExecutions} executions). ${f.samples} (message, viewer) pairs measured.`,
		'',
		'| measure | pack | target |',
		'|---|---|---|',
		...rows.map((row) => `| ${row.join(' | ')} |`),
		'',
		"Latency runs from the moment the sandbox is asked to post the message, so it includes TimelinesAI's webhook delivery to n8n. " +
			'With the trigger active the only TimelinesAI calls for open views are the shared refresh (one per open chat a minute, for delivery and read ticks that no webhook reports); ' +
			`before push, every view polled every 2 s (${TEAM.pollingCallsPerViewerMinute} calls a minute each). ` +
			`CPU per view is n8n's CPU with the views open minus its CPU without them (idle: ${TEAM.idleSeconds} s each; under messages: the same rate for ${TEAM.baselineSeconds} s before the views opened), divided by the views; "≈ 0" when the views made no measurable difference. ` +
			'Under messages the sync workflow itself takes most of a core, so that difference is within the run-to-run noise of the shared 2-core machine; the idle figure is what an open view costs by itself.',
		END,
	].join('\n');
}

/** The document with its team-chat section replaced (or appended); `undefined` leaves it out. */
export function withTeamChatSection(document: string, section: string | undefined): string {
	const start = document.indexOf(START);
	const end = document.indexOf(END);
	const without =
		start >= 0 && end > start
			? `${document.slice(0, start).trimEnd()}\n${document.slice(end + END.length).trimStart()}`
			: document;
	return section === undefined ? without : `${without.trimEnd()}\n\n${section}\n`;
}

/** The section as docs/benchmarks.md holds it now, for a writer that rewrites the rest. */
export function existingTeamChatSection(): string | undefined {
	if (!existsSync(REPORT)) return undefined;
	const document = readFileSync(REPORT, 'utf8');
	const start = document.indexOf(START);
	const end = document.indexOf(END);
	return start >= 0 && end > start ? document.slice(start, end + END.length) : undefined;
}

export function writeTeamChatSection(figures: TeamChatFigures): void {
	const section = teamChatSection(figures);
	console.log(`\n${section}`);
	const document = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '# Benchmarks\n';
	writeFileSync(REPORT, withTeamChatSection(document, section));
}
