import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** E.164: `+`, a country code that does not start with 0, at most 15 digits in all. */
const E164_REGEX = '^\\+[1-9]\\d{6,14}$';

/**
 * The WhatsApp account to send from: list search over the workspace's accounts (searchWhatsappAccounts), or
 * a number typed in E.164. The value is the account's phone, as `whatsapp_account_phone` wants it. Was a
 * plain string field in version 2 before: a stored string is still read (extractValue returns it unchanged).
 */
export function whatsappAccountField(name: string, description: string): INodeProperties {
	return {
		displayName: 'WhatsApp Account',
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by number, account name or owner…',
				typeOptions: { searchListMethod: 'searchWhatsappAccounts', searchable: true },
			},
			{
				displayName: 'By Phone Number',
				name: 'phone',
				type: 'string',
				placeholder: '+15559876543',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: E164_REGEX,
							errorMessage: 'Use the international format, e.g. +15559876543',
						},
					},
				],
			},
		],
	};
}

/**
 * The account phone of item `i` ('' = none chosen), from the locator or a string stored before it. n8n checks
 * a mode's regex at run time only for top-level parameters, not inside a collection: checked here.
 */
export function whatsappAccountParameter(
	context: IExecuteFunctions,
	path: string,
	i: number,
): string {
	const stored = context.getNodeParameter(path, i, '') as unknown;
	const value = context.getNodeParameter(path, i, '', { extractValue: true }) as unknown;
	const phone = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const typed = typeof stored === 'object' && stored !== null && 'mode' in stored;
	if (typed && stored.mode === 'phone' && phone && !new RegExp(E164_REGEX).test(phone)) {
		throw new NodeOperationError(
			context.getNode(),
			`WhatsApp Account: "${phone}" is not a phone number in international format`,
			{ itemIndex: i, description: 'Use the international format, e.g. +15559876543' },
		);
	}
	return phone;
}
