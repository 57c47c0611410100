import type { INodeProperties } from 'n8n-workflow';
import {
	AUTOMATIC_INPUTS,
	automaticInputProperty,
	inputSourceProperty,
} from '../shared/n8n/automaticInputs';

import { queueModeLockProperty } from '../shared/n8n/queueModeLock';

const whenCreating = { displayOptions: { show: { createIfNotFound: [true] } } };
const creating = { createIfNotFound: [true] };

export const matchOrCreateProperties: INodeProperties[] = [
	inputSourceProperty,
	automaticInputProperty(AUTOMATIC_INPUTS.phone, {
		displayName: 'Phone Number',
		type: 'string',
		required: true,
		description: "The WhatsApp contact's number; any format, compared in E.164",
	}),
	automaticInputProperty(AUTOMATIC_INPUTS.isGroupChat, {
		displayName: 'Is Group Chat',
		// A string so it can default to an expression (boolean parameters need a literal default).
		type: 'string',
		description:
			"True when the message comes from a group chat. Group messages go to the Skipped output unless Group Chats is Log to Each Participant's Record.",
	}),
	automaticInputProperty(
		AUTOMATIC_INPUTS.message,
		{
			displayName: 'Message',
			type: 'json',
			description:
				'The TimelinesAI message as the TimelinesAI Trigger outputs it (chatId, chatName, direction, sender, whatsappAccount): who wrote in the group',
		},
		{ groupChats: ['perParticipant'] },
	),
	{
		displayName: 'Module Name or ID',
		name: 'module',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneModules' },
		default: 'Leads',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Where contacts are searched first and created. Only modules with a phone field are listed.',
	},
	{
		displayName: 'Phone Field Name or ID',
		name: 'phoneField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneFields', loadOptionsDependsOn: ['module'] },
		default: 'Mobile',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Single-value phone field that holds the WhatsApp number.',
	},
	{
		displayName: 'Converted Records Module Name or ID',
		name: 'convertedModule',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPhoneModules' },
		default: 'Contacts',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Searched second, and where converted leads continue (e.g. Contacts).',
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
		hint: 'Phone field of the converted-records module.',
	},
	{
		displayName: 'When the Matched Lead Is Converted',
		name: 'whenConverted',
		type: 'options',
		options: [
			{
				name: 'Continue With the Record It Became',
				value: 'continue',
				description:
					'Follow Converted_Contact (or $converted_detail), else search the converted-records module',
			},
			{ name: 'Stop', value: 'stop', description: 'Send the message to the Skipped output' },
		],
		default: 'continue',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: '',
		placeholder: 'GB',
		description:
			'Two-letter country code for numbers stored without a country code (e.g. 07700 900123), so legacy records still match',
	},
	{
		displayName: 'Create If Not Found',
		name: 'createIfNotFound',
		type: 'boolean',
		default: true,
		description: 'Whether to create a record in the module when no record has the number',
	},
	automaticInputProperty(
		AUTOMATIC_INPUTS.chatName,
		{ displayName: 'Contact Name', type: 'string' },
		creating,
	),
	{
		displayName: 'Name Mapping',
		name: 'nameMapping',
		type: 'options',
		options: [
			{ name: 'First and Last Name Fields', value: 'firstLast' },
			{ name: 'One Name Field', value: 'single' },
		],
		default: 'firstLast',
		...whenCreating,
	},
	{
		displayName: 'First Name Field',
		name: 'firstNameField',
		type: 'string',
		default: 'First_Name',
		displayOptions: { show: { createIfNotFound: [true], nameMapping: ['firstLast'] } },
	},
	{
		displayName: 'Last Name Field',
		name: 'lastNameField',
		type: 'string',
		default: 'Last_Name',
		displayOptions: { show: { createIfNotFound: [true], nameMapping: ['firstLast'] } },
	},
	{
		displayName: 'Name Field',
		name: 'nameField',
		type: 'string',
		default: 'Name',
		displayOptions: { show: { createIfNotFound: [true], nameMapping: ['single'] } },
	},
	{
		displayName: 'Chat Link Field Name or ID',
		name: 'chatLinkField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWritableFields', loadOptionsDependsOn: ['module'] },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Field that receives the TimelinesAI chat URL; empty for none.',
		...whenCreating,
	},
	automaticInputProperty(
		AUTOMATIC_INPUTS.chatUrl,
		{ displayName: 'Chat Link', type: 'string' },
		creating,
	),
	{
		displayName: 'Lead Source Field',
		name: 'leadSourceField',
		type: 'string',
		default: 'Lead_Source',
		description: 'Field that marks records created by this sync; empty for none',
		...whenCreating,
	},
	{
		displayName: 'Lead Source Value',
		name: 'leadSourceValue',
		type: 'string',
		default: 'TimelinesAI',
		...whenCreating,
	},
	automaticInputProperty(
		AUTOMATIC_INPUTS.ownerId,
		{
			displayName: 'Owner ID',
			type: 'string',
			description:
				"Zoho user ID for the new record's Owner (from Zoho CRM Resolve Owner); empty: the connecting user",
		},
		creating,
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		...whenCreating,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: {
							loadOptionsMethod: 'getWritableFields',
							loadOptionsDependsOn: ['module'],
						},
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Group Chats',
		name: 'groupChats',
		type: 'options',
		options: [
			{
				name: "Log to Each Participant's Record",
				value: 'perParticipant',
				description:
					"A received message goes to its sender's record, a sent one to every participant's record already in Zoho, in a daily note titled with the group's name (reads the group's participants from TimelinesAI)",
			},
			{
				name: 'Skip',
				value: 'skip',
				description: 'Group messages go to the Skipped output',
			},
		],
		default: 'skip',
		hint: 'Also turn on Include Group Chats in the TimelinesAI Trigger (and the Catch-up Trigger), which drop group messages by default',
	},
	{
		displayName: 'Create Records for Group Participants',
		name: 'createGroupParticipants',
		type: 'boolean',
		default: false,
		description:
			'Whether to create a record (as for a new contact) for a group participant who has none; off: only participants already in Zoho get the message',
		displayOptions: { show: { groupChats: ['perParticipant'], createIfNotFound: [true] } },
	},
	queueModeLockProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Cache Minutes',
				name: 'cacheMinutes',
				type: 'number',
				default: 10,
				description:
					'How long a number → record match is reused without asking Zoho (0 credits per hit; a record deleted meanwhile is noticed late)',
			},
			{
				displayName: 'Run Zoho Automations on Create',
				name: 'runAutomations',
				type: 'boolean',
				default: true,
				description:
					'Whether workflows, approvals and blueprints run for created records (Zoho "trigger"); off sends an empty trigger list',
			},
		],
	},
];
