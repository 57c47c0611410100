import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { at, inputField } from '../shared/nodeInput';
import { credentialIdOf } from '../shared/zoho/credentialIdOf';
import { matchOrCreateRecord } from '../shared/zoho/matchOrCreateRecord';
import { queueModeLockFor, queueModeRedisConnectionTest } from '../shared/zoho/queueModeLock';
import { toNodeError } from '../shared/zoho/toNodeError';
import { ZOHO_CREDENTIAL, ZohoCrmHttpApi } from '../shared/transport/zoho/zohoCrmHttpApi';
import { getConvertedPhoneFields, getPhoneFields, getPhoneModules, getWritableFields } from '../shared/zoho/zohoLoadOptions';
import { matchOrCreateProperties } from './matchOrCreateProperties';
import { matchSettingsFor } from './matchSettingsFor';

const OUTPUT = { matched: 0, created: 1, skipped: 2 } as const;

export class ZohoCrmMatchOrCreate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Match or Create',
		name: 'zohoCrmMatchOrCreate',
		icon: { light: 'file:zohoCrmMatchOrCreate.svg', dark: 'file:zohoCrmMatchOrCreate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["module"] + " by " + $parameter["phoneField"] }}',
		description: 'Finds the Zoho CRM record of a WhatsApp number (following converted leads) or creates it',
		defaults: { name: 'Zoho CRM Match or Create' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Matched', 'Created', 'Skipped'],
		credentials: [
			{ name: ZOHO_CREDENTIAL, required: true },
			{ name: 'queueModeRedisApi', required: true, testedBy: 'queueModeRedisConnectionTest', displayOptions: { show: { queueModeLock: ['redis'] } } },
		],
		properties: matchOrCreateProperties,
	};

	methods = {
		loadOptions: { getPhoneModules, getPhoneFields, getConvertedPhoneFields, getWritableFields },
		credentialTest: { queueModeRedisConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const api = new ZohoCrmHttpApi(this);
		const credentialId = credentialIdOf(this);
		const outputs: INodeExecutionData[][] = [[], [], []];
		// Items run concurrently; the per-number lock inside matchOrCreateRecord keeps one number serial.
		await Promise.all(
			items.map(async (item, index) => {
				const callsBefore = api.callCount;
				try {
					const settings = { ...matchSettingsFor(this, index, credentialId), lock: await queueModeLockFor(this, index) };
					const phone = String(inputField(this, index, 'phone', (json) => at(json, 'message', 'contactPhone')) ?? '');
					const groupFlag = inputField(this, index, 'isGroupChat', (json) => at(json, 'message', 'isGroup'), false);
					const isGroup = groupFlag === true || String(groupFlag).toLowerCase() === 'true';
					const result = await matchOrCreateRecord(api, { phone, isGroup }, settings);
					const sync: IDataObject = {
						...((item.json.sync as IDataObject | undefined) ?? {}),
						outcome: result.outcome,
						rule: result.rule,
						reason: result.reason,
						module: result.module ?? null,
						recordId: result.record?.id ?? null,
						// Calls made for this item (approximate when items of one execution overlap in time).
						creditsSpent: Number((item.json.sync as IDataObject | undefined)?.creditsSpent ?? 0) + (api.callCount - callsBefore),
					};
					const json: IDataObject = { ...item.json, sync };
					if (result.outcome !== 'skipped') {
						json.zoho = { module: result.module, id: result.record.id, name: result.name, phoneField: result.phoneField, e164: result.e164, record: result.record as IDataObject };
					}
					outputs[OUTPUT[result.outcome]].push({ json, pairedItem: { item: index } });
				} catch (error) {
					const nodeError = toNodeError(this.getNode(), error, index);
					if (!this.continueOnFail()) throw nodeError;
					outputs[OUTPUT.skipped].push({ json: { ...item.json, error: nodeError.message }, pairedItem: { item: index } });
				}
			}),
		);
		return outputs;
	}
}
