import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Where the pack's Zoho nodes take their per-message input from.
 *
 * "Automatic" reads the keys the pack's own nodes put on the item (`message` from TimelinesAI Trigger,
 * `owner` from Resolve Owner, `zoho` from Match or Create) straight from the item — no expression is
 * evaluated. In n8n 2.x every expression runs in an isolate, and a handful of them per message was most
 * of the pipeline's CPU time (docs/benchmarks.md); "Define Below" shows the fields, pre-filled with the
 * equivalent expressions, for any other input.
 */
export const inputSourceProperty: INodeProperties = {
	displayName: 'Input',
	name: 'inputSource',
	type: 'options',
	options: [
		{
			name: 'From the Pack\'s Previous Nodes (Automatic)',
			value: 'auto',
			description: 'Reads message, owner and zoho from the incoming item, as TimelinesAI Trigger, Resolve Owner and Match or Create output them (fastest)',
		},
		{ name: 'Define Below', value: 'define', description: 'Map each input field yourself, e.g. with expressions' },
	],
	default: 'auto',
};

/** Shows a field only when the input is defined by hand. */
export const whenDefined = { inputSource: ['define'] };

/** Reads a nested value of an item's JSON, e.g. `at(json, 'message', 'responsible', 'email')`. */
export function at(json: IDataObject, ...path: string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/**
 * One input field of one item: from the item itself in automatic mode, else the node parameter.
 * `automatic` receives the item's JSON.
 */
export function inputField(context: IExecuteFunctions, index: number, name: string, automatic: (json: IDataObject) => unknown, fallback: unknown = ''): unknown {
	if (context.getNodeParameter('inputSource', index, 'auto') === 'define') return context.getNodeParameter(name, index, fallback) as unknown;
	return automatic(context.getInputData()[index]?.json ?? {}) ?? fallback;
}
