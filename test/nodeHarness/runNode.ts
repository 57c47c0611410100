/**
 * One node of the pack run by n8n-core's WorkflowExecute over given input items: a one-node workflow whose
 * node receives `items` (json and binary) as its input. Parameters are the node's as stored in a workflow
 * (expressions such as `={{ $json.chatId }}` are evaluated by n8n per item); credentials are stored in the
 * test n8n under their id. Resolves with the node's outputs; rejects with the error n8n reports for the
 * execution when the node fails (and neither Continue On Fail nor an error output took the failure).
 */
import type { ExecuteContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
} from 'n8n-workflow';

import { assertSucceeded, TestN8n } from './testN8n';

export interface NodeCredential {
	id: string;
	/** The credential's name in n8n (default: `<type> <id>`); n8n's messages quote it. */
	name?: string;
	data: ICredentialDataDecryptedObject;
}

export interface NodeRunOptions {
	/** Full node type name, e.g. `packType(new TimelinesAi())`. */
	type: string;
	typeVersion?: number;
	parameters: INodeParameters;
	/** Input items (default: one empty item). */
	items?: INodeExecutionData[];
	/** Credential type → the credential the node uses. */
	credentials?: Record<string, NodeCredential>;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	/** The test n8n to run in (default: a new one). */
	n8n?: TestN8n;
}

export interface NodeRunResult {
	run: IRun;
	/** The node's items per output, over all its runs. */
	outputs: INodeExecutionData[][];
}

export const NODE_UNDER_TEST = 'Node under test';

export function nodeUnderTest(options: NodeRunOptions): INode {
	return {
		id: 'node-under-test',
		name: NODE_UNDER_TEST,
		type: options.type,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(
			Object.entries(options.credentials ?? {}).map(([type, { id, name }]) => [
				type,
				{ id, name: name ?? `${type} ${id}` },
			]),
		),
		...(options.continueOnFail ? { continueOnFail: true } : {}),
		...(options.onError ? { onError: options.onError } : {}),
	};
}

function oneNodeWorkflow(options: NodeRunOptions) {
	const n8n = options.n8n ?? new TestN8n();
	for (const { id, data } of Object.values(options.credentials ?? {}))
		n8n.credentials.set(id, data);
	return { n8n, workflow: n8n.workflow({ nodes: [nodeUnderTest(options)] }) };
}

/**
 * n8n-core's ExecuteContext of the node over `items`, without running it: for a unit test that calls the
 * pack's code (a transport function, a backend) with the `this` n8n would give the node.
 */
export function executeContextOf(options: NodeRunOptions): ExecuteContext {
	const { n8n, workflow } = oneNodeWorkflow(options);
	return n8n.executeContext(workflow, NODE_UNDER_TEST, options.items);
}

export async function runNode(options: NodeRunOptions): Promise<NodeRunResult> {
	const { n8n, workflow } = oneNodeWorkflow(options);
	const run = assertSucceeded(
		await n8n.execute(workflow, NODE_UNDER_TEST, [options.items ?? [{ json: {} }]], 'manual'),
	);
	const tasks = run.data.resultData.runData[NODE_UNDER_TEST] ?? [];
	const outputs: INodeExecutionData[][] = [];
	for (const task of tasks)
		for (const [index, items] of (task.data?.main ?? []).entries())
			outputs[index] = [...(outputs[index] ?? []), ...(items ?? [])];
	return { run, outputs };
}
