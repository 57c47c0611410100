// Puts the stock-node baseline (bench/baseline-stock-nodes.workflow.json) into the running n8n the way a
// user would: an HTTP Header Auth credential with a Zoho access token, the workflow imported with that
// credential picked in every HTTP Request node and the Zoho API origin changed to the sandbox, activated.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nRest, N8nWorkflow } from '../scripts/lib/n8nRest';
import type { SandboxFacts } from '../scripts/lib/sandboxFacts';

export const BASELINE_FILE = path.join(__dirname, 'baseline-stock-nodes.workflow.json');

/** The Zoho API base the shipped workflow is written against (US data centre). */
const SHIPPED_ZOHO_API_BASE = 'https://www.zohoapis.com/crm/v8';

interface BaselineNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface DeployedBaseline {
	workflow: N8nWorkflow;
	/** the Webhook node's production URL, to register with TimelinesAI */
	webhookUrl: string;
}

export async function deployBaseline(
	rest: N8nRest,
	sandbox: SandboxFacts,
): Promise<DeployedBaseline> {
	const credential = await rest.ensureCredential(
		'Zoho CRM (Authorization header)',
		'httpHeaderAuth',
		{
			name: 'Authorization',
			value: `Zoho-oauthtoken ${sandbox.zohoAccessToken}`,
		},
	);
	const text = readFileSync(BASELINE_FILE, 'utf8')
		.split(SHIPPED_ZOHO_API_BASE)
		.join(sandbox.zohoApiBase);
	const file = JSON.parse(text) as { name: string; nodes: BaselineNode[] } & Record<
		string,
		unknown
	>;
	const nodes = file.nodes.map((node) =>
		node.credentials?.httpHeaderAuth
			? { ...node, credentials: { httpHeaderAuth: { id: credential.id, name: credential.name } } }
			: node,
	);
	const existing = (await rest.workflows()).find((w) => w.name === file.name);
	const created = existing ?? (await rest.createWorkflow({ ...file, nodes }));
	if (!created.active) await rest.activate(created.id);
	const workflow = await rest.workflow(created.id);
	const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	if (!webhook) throw new Error(`${BASELINE_FILE} has no Webhook node`);
	return { workflow, webhookUrl: `${rest.url}/webhook/${String(webhook.parameters.path)}` };
}
