import type { IExecuteFunctions } from 'n8n-workflow';

/** How many results Return All / Limit asks for: undefined means all of them. */
export function resultLimit(context: IExecuteFunctions, i: number): number | undefined {
	return context.getNodeParameter('returnAll', i)
		? undefined
		: (context.getNodeParameter('limit', i) as number);
}
