import type { INodeProperties } from 'n8n-workflow';

export const ownerFollowsChatProperties: INodeProperties[] = [
	{
		displayName: 'Records',
		name: 'records',
		type: 'options',
		options: [
			{
				name: 'Records Created by the Pack',
				value: 'createdByPack',
				description: 'Only records whose Lead Source is the value Match or Create writes',
			},
			{ name: 'All Records', value: 'all', description: "Every record with the chat's number" },
		],
		default: 'createdByPack',
		description: 'Which records follow the chat to its new responsible',
	},
	{
		displayName: 'Lead Source Value',
		name: 'leadSourceValue',
		type: 'string',
		default: 'TimelinesAI',
		description:
			"The Lead Source Match or Create writes on the records it creates (the sync workflow's)",
		displayOptions: { show: { records: ['createdByPack'] } },
	},
	{
		displayName: 'Chat Phone',
		name: 'phone',
		type: 'string',
		default: '={{ $json.chat.phone }}',
		description: "The chat's phone number (the trigger's chat event: chat.phone; empty for groups)",
	},
	{
		displayName: 'New Responsible Email',
		name: 'responsibleEmail',
		type: 'string',
		default: '={{ $json.chat.responsible_email }}',
		description: 'The TimelinesAI teammate the chat is now assigned to',
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
		displayName: 'Phone Field Name or ID',
		name: 'phoneField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneFields', loadOptionsDependsOn: ['module'] },
		default: 'Mobile',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Converted Records Module Name or ID',
		name: 'convertedModule',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneModules' },
		default: 'Contacts',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Converted Records Phone Field Name or ID',
		name: 'convertedPhoneField',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getConvertedPhoneFields',
			loadOptionsDependsOn: ['convertedModule'],
		},
		default: 'Phone',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: '',
		placeholder: 'GB',
		description: 'Two-letter country code for numbers stored without a country code',
	},
];
