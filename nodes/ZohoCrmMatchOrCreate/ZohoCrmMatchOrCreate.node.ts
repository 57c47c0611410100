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
import { TIMELINES_CREDENTIAL } from '../shared/transport/timelinesai/timelinesAiRequest';
import { ZOHO_CREDENTIAL } from '../shared/transport/zoho/zohoRequest';
import { matchOrCreateHandler, matchOutputs } from './matchOrCreateHandler';
import { matchOrCreateProperties } from './matchOrCreateProperties';

export class ZohoCrmMatchOrCreate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Match or Create',
		name: 'zohoCrmMatchOrCreate',
		icon: { light: 'file:zohoCrmMatchOrCreate.svg', dark: 'file:zohoCrmMatchOrCreate.dark.svg' },
		group: ['transform'],
		// 2 adds the Converted output (before Skipped): a converted lead continuing on the record it became.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["module"] + " by " + $parameter["phoneField"] }}',
		description:
			'Finds the Zoho CRM record of a WhatsApp number (following converted leads) or creates it',
		defaults: { name: 'Zoho CRM Match or Create' },
		// Not an AI tool: its input is the trigger's message item, which an agent never supplies. n8n's lint
		// (node-usable-as-tool) wants the key present; n8n generates a tool only for a truthy value.
		usableAsTool: undefined,
		hints: [
			{
				message:
					'No Chat Link Field: created records will not link back to the TimelinesAI chat. Pick a URL or text field of the module (create one in Zoho CRM → Settings → Modules and Fields if the org has none).',
				type: 'warning',
				location: 'ndv',
				whenToDisplay: 'always',
				displayCondition:
					'={{ $parameter["createIfNotFound"] !== false && !$parameter["chatLinkField"] }}',
			},
		],
		inputs: [NodeConnectionTypes.Main],
		// Per version, as n8n's own versioned outputs (Respond to Webhook): an expression over $nodeVersion.
		outputs: `={{(${matchOutputs})($nodeVersion)}}`,
		credentials: [
			{ name: ZOHO_CREDENTIAL, required: true },
			{
				// The participants of a group (GET /chats/{id}): only in per-participant mode.
				name: TIMELINES_CREDENTIAL,
				required: true,
				displayOptions: { show: { groupChats: ['perParticipant'] } },
			},
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
