import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/*
 * Where the pack's Zoho nodes take their per-message input from, and one table of those inputs.
 *
 * "Automatic" reads the keys the pack's own nodes put on the item (`message` from TimelinesAI Trigger,
 * `owner` from Resolve Owner, `zoho` from Match or Create) straight from the item: no expression is
 * evaluated. In n8n 2.x every expression runs in an isolate, and a handful of them per message was most
 * of the pipeline's CPU time (docs/benchmarks.md). "Define Below" shows the fields, pre-filled with the
 * equivalent expressions, generated from the same table, so the two can never disagree.
 */

/** Item paths tried in order (the first non-empty value wins), e.g. ['zoho.name', 'message.chatName']. */
export interface AutomaticInput {
	parameter: string;
	paths: readonly string[];
}

export const AUTOMATIC_INPUTS = {
	responsibleEmail: { parameter: 'responsibleEmail', paths: ['message.responsible.email'] },
	accountOwnerEmail: { parameter: 'accountOwnerEmail', paths: ['message.whatsappAccount.email'] },
	phone: { parameter: 'phone', paths: ['message.contactPhone'] },
	isGroupChat: { parameter: 'isGroupChat', paths: ['message.isGroup'] },
	chatName: { parameter: 'contactName', paths: ['message.chatName'] },
	chatUrl: { parameter: 'chatUrl', paths: ['message.chatUrl'] },
	ownerId: { parameter: 'ownerId', paths: ['owner.id'] },
	module: { parameter: 'module', paths: ['zoho.module'] },
	recordId: { parameter: 'recordId', paths: ['zoho.id'] },
	recordName: { parameter: 'contactName', paths: ['zoho.name', 'message.chatName'] },
	message: { parameter: 'message', paths: ['message'] },
} as const satisfies Record<string, AutomaticInput>;

export const inputSourceProperty: INodeProperties = {
	displayName: 'Input',
	name: 'inputSource',
	type: 'options',
	options: [
		{
			name: "From the Pack's Previous Nodes (Automatic)",
			value: 'auto',
			description:
				'Reads message, owner and zoho from the incoming item, as TimelinesAI Trigger, Resolve Owner and Match or Create output them (fastest)',
		},
		{
			name: 'Define Below',
			value: 'define',
			description: 'Map each input field yourself, e.g. with expressions',
		},
	],
	default: 'auto',
};

/** Shows a field only when the input is defined by hand. */
export const whenDefined = { inputSource: ['define'] };

/** The *Define Below* default of an input: the expression that reads what automatic mode reads. */
export function defaultExpression(input: AutomaticInput): string {
	return `={{ ${input.paths.map((p) => `$json.${p}`).join(' || ')} }}`;
}

/** The node property of an automatic input (shown in *Define Below* mode, or with `extraShow`). */
export function automaticInputProperty(
	input: AutomaticInput,
	property: Omit<INodeProperties, 'name' | 'default'>,
	extraShow: IDataObject = {},
): INodeProperties {
	return {
		...property,
		name: input.parameter,
		default: defaultExpression(input),
		displayOptions: { show: { ...extraShow, ...whenDefined } },
	};
}

function at(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** What automatic mode reads from an item for an input. */
export function automaticValue(json: IDataObject, input: AutomaticInput): unknown {
	for (const path of input.paths) {
		const value = at(json, path);
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

/** One input of one item: from the item itself in automatic mode, else the node parameter. */
export function readInput(
	context: IExecuteFunctions,
	index: number,
	input: AutomaticInput,
	fallback: unknown = '',
): unknown {
	if (context.getNodeParameter('inputSource', index, 'auto') === 'define')
		return context.getNodeParameter(input.parameter, index, fallback) as unknown;
	return automaticValue(context.getInputData()[index]?.json ?? {}, input) ?? fallback;
}

/** The same, as trimmed text. */
export function readTextInput(
	context: IExecuteFunctions,
	index: number,
	input: AutomaticInput,
): string {
	const value = readInput(context, index, input);
	return (typeof value === 'string' || typeof value === 'number' ? String(value) : '').trim();
}
