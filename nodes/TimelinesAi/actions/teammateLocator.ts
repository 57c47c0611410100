import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const EMAIL_REGEX = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';

/**
 * A TimelinesAI teammate, by e-mail (what `responsible` takes): list search over `GET /workspace/teammates`
 * (searchTeammates), or an e-mail typed in. Was a plain string field before: a stored string is still read.
 */
export function teammateField(name: string, description: string): INodeProperties {
	return {
		displayName: 'Responsible',
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by name or email…',
				typeOptions: { searchListMethod: 'searchTeammates', searchable: true },
			},
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				validation: [
					{
						type: 'regex',
						properties: { regex: EMAIL_REGEX, errorMessage: 'Not an email address' },
					},
				],
			},
		],
	};
}

/**
 * The teammate e-mail at `path` for item `i` ('' = none), from the locator or a string stored before it.
 * n8n checks a mode's regex at run time only for top-level parameters, not inside a collection: checked here.
 */
export function teammateParameter(context: IExecuteFunctions, path: string, i: number): string {
	const stored = context.getNodeParameter(path, i, '') as unknown;
	const value = context.getNodeParameter(path, i, '', { extractValue: true }) as unknown;
	const email = typeof value === 'string' ? value.trim() : '';
	const typed = typeof stored === 'object' && stored !== null && 'mode' in stored;
	if (typed && stored.mode === 'email' && email && !new RegExp(EMAIL_REGEX).test(email)) {
		throw new NodeOperationError(
			context.getNode(),
			`Responsible: "${email}" is not an email address`,
			{
				itemIndex: i,
			},
		);
	}
	return email;
}
