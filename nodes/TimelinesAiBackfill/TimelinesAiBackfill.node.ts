import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, sleep } from 'n8n-workflow';

import { readBackfillCursor } from '../shared/sync/backfillCursor';
import { runBackfillBatch } from '../shared/sync/backfillBatch';
import { numberStatusOf } from '../shared/sync/creditEstimate';
import { findRecord } from '../shared/sync/findRecordByPhone';
import { orgTimeZone } from '../shared/sync/orgTimeZone';
import { pacedHistorySource } from '../shared/sync/pacedHistorySource';
import { timelinesHistorySource } from '../shared/transport/timelinesai/history';
import { ZohoCrmHttpApi } from '../shared/transport/zoho/zohoCrmHttpApi';
import { zohoCredentialKey } from '../shared/transport/zoho/zohoRequest';
import { timelinesAiBackfillProperties } from './backfillProperties';
import { nextBatchItem, reportItem } from './backfillReport';
import { chatById } from './chatById';
import { backfillSettings, lookUpSettings } from './backfillSettings';

export class TimelinesAiBackfill implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI History Backfill',
		name: 'timelinesAiBackfill',
		icon: { light: 'file:timelinesAiBackfill.svg', dark: 'file:timelinesAiBackfill.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["mode"] === "run" ? "Run" : "Dry Run" }}',
		description:
			'Replays past WhatsApp chats of TimelinesAI into the Zoho sync: a dry run with the credit estimate first, then the run in batches',
		defaults: { name: 'TimelinesAI History Backfill' },
		// Not an AI tool: a backfill is a job started by a person, batch by batch, with its own outputs. n8n's
		// lint (node-usable-as-tool) wants the key present; n8n generates a tool only for a truthy value.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Messages', 'Next Batch', 'Report'],
		credentials: [
			{ name: 'timelinesAiApi', required: true },
			{
				name: 'zohoCrmOrgOAuth2Api',
				required: true,
				displayOptions: { show: { mode: ['dryRun'], lookUpNumbers: [true] } },
			},
		],
		properties: timelinesAiBackfillProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const now = Date.now();
		const settings = backfillSettings(this, now);
		const input = this.getInputData()[0]?.json ?? {};
		const history = timelinesHistorySource(this);
		const source = pacedHistorySource(
			{ ...history, chat: async (chatId) => await chatById(this, chatId) },
			sleep,
		);
		const zoho = settings.lookUpNumbers ? new ZohoCrmHttpApi(this) : undefined;
		const credentialId = zoho ? zohoCredentialKey(this) : '';
		const match = zoho ? lookUpSettings(this, credentialId) : undefined;
		const result = await runBackfillBatch(
			{
				source,
				now,
				lookUp:
					zoho && match
						? async (e164) => numberStatusOf(await findRecord(zoho, e164, match))
						: undefined,
				lookUpCredits: zoho ? () => zoho.callCount : undefined,
				timeZone: async () => (zoho ? await orgTimeZone(zoho, credentialId) : this.getTimezone()),
			},
			settings,
			readBackfillCursor(input.backfill),
		);
		const paired = { item: 0 };
		const messages = result.items.map((item) => ({
			json: item as unknown as IDataObject,
			pairedItem: paired,
		}));
		if (result.finished)
			return [messages, [], [{ json: reportItem(settings, result), pairedItem: paired }]];
		return [messages, [{ json: nextBatchItem(result), pairedItem: paired }], []];
	}
}
