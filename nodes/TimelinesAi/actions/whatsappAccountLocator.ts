import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pickerField, pickerValue, type PickerSpec } from './pickerField';

/**
 * The WhatsApp account to send from: list search over the workspace's accounts (searchWhatsappAccounts), or
 * a number typed in E.164 (`+`, a country code not starting with 0, at most 15 digits). The value is the
 * account's phone, as `whatsapp_account_phone` wants it. A plain string stored before is still read.
 */
const WHATSAPP_ACCOUNT: PickerSpec = {
	displayName: 'WhatsApp Account',
	searchListMethod: 'searchWhatsappAccounts',
	listPlaceholder: 'Search by number, account name or owner…',
	typed: {
		mode: 'phone',
		displayName: 'By Phone Number',
		placeholder: '+15559876543',
		regex: '^\\+[1-9]\\d{6,14}$',
		errorMessage: 'Use the international format, e.g. +15559876543',
		invalid: 'is not a phone number in international format',
	},
};

export function whatsappAccountField(name: string, description: string): INodeProperties {
	return pickerField(WHATSAPP_ACCOUNT, name, description);
}

/** The account phone at `path` for item `i` ('' = none chosen). */
export function whatsappAccountParameter(
	context: IExecuteFunctions,
	path: string,
	i: number,
): string {
	return pickerValue(context, WHATSAPP_ACCOUNT, path, i);
}
