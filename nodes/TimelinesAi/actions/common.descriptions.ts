import type { INodeProperties } from 'n8n-workflow';

export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The contact's number in any format: operations normalise it to E.164. */
export function phoneNumberField(description: string): INodeProperties {
	return {
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+447700900123',
		description,
	};
}

export const messageUidField: INodeProperties = {
	displayName: 'Message UID',
	name: 'messageUid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'c7ec509d-0171-1ead-a84b-c6943a644768',
	description: 'The UID of the message, as returned when it was sent or listed',
};

export const attachmentOptions: INodeProperties[] = [
	{
		displayName: 'Attachment Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: '',
		placeholder: 'data',
		description:
			'Name of the input binary field holding a file to send; it is uploaded to TimelinesAI first',
	},
	{
		displayName: 'Attachment File UID',
		name: 'fileUid',
		type: 'string',
		default: '',
		description:
			'UID of a file already uploaded to TimelinesAI (File → Upload), instead of a binary field',
	},
];

export const defaultCountryOption: INodeProperties = {
	displayName: 'Default Country',
	name: 'defaultCountry',
	type: 'string',
	default: '',
	placeholder: 'GB',
	description:
		'ISO 3166 alpha-2 country for numbers written without a country code, such as 07700 900123',
};
