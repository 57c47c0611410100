import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A resource locator inside a collection: a list search, or a value typed in a checked format. */
export interface PickerSpec {
	displayName: string;
	searchListMethod: string;
	listPlaceholder: string;
	typed: {
		mode: string;
		displayName: string;
		placeholder: string;
		regex: string;
		/** Shown under the field in the editor. */
		errorMessage: string;
		/** "<Display Name>: "<value>" <invalid>" when the node runs with a value not in the format. */
		invalid: string;
	};
}

export function pickerField(spec: PickerSpec, name: string, description: string): INodeProperties {
	const { typed } = spec;
	return {
		displayName: spec.displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.listPlaceholder,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: typed.displayName,
				name: typed.mode,
				type: 'string',
				placeholder: typed.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: typed.regex, errorMessage: typed.errorMessage },
					},
				],
			},
		],
	};
}

/**
 * The picker's value at `path` for item `i` ('' = none), from the locator or a plain string stored before
 * the field was a locator (extractValue returns it unchanged). n8n checks a mode's regex at run time only for
 * top-level parameters, not inside a collection: the typed mode is checked here.
 */
export function pickerValue(
	context: IExecuteFunctions,
	spec: PickerSpec,
	path: string,
	i: number,
): string {
	const stored = context.getNodeParameter(path, i, '') as unknown;
	const value = context.getNodeParameter(path, i, '', { extractValue: true }) as unknown;
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const isLocator = typeof stored === 'object' && stored !== null && 'mode' in stored;
	if (
		isLocator &&
		stored.mode === spec.typed.mode &&
		text &&
		!new RegExp(spec.typed.regex).test(text)
	)
		throw new NodeOperationError(
			context.getNode(),
			`${spec.displayName}: "${text}" ${spec.typed.invalid}`,
			{ itemIndex: i, description: spec.typed.errorMessage },
		);
	return text;
}
