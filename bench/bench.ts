// `npm run bench` — Zoho credits per message and speed of the pack's pipeline in real n8n + the sandbox,
// with realistic Zoho latency (150 ms ± 50 ms) and the Professional edition's concurrency limit, side by
// side with a baseline built from n8n's stock nodes (bench/baseline-stock-nodes.workflow.json) measured
// in the same run against the same sandbox. Prints a table and writes docs/benchmarks.md.
//
// Both workflows stay active in one n8n; TimelinesAI (the sandbox) delivers to one of them at a time
// (bench/webhookRouting.ts), each pipeline with its own phone numbers.
// Last, the live chat at team scale (bench/teamChatBench.ts); `--only team-chat` runs that section alone.

import { sandboxFacts } from '../scripts/lib/sandboxFacts';
import { PipelineStack } from '../scripts/lib/pipelineStack';
import type { PipelineFigures } from './benchFigures';
import { ZOHO } from './benchFigures';
import { writeReport } from './benchReport';
import { deployBaseline } from './deployBaseline';
import { Bench } from './pipelineBench';
import { WebhookRouting } from './webhookRouting';
import { teamChatBench, type TeamChatFigures } from './teamChatBench';
import { teamDayBench, type TeamDayFigures } from './teamDayBench';
import { writeTeamChatSection } from './teamChatReport';

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** `npm run bench -- --only team-chat`: the live chat at team scale alone (its section of docs/benchmarks.md). */
async function teamChatOnly(): Promise<void> {
	console.log('Starting sandbox + n8n …');
	const stack = await PipelineStack.start({ catchUp: { enabled: false } });
	let figures: TeamChatFigures;
	try {
		console.log('Live chat at team scale:');
		figures = await teamChatBench(stack);
	} finally {
		await stack.stop();
	}
	writeTeamChatSection(figures);
}

async function main(): Promise<void> {
	const only = process.argv.indexOf('--only');
	if (only >= 0) {
		if (process.argv[only + 1] !== 'team-chat')
			throw new Error(`--only knows one section: team-chat (not ${process.argv[only + 1]})`);
		return await teamChatOnly();
	}
	console.log('Starting sandbox + n8n …');
	// Catch-up off: webhooks are routed to one pipeline at a time by hand (webhookRouting.ts).
	const stack = await PipelineStack.start({ sandbox: { zoho: ZOHO }, catchUp: { enabled: false } });
	let pack: PipelineFigures;
	let baseline: PipelineFigures;
	let chatMs: number;
	let teamChat: TeamChatFigures;
	try {
		const facts = sandboxFacts(stack.sandbox);
		const routing = new WebhookRouting(facts.timelinesApiBase, facts.timelinesToken);
		const packWebhooks = (await routing.webhooks()).map((w) => w.url);
		if (packWebhooks.length !== 1)
			throw new Error(
				`expected the pack's trigger webhook alone, found ${packWebhooks.join(', ')}`,
			);
		const deployed = await deployBaseline(stack.rest, facts);
		await routing.register(deployed.webhookUrl);
		const bench = new Bench(stack);
		const syncId = stack.pipeline.sync.id;
		// The sync workflow's "Sync Log" (a Data Table insert per execution, read by the catch-up) switched
		// off and on, to show what the log costs on n8n's default SQLite database.
		const setSyncLog = async (on: boolean) => {
			await stack.rest.updateWorkflow(syncId, (workflow) => {
				for (const name of ['Sync Log Row', 'Sync Log']) {
					const node = workflow.nodes.find((n) => n.name === name);
					if (!node) throw new Error(`the sync workflow has no ${name} node`);
					(node as { disabled?: boolean }).disabled = !on;
				}
			});
			await pause(1000);
		};
		const setWriteMode = async (mode: string) => {
			await stack.rest.updateWorkflow(syncId, (workflow) => {
				const node = workflow.nodes.find((n) => n.type.endsWith('.zohoCrmUpsertDailyNote'));
				if (!node) throw new Error('the sync workflow has no Upsert Daily Note node');
				node.parameters.options = {
					...(node.parameters.options as Record<string, unknown>),
					writeMode: mode,
				};
			});
			await pause(1000);
		};

		console.log('Baseline (stock nodes):');
		await routing.routeTo(deployed.webhookUrl);
		baseline = await bench.measure({
			label: 'baseline',
			workflowId: deployed.workflow.id,
			phoneBase: 6000,
		});

		console.log('Pack:');
		await routing.routeTo(packWebhooks[0]);
		pack = await bench.measure({
			label: 'pack',
			workflowId: syncId,
			phoneBase: 8000,
			setWriteMode,
			setSyncLog,
			otherReading: () => {
				const { noteWriteMetering } = stack.sandbox.zoho.behaviour();
				stack.sandbox.zoho.setConnectionUserAdmin(false);
				stack.sandbox.zoho.setBehaviour({ noteWriteMetering: 'perNote' });
				return () => {
					stack.sandbox.zoho.setConnectionUserAdmin(true);
					stack.sandbox.zoho.setBehaviour({ noteWriteMetering });
				};
			},
		});

		console.log('Chat view …');
		chatMs = await bench.chatView();

		console.log('Live chat at team scale:');
		teamChat = await teamChatBench(stack);
	} finally {
		await stack.stop();
	}

	console.log('A day of a small team:');
	const teamDay: TeamDayFigures[] = await teamDayBench();
	writeReport(pack, baseline, chatMs, teamDay);
	writeTeamChatSection(teamChat);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error instanceof Error ? error.stack : error);
		process.exit(1);
	},
);
