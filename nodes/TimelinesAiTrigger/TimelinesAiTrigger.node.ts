import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	InvalidTimelinesEventError,
	MAX_PAYLOAD_BYTES,
	parseTimelinesWebhook,
} from '../shared/domain/timelinesEvent';
import { jsonSizeAbove } from '../shared/domain/jsonSize';
import { normalizeToE164 } from '../shared/domain/phone';
import { messageOutcome } from '../shared/coordination/messageOutcomes';
import {
	createWebhook,
	deleteWebhook,
	listWebhooks,
} from '../shared/transport/timelinesai/webhooks';
import { refusedAttachmentLink } from '../shared/transport/timelinesai/attachmentDownload';
import { timelinesBaseUrl } from '../shared/transport/timelinesai/timelinesAiRequest';
import { DeliveryBatcher } from './deliveryBatcher';
import { droppedItem, triggerOutputs } from './droppedDeliveries';
import { isChatOrAccountEventType, parseChatOrAccountEvent } from './chatAndAccountEvents';
import {
	RecentDeliveries,
	deliveryDecision,
	messageFilterOf,
	isValidWebhookSecret,
	newWebhookSecret,
} from '../shared/domain/deliveryPolicy';
import {
	forgetTriggerWebhook,
	rememberTriggerWebhook,
} from '../shared/domain/triggerWebhookRegistry';
import { timelinesAiTriggerProperties } from './timelinesAiTriggerProperties';
import { queueModeRedisConnectionTest } from '../shared/n8n/queueModeLock';
import {
	announceTrigger,
	pushTriggerMessage,
	QUEUE_MODE_PUSH_REDIS_CREDENTIAL,
	timelinesWorkspaceOf,
} from '../shared/n8n/queueModePush';

interface TriggerStaticData extends IDataObject {
	webhookId?: string;
	secret?: string;
}

// Per webhook secret, in this n8n process (see RecentDeliveries).
const recentDeliveriesBySecret = new Map<string, RecentDeliveries>();
// Per webhook secret, in this n8n process (see DeliveryBatcher).
const batcher = new DeliveryBatcher<INodeExecutionData>();
// 500 ms: under the bench's load (20 senders) 2.3 times the throughput of 100 ms with the sync log on SQLite
// (fewer executions, so fewer execution rows and Data Table inserts for the one database writer); a note line
// is a CRM record, where half a second does not show, and live chat pages are pushed before the batching.
export const DEFAULT_BATCH_WINDOW_MS = 500;
const MAX_BATCH_ITEMS = 100;

