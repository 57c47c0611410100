import type { FieldDefinition, ModuleDefinition, SandboxUser, StoredRecord } from './zohoTypes';

/** Phone-like fields marked "Do not allow duplicate values" unless the options say otherwise. */
export const DEFAULT_UNIQUE_FIELDS: Record<string, string[]> = {
	Leads: ['Phone', 'Mobile'],
	Contacts: ['Phone', 'Mobile'],
};

const LEAD_SOURCES = [
	'-None-',
	'Advertisement',
	'Cold Call',
	'Employee Referral',
	'External Referral',
	'Online Store',
	'Partner',
	'Web Download',
	'Web Research',
	'Chat',
	'TimelinesAI',
];

const common = (): FieldDefinition[] => [
	{ api_name: 'Owner', field_label: 'Owner', data_type: 'ownerlookup' },
	{ api_name: 'Created_Time', field_label: 'Created Time', data_type: 'datetime', read_only: true },
	{
		api_name: 'Modified_Time',
		field_label: 'Modified Time',
		data_type: 'datetime',
		read_only: true,
	},
	{ api_name: 'Created_By', field_label: 'Created By', data_type: 'ownerlookup', read_only: true },
	{
		api_name: 'Modified_By',
		field_label: 'Modified By',
		data_type: 'ownerlookup',
		read_only: true,
	},
	{ api_name: 'Description', field_label: 'Description', data_type: 'textarea', length: 32000 },
];

const person = (): FieldDefinition[] => [
	{ api_name: 'First_Name', field_label: 'First Name', data_type: 'text', length: 40 },
	{
		api_name: 'Last_Name',
		field_label: 'Last Name',
		data_type: 'text',
		length: 80,
		system_mandatory: true,
	},
	{
		api_name: 'Full_Name',
		field_label: 'Full Name',
		data_type: 'text',
		length: 121,
		read_only: true,
	},
	{ api_name: 'Email', field_label: 'Email', data_type: 'email', length: 100 },
	{ api_name: 'Secondary_Email', field_label: 'Secondary Email', data_type: 'email', length: 100 },
	{ api_name: 'Phone', field_label: 'Phone', data_type: 'phone', length: 30 },
	{ api_name: 'Mobile', field_label: 'Mobile', data_type: 'phone', length: 30 },
	{
		api_name: 'Lead_Source',
		field_label: 'Lead Source',
		data_type: 'picklist',
		pick_list_values: LEAD_SOURCES,
	},
	{
		api_name: 'WhatsApp_Chat_Link',
		field_label: 'WhatsApp Chat Link',
		data_type: 'website',
		length: 255,
		custom_field: true,
	},
	{
		api_name: 'WhatsApp_Labels',
		field_label: 'WhatsApp Labels',
		data_type: 'multiselectpicklist',
		custom_field: true,
		pick_list_values: ['Customer', 'Prospect', 'Support', 'VIP'],
	},
	{
		api_name: 'WhatsApp_Phone',
		field_label: 'WhatsApp Phone',
		data_type: 'phone',
		length: 30,
		custom_field: true,
	},
];

