import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['whatsappAccount'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the WhatsApp numbers connected to the workspace',
				action: 'Get many accounts',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
