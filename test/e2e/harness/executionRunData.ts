import type { N8nRest } from '../../../scripts/lib/n8nRest';

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

/** The items of every output of a node's first run in an execution (`[output][item]`). */
export async function nodeOutputs(
	rest: N8nRest,
	executionId: string,
	nodeName: string,
): Promise<StoredItem[][]> {
	const execution = await rest.call<{ data: string }>('GET', `/executions/${executionId}`);
	const data = unflatten(execution.data) as {
		resultData: {
			runData: Record<string, Array<{ data?: { main?: Array<StoredItem[] | null> } }>>;
		};
	};
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
