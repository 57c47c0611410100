import type { INodeProperties } from 'n8n-workflow';

import {
	AUTOMATIC_INPUTS,
	automaticInputProperty,
	inputSourceProperty,
} from '../shared/n8n/automaticInputs';

export const resolveOwnerProperties: INodeProperties[] = [
	inputSourceProperty,
	automaticInputProperty(AUTOMATIC_INPUTS.responsibleEmail, {
		displayName: 'Chat Responsible Email',
		type: 'string',
		description: 'Email of the TimelinesAI teammate the chat is assigned to; tried first',
	}),
	automaticInputProperty(AUTOMATIC_INPUTS.accountOwnerEmail, {
		displayName: 'WhatsApp Account Owner Email',
		type: 'string',
		description: 'Email of the owner of the WhatsApp number the chat comes from; tried second',
	}),
	// Version 1 keeps the dropdown its workflows were saved with; version 2 is a resource locator. Both are
	// named fallbackUserId: the handler reads either with extractValue (a plain string comes back unchanged).
	{
		displayName: 'Fallback User Name or ID',
		name: 'fallbackUserId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getActiveUsers' },
		default: '',
		description:
			'Zoho user to use when neither email belongs to an active Zoho user. Empty: the Zoho user who connected the credential. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Fallback User',
		name: 'fallbackUserId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description:
			'Zoho user to use when neither email belongs to an active Zoho user. Empty: the Zoho user who connected the credential.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by name or email…',
				typeOptions: { searchListMethod: 'searchActiveUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '4150868000000225013',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\d+$', errorMessage: 'A Zoho user ID is a number' },
					},
				],
			},
		],
	},
];
