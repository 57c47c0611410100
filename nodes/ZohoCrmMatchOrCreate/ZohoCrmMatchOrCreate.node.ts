import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { queueModeRedisConnectionTest } from '../shared/n8n/queueModeLock';
import {
	getConvertedPhoneFields,
	getPhoneFields,
	getPhoneModules,
	getWritableFields,
} from '../shared/n8n/zohoLoadOptions';
import { runZohoItems } from '../shared/n8n/zohoItemLoop';
import { ZOHO_CREDENTIAL } from '../shared/transport/zoho/zohoRequest';
import { matchOrCreateHandler } from './matchOrCreateHandler';
import { matchOrCreateProperties } from './matchOrCreateProperties';

export class ZohoCrmMatchOrCreate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Match or Create',
		name: 'zohoCrmMatchOrCreate',
		icon: { light: 'file:zohoCrmMatchOrCreate.svg', dark: 'file:zohoCrmMatchOrCreate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["module"] + " by " + $parameter["phoneField"] }}',
		description:
			'Finds the Zoho CRM record of a WhatsApp number (following converted leads) or creates it',
		defaults: { name: 'Zoho CRM Match or Create' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Matched', 'Created', 'Skipped'],
		credentials: [
			{ name: ZOHO_CREDENTIAL, required: true },
			{
				name: 'queueModeRedisApi',
				required: true,
				testedBy: 'queueModeRedisConnectionTest',
				displayOptions: { show: { queueModeLock: ['redis'] } },
			},
		],
		properties: matchOrCreateProperties,
	};

	methods = {
		loadOptions: { getPhoneModules, getPhoneFields, getConvertedPhoneFields, getWritableFields },
		credentialTest: { queueModeRedisConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runZohoItems(this, matchOrCreateHandler(this));
	}
}
