import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ownerFollowsChatProperties } from './ownerFollowsChatProperties';
import { toNodeError } from '../shared/n8n/toNodeError';
import {
	getConvertedPhoneFields,
	getPhoneFields,
	getPhoneModules,
} from '../shared/n8n/zohoLoadOptions';
import { followChatOwner } from '../shared/sync/ownerFollowsChat';
import type { OwnerFollowsChatSettings } from '../shared/sync/ownerFollowsChat';
import { ZohoCrmHttpApi } from '../shared/transport/zoho/zohoCrmHttpApi';
import { ZohoRecordsBulkHttpApi } from '../shared/transport/zoho/zohoRecordsBulk';
import { ZOHO_CREDENTIAL, zohoCredentialKey } from '../shared/transport/zoho/zohoRequest';

export class ZohoCrmOwnerFollowsChat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Owner Follows Chat',
		name: 'zohoCrmOwnerFollowsChat',
		icon: {
			light: 'file:zohoCrmOwnerFollowsChat.svg',
			dark: 'file:zohoCrmOwnerFollowsChat.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: 'Record owner = chat responsible',
		description:
			"When a TimelinesAI chat is reassigned, makes the new responsible's Zoho user the owner of the chat's record",
		defaults: { name: 'Zoho CRM Owner Follows Chat' },
		// Its input is the trigger's chat event, which an agent never supplies.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Updated', 'Skipped'],
		credentials: [{ name: ZOHO_CREDENTIAL, required: true }],
		properties: ownerFollowsChatProperties,
	};

	methods = { loadOptions: { getPhoneModules, getPhoneFields, getConvertedPhoneFields } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const updated: INodeExecutionData[] = [];
		const skipped: INodeExecutionData[] = [];
		const api = new ZohoCrmHttpApi(this);
		const writer = new ZohoRecordsBulkHttpApi(this);
		const text = (name: string, index: number) =>
			String(this.getNodeParameter(name, index, '') ?? '').trim();
		const items = this.getInputData();
		// In turn: a reassignment touches one record, and two events for one chat must apply in order.
		for (let index = 0; index < items.length; index++) {
			const settings: OwnerFollowsChatSettings = {
				credentialId: zohoCredentialKey(this),
				module: text('module', index),
				phoneField: text('phoneField', index),
				convertedModule: text('convertedModule', index) || undefined,
				convertedPhoneField: text('convertedPhoneField', index) || undefined,
				defaultCountry: text('defaultCountry', index) || undefined,
				records: text('records', index) === 'all' ? 'all' : 'createdByPack',
				leadSourceField: 'Lead_Source',
				leadSourceValue: text('leadSourceValue', index) || 'TimelinesAI',
			};
			const keep = (result: IDataObject): INodeExecutionData => ({
				json: { ...items[index].json, ownerFollowsChat: result },
				pairedItem: { item: index },
			});
			try {
				const result = await followChatOwner(
					api,
					writer,
					{ phone: text('phone', index), responsibleEmail: text('responsibleEmail', index) },
					settings,
				);
				(result.outcome === 'updated' ? updated : skipped).push(keep({ ...result }));
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, index);
				if (!this.continueOnFail()) throw nodeError;
				skipped.push(keep({ outcome: 'failed', reason: nodeError.message }));
			}
		}
		return [updated, skipped];
	}
}
