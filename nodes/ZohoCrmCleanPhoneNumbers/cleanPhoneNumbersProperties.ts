import type { INodeProperties } from 'n8n-workflow';

export const cleanPhoneNumbersProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Dry Run',
				value: 'dryRun',
				description: 'Read the module and list what would change, with the credits a write costs',
			},
			{
				name: 'Write',
				value: 'write',
				description:
					'Write the E.164 values in bulk (100 records per call); values changed since the scan are left alone',
			},
		],
		default: 'dryRun',
	},
	{
		displayName: 'Module Name or ID',
		name: 'module',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneModules' },
		default: 'Leads',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Phone Field Names or IDs',
		name: 'phoneFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getPhoneFields', loadOptionsDependsOn: ['module'] },
		default: ['Mobile'],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'GB',
		description:
			'Two-letter country code the numbers without a country code belong to (e.g. 07700 900123 in GB)',
	},
	{
		displayName: 'Max Records',
		name: 'maxRecords',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Stop reading after this many records (0 = the whole module, 1 credit per 200 records)',
	},
];
