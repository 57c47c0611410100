/**
 * n8n's getNodeParameter for the test n8n: the node's parameter, else the default in the node type's
 * description (n8n fills those in when the workflow is loaded), else the caller's fallback; expressions
 * are evaluated against the item's JSON. Only the expression forms the pack's workflow and defaults use
 * are understood — `={{ $json.a.b }}` and `={{ $json.a || $json.b }}`; anything else fails loudly, so a
 * changed workflow cannot silently test something else.
 */
import type { IDataObject, INodeProperties, NodeParameterValueType } from 'n8n-workflow';

const EXPRESSION = /^=\{\{\s*([\s\S]+?)\s*\}\}$/;
const JSON_PATH = /^\$json((?:\.[A-Za-z_$][\w$]*)*)$/;

function evaluatePath(term: string, json: IDataObject): unknown {
	const match = JSON_PATH.exec(term.trim());
	if (!match) throw new Error(`Test n8n cannot evaluate the expression term "${term}"`);
	let value: unknown = json;
	for (const key of match[1].split('.').filter(Boolean)) {
		value = typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined;
	}
	return value;
}

function evaluate(value: unknown, json: IDataObject): unknown {
	if (typeof value === 'string') {
		const expression = EXPRESSION.exec(value);
		if (!expression) return value.startsWith('=') ? value.slice(1) : value;
		// JavaScript's ||: the first truthy term, else the last one.
		return expression[1]
			.split('||')
			.reduce<unknown>((acc, term) => acc || evaluatePath(term, json), undefined);
	}
	if (Array.isArray(value)) return value.map((v) => evaluate(v, json));
	if (typeof value === 'object' && value !== null)
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, json)]));
	return value;
}

export function resolveNodeParameter(
	parameters: IDataObject,
	properties: INodeProperties[],
	name: string,
	json: IDataObject,
	fallback?: unknown,
): NodeParameterValueType | object {
	const raw =
		name in parameters ? parameters[name] : properties.find((p) => p.name === name)?.default;
	if (raw === undefined) {
		if (fallback !== undefined) return fallback as object;
		throw new Error(`Test n8n: the node has no parameter "${name}"`);
	}
	return evaluate(raw, json) as NodeParameterValueType | object;
}
