import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { at, inputField, inputSourceProperty, whenDefined } from '../shared/nodeInput';
import { credentialIdOf } from '../shared/zoho/credentialIdOf';
import { toNodeError } from '../shared/zoho/toNodeError';
import { resolveRecordOwner } from '../shared/zoho/ownerDirectory';
import { ZOHO_CREDENTIAL, ZohoCrmHttpApi } from '../shared/transport/zoho/zohoCrmHttpApi';
import { getActiveUsers } from '../shared/zoho/zohoLoadOptions';

export class ZohoCrmResolveOwner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Resolve Owner',
		name: 'zohoCrmResolveOwner',
		icon: { light: 'file:zohoCrmResolveOwner.svg', dark: 'file:zohoCrmResolveOwner.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Owner for a WhatsApp contact',
		description: 'Picks the Zoho CRM user who should own a WhatsApp contact: chat responsible, then number owner, then a fallback',
		defaults: { name: 'Zoho CRM Resolve Owner' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: ZOHO_CREDENTIAL, required: true }],
		properties: [
			inputSourceProperty,
			{
				displayName: 'Chat Responsible Email',
				name: 'responsibleEmail',
				type: 'string',
				default: '={{ $json.message.responsible.email }}',
				displayOptions: { show: whenDefined },
				description: 'Email of the TimelinesAI teammate the chat is assigned to; tried first',
			},
			{
				displayName: 'WhatsApp Account Owner Email',
				name: 'accountOwnerEmail',
				type: 'string',
				default: '={{ $json.message.whatsappAccount.email }}',
				displayOptions: { show: whenDefined },
				description: 'Email of the owner of the WhatsApp number the chat comes from; tried second',
			},
			{
				displayName: 'Fallback User Name or ID',
				name: 'fallbackUserId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getActiveUsers' },
				default: '',
				description:
					'Zoho user to use when neither email belongs to an active Zoho user. Empty: the Zoho user who connected the credential. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	};

	methods = { loadOptions: { getActiveUsers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const api = new ZohoCrmHttpApi(this);
		const credentialId = credentialIdOf(this);
		const output: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) {
			const callsBefore = api.callCount;
			try {
				const owner = await resolveRecordOwner(api, credentialId, {
					responsibleEmail: String(inputField(this, index, 'responsibleEmail', (json) => at(json, 'message', 'responsible', 'email')) ?? ''),
					accountOwnerEmail: String(inputField(this, index, 'accountOwnerEmail', (json) => at(json, 'message', 'whatsappAccount', 'email')) ?? ''),
					fallbackUserId: this.getNodeParameter('fallbackUserId', index, '') as string,
				});
				const sync = { ...((items[index].json.sync as IDataObject | undefined) ?? {}) };
				sync.creditsSpent = Number(sync.creditsSpent ?? 0) + (api.callCount - callsBefore);
				output.push({
					json: { ...items[index].json, owner: { id: owner.ownerId ?? null, rule: owner.rule, email: owner.matchedEmail ?? null }, sync },
					pairedItem: { item: index },
				});
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, index);
				if (!this.continueOnFail()) throw nodeError;
				output.push({ json: { ...items[index].json, error: nodeError.message }, pairedItem: { item: index } });
			}
		}
		return [output];
	}
}
