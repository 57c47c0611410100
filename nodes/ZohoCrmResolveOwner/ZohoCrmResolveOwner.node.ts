import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resolveOwnerHandler } from './resolveOwnerHandler';
import { resolveOwnerProperties } from './resolveOwnerProperties';
import { runZohoItems } from '../shared/n8n/zohoItemLoop';
import { getActiveUsers, searchActiveUsers } from '../shared/n8n/zohoLoadOptions';
import { ZOHO_CREDENTIAL } from '../shared/transport/zoho/zohoRequest';

export class ZohoCrmResolveOwner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Resolve Owner',
		name: 'zohoCrmResolveOwner',
		icon: { light: 'file:zohoCrmResolveOwner.svg', dark: 'file:zohoCrmResolveOwner.dark.svg' },
		group: ['transform'],
		// 2: Fallback User is a resource locator (list search, ID); version 1 keeps its dropdown.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: 'Owner for a WhatsApp contact',
		description:
			'Picks the Zoho CRM user who should own a WhatsApp contact: chat responsible, then number owner, then a fallback',
		defaults: { name: 'Zoho CRM Resolve Owner' },
		// Not an AI tool: its input is the trigger's message item, which an agent never supplies. n8n's lint
		// (node-usable-as-tool) wants the key present; n8n generates a tool only for a truthy value.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: ZOHO_CREDENTIAL, required: true }],
		properties: resolveOwnerProperties,
	};

	methods = { loadOptions: { getActiveUsers }, listSearch: { searchActiveUsers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runZohoItems(this, resolveOwnerHandler(this));
	}
}
