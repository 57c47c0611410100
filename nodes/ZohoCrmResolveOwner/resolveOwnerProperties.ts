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
	{
		displayName: 'Fallback User Name or ID',
		name: 'fallbackUserId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getActiveUsers' },
		default: '',
		description:
			'Zoho user to use when neither email belongs to an active Zoho user. Empty: the Zoho user who connected the credential. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];