export function moduleDefinitions(uniqueFields: Record<string, string[]>): ModuleDefinition[] {
	const modules: ModuleDefinition[] = [
		{
			api_name: 'Leads',
			module_name: 'Leads',
			singular_label: 'Lead',
			plural_label: 'Leads',
			id: '5725767000000002175',
			fields: [
				...common(),
				...person(),
				{ api_name: 'Company', field_label: 'Company', data_type: 'text', length: 200 },
				{
					api_name: 'Lead_Status',
					field_label: 'Lead Status',
					data_type: 'picklist',
					pick_list_values: ['-None-', 'Not Contacted', 'Contacted', 'Qualified', 'Lost Lead'],
				},
				{
					api_name: 'Converted__s',
					field_label: 'Converted',
					data_type: 'boolean',
					read_only: true,
				},
				{
					api_name: 'Converted_Date_Time',
					field_label: 'Converted Date Time',
					data_type: 'datetime',
					read_only: true,
				},
				{
					api_name: 'Converted_Contact',
					field_label: 'Converted Contact',
					data_type: 'lookup',
					lookup_module: 'Contacts',
					read_only: true,
				},
				{
					api_name: 'Converted_Account',
					field_label: 'Converted Account',
					data_type: 'lookup',
					lookup_module: 'Accounts',
					read_only: true,
				},
			],
		},
		{
			api_name: 'Contacts',
			module_name: 'Contacts',
			singular_label: 'Contact',
			plural_label: 'Contacts',
			id: '5725767000000002179',
			fields: [
				...common(),
				...person(),
				{
					api_name: 'Account_Name',
					field_label: 'Account Name',
					data_type: 'lookup',
					lookup_module: 'Accounts',
				},
			],
		},
		{
			api_name: 'Accounts',
			module_name: 'Accounts',
			singular_label: 'Account',
			plural_label: 'Accounts',
			id: '5725767000000002177',
			fields: [
				...common(),
				{
					api_name: 'Account_Name',
					field_label: 'Account Name',
					data_type: 'text',
					length: 200,
					system_mandatory: true,
				},
				{ api_name: 'Phone', field_label: 'Phone', data_type: 'phone', length: 30 },
				{ api_name: 'Website', field_label: 'Website', data_type: 'website', length: 255 },
				{
					api_name: 'Industry',
					field_label: 'Industry',
					data_type: 'picklist',
					pick_list_values: ['-None-', 'Retail', 'Technology', 'Services'],
				},
			],
		},
	];
	for (const module of modules) {
		for (const field of module.fields)
			if ((uniqueFields[module.api_name] ?? []).includes(field.api_name))
				field.unique = { casesensitive: false };
	}
	return modules;
}

const user = (
	n: number,
	first: string,
	last: string,
	email: string,
	isAdmin: boolean,
	status: SandboxUser['status'] = 'active',
): SandboxUser => ({
	id: `572576700000040${n}001`,
	email,
	first_name: first,
	last_name: last,
	full_name: `${first} ${last}`,
	status,
	confirm: true,
	role: isAdmin
		? { name: 'CEO', id: '5725767000000026005' }
		: { name: 'Manager', id: '5725767000000026008' },
	profile: isAdmin
		? { name: 'Administrator', id: '5725767000000026011' }
		: { name: 'Standard', id: '5725767000000026014' },
	zuid: `80000${n}123`,
	time_zone: 'Europe/London',
	isAdmin,
});

/** Three active users (the first is the admin = CurrentUser of every token) and one deactivated user. */
export function seedUsers(): SandboxUser[] {
	return [
		user(1, 'Alex', 'Admin', 'alex.admin@sandbox.example', true),
		user(2, 'Sam', 'Sales', 'sam.sales@sandbox.example', false),
		user(3, 'Priya', 'Support', 'priya.support@sandbox.example', false),
		user(4, 'Former', 'Employee', 'former.employee@sandbox.example', false, 'disabled'),
	];
}

/** Seed records per module, written through the normal create path so they get ids and audit fields. */
export function seedRecords(): Record<string, Array<Omit<StoredRecord, 'id'>>> {
	return {
		Accounts: [
			{ Account_Name: 'Acme Retail Ltd', Phone: '+44 20 7946 0000', Industry: 'Retail' },
			{ Account_Name: 'Globex GmbH', Website: 'https://globex.example' },
		],
		Leads: [
			{
				First_Name: 'Ana',
				Last_Name: 'Silva',
				Company: 'Silva Imports',
				Mobile: '+351912345678',
				Email: 'ana.silva@example.com',
				Lead_Source: 'TimelinesAI',
			},
			{
				First_Name: 'Ben',
				Last_Name: 'Okafor',
				Company: 'Okafor & Sons',
				Phone: '+2348031234567',
				Lead_Source: 'Cold Call',
			},
			{
				Last_Name: 'Müller',
				Company: 'Müller Bau',
				Mobile: '+4915112345678',
				Email: 'info@mueller-bau.example',
				Lead_Source: 'Web Research',
			},
		],
		Contacts: [
			{
				First_Name: 'Chloé',
				Last_Name: 'Martin',
				Mobile: '+33612345678',
				Email: 'chloe.martin@example.fr',
			},
			{
				First_Name: 'David',
				Last_Name: 'Cohen',
				Phone: '+972501234567',
				Email: 'david@cohen.example',
			},
		],
	};
}
