import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { chatsWithFailedMessages } from '../shared/coordination/messageOutcomes';
import { triggerWebhooks } from '../shared/domain/triggerWebhookRegistry';
import { readCatchUpState, runCatchUpPass } from '../shared/sync/catchUpPass';
import { repairTriggerWebhooks } from '../shared/sync/catchUpWebhooks';
import type { WebhookRepair } from '../shared/sync/catchUpWebhooks';
import { timelinesHistorySource } from '../shared/transport/timelinesai/history';
import { createWebhook, listWebhooks } from '../shared/transport/timelinesai/webhooks';
import { catchUpSettings } from './catchUpSettings';
import { timelinesAiCatchUpProperties } from './timelinesAiCatchUpProperties';

/** What the node keeps between runs (n8n saves it when a run emits; see the README, catch-up). */
interface CatchUpStaticData extends IDataObject {
	chats?: Record<string, string>;
	recheck?: Record<string, number>;
	lastRun?: IDataObject;
	lastWebhookRepair?: IDataObject;
}

export class TimelinesAiCatchUpTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI Catch-up Trigger',
		name: 'timelinesAiCatchUpTrigger',
		icon: {
			light: 'file:timelinesAiCatchUpTrigger.svg',
			dark: 'file:timelinesAiCatchUpTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "last " + $parameter["lookBackMinutes"] + " min" }}',
		description:
			'Periodically reads TimelinesAI message history and starts the workflow with the messages whose webhook delivery may have been lost',
		defaults: { name: 'TimelinesAI Catch-up Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'timelinesAiApi', required: true }],
		properties: timelinesAiCatchUpProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node') as CatchUpStaticData;
		const settings = catchUpSettings(this);
		const now = Date.now();
		// A test run ("Fetch Test Event") shows what a run would send and changes nothing it remembers.
		const remember = this.getMode() !== 'manual';

		let repaired: WebhookRepair[] = [];
		let webhookRequests = 0;
		if (settings.repairWebhooks) {
			const repair = await repairTriggerWebhooks(
				{
					list: async () => await listWebhooks(this),
					create: async ({ event, url }) => {
						await createWebhook(this, { eventType: event, url });
					},
				},
				triggerWebhooks(this.getWorkflowStaticData('global')),
			);
			repaired = repair.repaired;
			webhookRequests = repair.requests;
			for (const { event, url, reason } of repaired)
				this.logger.warn(
					`TimelinesAI Catch-up Trigger: the TimelinesAI Trigger's ${event} webhook was ${reason} in TimelinesAI; registered it again (${url})`,
				);
			if (repaired.length > 0 && remember)
				staticData.lastWebhookRepair = {
					at: new Date(now).toISOString(),
					repaired: repaired as unknown as IDataObject[],
				};
		}

		const pass = await runCatchUpPass(
			timelinesHistorySource(this),
			readCatchUpState(staticData),
			settings,
			now,
			chatsWithFailedMessages(now - settings.lookBackMinutes * 60_000),
		);
		if (remember) {
			staticData.chats = pass.state.chats;
			staticData.recheck = pass.state.recheck;
			staticData.lastRun = {
				at: new Date(now).toISOString(),
				...pass.stats,
				webhookRequests,
				webhooksRepaired: repaired.length,
			};
		}
		if (pass.stats.emitted > 0 || repaired.length > 0)
			this.logger.info(
				`TimelinesAI Catch-up Trigger: ${pass.stats.emitted} message(s) to catch up from ${pass.stats.chatsRead} chat(s), ${pass.stats.requests + webhookRequests} TimelinesAI request(s)`,
			);
		if (pass.items.length === 0) return null;
		return [pass.items.map((json) => ({ json: json as unknown as IDataObject }))];
	}
}
