import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { queueModeRedisConnectionTest } from '../shared/n8n/queueModeLock';
import { runZohoItems } from '../shared/n8n/zohoItemLoop';
import { ZOHO_CREDENTIAL } from '../shared/transport/zoho/zohoRequest';
import { upsertDailyNoteHandler } from './upsertDailyNoteHandler';
import { upsertDailyNoteProperties } from './upsertDailyNoteProperties';

export class ZohoCrmUpsertDailyNote implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Upsert Daily Note',
		name: 'zohoCrmUpsertDailyNote',
		icon: {
			light: 'file:zohoCrmUpsertDailyNote.svg',
			dark: 'file:zohoCrmUpsertDailyNote.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: 'One note per record per day',
		description:
			"Appends WhatsApp messages, exactly once each, to the record's Zoho CRM note of the day",
		defaults: { name: 'Zoho CRM Upsert Daily Note' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: ZOHO_CREDENTIAL, required: true },
			{
				name: 'queueModeRedisApi',
				required: true,
				testedBy: 'queueModeRedisConnectionTest',
				displayOptions: { show: { queueModeLock: ['redis'] } },
			},
		],
		properties: upsertDailyNoteProperties,
	};

	methods = { credentialTest: { queueModeRedisConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runZohoItems(this, upsertDailyNoteHandler(this));
	}
}