function registeredUrl(webhookUrl: string, secret: string): string {
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}secret=${secret}`;
}

function answer(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

export class TimelinesAiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TimelinesAI Trigger',
		name: 'timelinesAiTrigger',
		icon: { light: 'file:timelinesAiTrigger.svg', dark: 'file:timelinesAiTrigger.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. For a webhook node of version 1, n8n evaluates a legacy expression
		// ($parameter.options.binaryData) on every call — an isolate round trip per message in n8n 2.x.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Starts the workflow on new WhatsApp messages, chat events or WhatsApp account changes in TimelinesAI',
		defaults: { name: 'TimelinesAI Trigger' },
		inputs: [],
		// Messages, and Dropped when the Output Dropped Deliveries option is on.
		outputs: `={{(${triggerOutputs})($parameter)}}`,
		credentials: [
			{ name: 'timelinesAiApi', required: true },
			{
				name: QUEUE_MODE_PUSH_REDIS_CREDENTIAL,
				required: true,
				testedBy: 'queueModeRedisConnectionTest',
				displayOptions: { show: { queueModePush: ['redis'] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: timelinesAiTriggerProperties,
	};

	methods = { credentialTest: { queueModeRedisConnectionTest } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
				if (!staticData.webhookId || !staticData.secret) return false;
				const expectedUrl = registeredUrl(
					this.getNodeWebhookUrl('default') as string,
					staticData.secret,
				);
				const event = this.getNodeParameter('event') as string;
				const found = (await listWebhooks(this)).find(
					(webhook) => String(webhook.id) === staticData.webhookId,
				);
				if (found && found.url === expectedUrl && found.event_type === event) {
					// For the catch-up trigger of this workflow (it re-registers a lost webhook).
					rememberTriggerWebhook(this.getWorkflowStaticData('global'), this.getNode().name, {
						event,
						url: expectedUrl,
					});
					await announceLiveChatPush(this, true);
					return true;
				}
				// Registered for another URL or event (the node was edited): let n8n re-create it.
				if (found) await deleteWebhook(this, found.id);
				delete staticData.webhookId;
				delete staticData.secret;
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
				const secret = newWebhookSecret();
				// TimelinesAI signs nothing (UNVERIFIED in docs/api-facts.md, TimelinesAI): the secret in the URL is the authentication.
				const registration = {
					event: this.getNodeParameter('event') as string,
					url: registeredUrl(this.getNodeWebhookUrl('default') as string, secret),
				};
				const webhook = await createWebhook(this, {
					eventType: registration.event,
					url: registration.url,
				});
				staticData.webhookId = String(webhook.id);
				staticData.secret = secret;
				rememberTriggerWebhook(
					this.getWorkflowStaticData('global'),
					this.getNode().name,
					registration,
				);
				await announceLiveChatPush(this, true);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
				if (staticData.webhookId) await deleteWebhook(this, staticData.webhookId);
				if (staticData.secret) recentDeliveriesBySecret.delete(staticData.secret);
				forgetTriggerWebhook(this.getWorkflowStaticData('global'), this.getNode().name);
				await announceLiveChatPush(this, false);
				delete staticData.webhookId;
				delete staticData.secret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
		const query = this.getQueryData() as IDataObject;
		if (!isValidWebhookSecret(staticData.secret, query.secret)) {
			return answer(this, 401, { status: 'error', message: 'Unauthorized' });
		}
		const secret = staticData.secret as string;
		const body = this.getBodyData();
		// 413, not 400 or 500: TimelinesAI would retry a 5xx, and the body is not worth reading.
		if (jsonSizeAbove(body, MAX_PAYLOAD_BYTES))
			return answer(this, 413, {
				status: 'error',
				message: `Payload over ${MAX_PAYLOAD_BYTES} bytes`,
			});
		const event = this.getNodeParameter('event') as string;
		if (isChatOrAccountEventType(event)) return chatOrAccountEvent(this, event, body);
		let message;
		try {
			message = parseTimelinesWebhook(body);
		} catch (error) {
			// The parser only throws InvalidTimelinesEventError, which names the malformed field: tell the sender.
			const reason =
				error instanceof InvalidTimelinesEventError ? error.message : 'Malformed payload';
			return answer(this, 400, { status: 'error', message: reason });
		}
		// Open live chat pages of this chat get the message now, before any filter or batching below (group
		// chats and other accounts too); a failing push never fails the delivery.
		await pushTriggerMessage(this, message).catch((error: unknown) =>
			this.logger.warn(`TimelinesAI Trigger: pushing to live chat pages failed: ${String(error)}`),
		);

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const now = Date.now();
		const decision = deliveryDecision(
			{
				...message,
				accountPhoneE164: message.whatsappAccount.phone
					? safeE164(message.whatsappAccount.phone)
					: undefined,
			},
			{
				maxAgeMinutes: Number(options.maxAgeMinutes ?? 1440),
				...messageFilterOf(options),
			},
			now,
		);
		if (!decision.accept) {
			const answered = answer(
				this,
				decision.status,
				decision.status === 401
					? { status: 'error', message: decision.reason }
					: { status: 'ignored', reason: decision.reason },
			);
			// Output Dropped Deliveries: the answer is sent; the dropped message starts an execution on Dropped.
			return options.outputDropped === true
				? { ...answered, workflowData: [[], [droppedItem(message, decision.reason)]] }
				: answered;
		}
		if (options.ignoreRepeatedDeliveries !== false) {
			let recent = recentDeliveriesBySecret.get(secret);
			if (!recent) recentDeliveriesBySecret.set(secret, (recent = new RecentDeliveries()));
			if (!recent.accept(message.uid, now, messageOutcome(message.uid)))
				return answer(this, 200, { status: 'ignored', reason: 'repeated delivery' });
		}

		// Attachment links arrive in a webhook body, so they are hostile until checked: a link the pack would
		// not fetch (not the credential's API origin, not https on TimelinesAI's file hosts, or a name resolving
		// to a private address) is dropped here, where the credential is known; the file stays named in the
		// note, nothing is fetched (SSRF).
		if (message.attachments.length > 0) {
			const baseUrl = await timelinesBaseUrl(this);
			message = {
				...message,
				attachments: await Promise.all(
					message.attachments.map(async (file) =>
						(await refusedAttachmentLink(this, file.url, baseUrl)) === undefined
							? file
							: { ...file, url: '' },
					),
				),
			};
		}

		const item: INodeExecutionData = {
			json: { event: message.eventType, message: message as unknown as IDataObject, raw: body },
		};
		const windowMs = Math.max(
			0,
			Math.min(5000, Number(options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS) || 0),
		);
		const batch = await batcher.add(secret, item, {
			windowMs,
			maxItems: windowMs > 0 ? MAX_BATCH_ITEMS : 1,
			wait: sleep,
		});
		if (batch.role === 'follower') return answer(this, 200, { status: 'accepted', batched: true });
		return { workflowData: [batch.items] };
	}
}

/** A chat or account event: its payload as one item, or 400 naming the malformed field; another event is ignored. */
function chatOrAccountEvent(
	context: IWebhookFunctions,
	event: string,
	body: unknown,
): IWebhookResponseData {
	let payload;
	try {
		payload = parseChatOrAccountEvent(body);
	} catch (error) {
		const reason =
			error instanceof InvalidTimelinesEventError ? error.message : 'Malformed payload';
		return answer(context, 400, { status: 'error', message: reason });
	}
	if (payload.event_type !== event)
		return answer(context, 200, { status: 'ignored', reason: `not a ${event} event` });
	return { workflowData: [[{ json: payload as unknown as IDataObject }]] };
}

/** Live chat pages of the workspace rely on this trigger for new messages while it is active. */
async function announceLiveChatPush(context: IHookFunctions, active: boolean): Promise<void> {
	if (isChatOrAccountEventType(context.getNodeParameter('event') as string)) return;
	try {
		const workspace = await timelinesWorkspaceOf(context);
		await announceTrigger(context, workspace, active ? Number.POSITIVE_INFINITY : undefined);
	} catch (error) {
		context.logger.warn(`TimelinesAI Trigger: live chat push not announced: ${String(error)}`);
	}
}

function safeE164(phone: string): string | undefined {
	try {
		return normalizeToE164(phone);
	} catch {
		return undefined;
	}
}
