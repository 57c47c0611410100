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
		// Not an AI tool: its input is the trigger's message item, which an agent never supplies. n8n's lint
		// (node-usable-as-tool) wants the key present; n8n generates a tool only for a truthy value.
		usableAsTool: undefined,
		hints: [
			{
				message:
					'Items for the same record and day are merged into one note write (in input order), so a batch of messages costs one write, not one per message.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'afterExecution',
			},
			{
				message:
					'Conditional Write skips the read before each write (≈1 credit a message) and re-reads only when Zoho reports the note changed since the last write. Use Read Before Write if other tools edit these notes often.',
				type: 'info',
				location: 'ndv',
				whenToDisplay: 'always',
				displayCondition: '={{ $parameter["options"]["writeMode"] === "conditionalWrite" }}',
			},
		],
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
