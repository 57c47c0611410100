import type { N8nRest } from '../../../scripts/lib/n8nRest';
import { waitFor } from './waitFor';

/** One output item of a node's run, as n8n stores it. */
export interface StoredItem {
	json: Record<string, unknown>;
}

/**
 * n8n stores an execution's data "flatted" (github.com/WebReflection/flatted): one array whose entry 0 is
 * the root; every string and every object inside it is replaced by the index of its own entry.
 */
export function unflatten(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const built = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (built.has(index)) return built.get(index);
		const entry = entries[index];
		if (typeof entry !== 'object' || entry === null) return entry;
		const copy: Record<string, unknown> | unknown[] = Array.isArray(entry) ? [] : {};
		built.set(index, copy);
		for (const [key, value] of Object.entries(entry)) {
			(copy as Record<string, unknown>)[key] =
				typeof value === 'string' ? revive(Number(value)) : value;
		}
		return copy;
	};
	return revive(0);
}

/** A node's runs in an execution as n8n stores them: each run's items per output. */
export type NodeRuns = Array<{ data?: { main?: Array<StoredItem[] | null> } }>;

/** The items of every output of a node's first run in an execution (`[output][item]`). */
export async function nodeOutputs(
	rest: N8nRest,
	executionId: string,
	nodeName: string,
): Promise<StoredItem[][]> {
	const execution = await rest.call<{ data: string }>('GET', `/executions/${executionId}`);
	const data = unflatten(execution.data) as { resultData: { runData: Record<string, NodeRuns> } };
	const runs = data.resultData.runData[nodeName] ?? [];
	return (runs[0]?.data?.main ?? []).map((items) => items ?? []);
}

/** The node that failed an execution and its message, for a test's failure report. */
export async function executionFailure(rest: N8nRest, executionId: string): Promise<string> {
	const execution = await rest.call<{ data: string }>('GET', `/executions/${executionId}`);
	const data = unflatten(execution.data) as {
		resultData: { lastNodeExecuted?: string; error?: { message?: string; description?: string } };
	};
	return `${data.resultData.lastNodeExecuted ?? '?'}: ${data.resultData.error?.message ?? 'no error'} ${data.resultData.error?.description ?? ''}`;
}

/**
 * "Execute workflow" from the named trigger, as in the editor: waits until the execution has finished and
 * returns each node's runs; throws with the failing node's message unless it succeeded.
 */
export async function runManuallyToEnd(
	rest: N8nRest,
	workflowId: string,
	trigger: string,
	what: string,
	timeoutMs: number,
): Promise<Record<string, NodeRuns>> {
	const executionId = await rest.runManually(workflowId, trigger);
	const status = await waitFor(
		`${what} to finish`,
		async () => {
			const execution = await rest.call<{ status: string }>('GET', `/executions/${executionId}`);
			return ['success', 'error', 'crashed', 'canceled'].includes(execution.status)
				? execution.status
				: undefined;
		},
		timeoutMs,
		500,
	);
	if (status !== 'success')
		throw new Error(`${what} ended ${status}: ${await executionFailure(rest, executionId)}`);
	const execution = await rest.call<{ data: string }>('GET', `/executions/${executionId}`);
	return (unflatten(execution.data) as { resultData: { runData: Record<string, NodeRuns> } })
		.resultData.runData;
}
