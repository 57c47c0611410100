import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pickerField, pickerValue, type PickerSpec } from './pickerField';

/**
 * A TimelinesAI teammate, by e-mail (what `responsible` takes): list search over the workspace's teammates
 * (searchTeammates), or an e-mail typed in. A plain string stored before is still read.
 */
const TEAMMATE: PickerSpec = {
	displayName: 'Responsible',
	searchListMethod: 'searchTeammates',
	listPlaceholder: 'Search by name or email…',
	typed: {
		mode: 'email',
		displayName: 'By Email',
		placeholder: 'name@email.com',
		regex: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
		errorMessage: 'Not an email address',
		invalid: 'is not an email address',
	},
};

export function teammateField(name: string, description: string): INodeProperties {
	return pickerField(TEAMMATE, name, description);
}

/** The teammate e-mail at `path` for item `i` ('' = none). */
export function teammateParameter(context: IExecuteFunctions, path: string, i: number): string {
	return pickerValue(context, TEAMMATE, path, i);
}
