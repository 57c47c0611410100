import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	WAIT_INDEFINITELY,
} from 'n8n-workflow';

import { newWebhookSecret } from '../../../shared/domain/deliveryPolicy';
import { sendMessageToChat } from '../../../shared/transport/timelinesai/messages';
import { createWebhook, deleteWebhook } from '../../../shared/transport/timelinesai/webhooks';
import { chatIdFields, chatIdParameter } from '../chatLocator';
import { removeExpiredWaits, REPLY_EVENT } from '../../sendAndWaitWebhook';

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

const properties: INodeProperties[] = [
	...chatIdFields,
	{
		displayName: 'Message',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description:
			'The WhatsApp message to send; the workflow then waits for the next message the contact sends in this chat',
	},
	{
		displayName: 'Limit Wait Time',
		name: 'limitWaitTime',
		type: 'boolean',
		default: true,
		description:
			'Whether the workflow goes on without a reply after a while. On timeout the node outputs its input item unchanged (no "reply" field).',
	},
	{
		displayName: 'Amount',
		name: 'resumeAmount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'How long to wait for the reply (n8n checks waiting executions once a minute)',
		displayOptions: { show: { limitWaitTime: [true] } },
	},
	{
		displayName: 'Unit',
		name: 'resumeUnit',
		type: 'options',
		options: [
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
		],
		default: 'hours',
		displayOptions: { show: { limitWaitTime: [true] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendAndWait'] } },
	properties,
);

function waitTill(context: IExecuteFunctions): Date {
	if (!(context.getNodeParameter('limitWaitTime', 0, true) as boolean)) return WAIT_INDEFINITELY;
	const amount = Number(context.getNodeParameter('resumeAmount', 0, 1));
	const unit = context.getNodeParameter('resumeUnit', 0, 'hours') as keyof typeof UNIT_MS;
	if (!(amount > 0) || !UNIT_MS[unit])
		throw new NodeOperationError(context.getNode(), 'Limit Wait Time: the amount must be positive');
	return new Date(Date.now() + amount * UNIT_MS[unit]);
}

/**
 * Registers a TimelinesAI `message:received:new` webhook on this execution's signed resume URL (the chat,
 * a random token and the deadline ride in its signed query), sends the message, and puts the execution to
 * wait. The node's webhook() resumes it with the contact's reply and deletes the webhook; a timed-out
 * wait's webhook is deleted by the next Send and Wait run or reply of the same TimelinesAI workspace.
 * Like n8n's own send-and-wait operations it sends once, for the first input item.
 */
export async function run(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const chatId = chatIdParameter(this, 0);
	const text = (this.getNodeParameter('text', 0) as string).trim();
	if (!text) throw new NodeOperationError(this.getNode(), 'Message: enter the text to send');
	const until = waitTill(this);
	const resumeUrl = this.getSignedResumeUrl({
		chat: chatId,
		token: newWebhookSecret(),
		until: String(until.getTime()),
	});
	await removeExpiredWaits(this, resumeUrl, Date.now());
	// Registered before sending: a reply faster than the registration would otherwise be missed.
	const webhook = await createWebhook(this, { eventType: REPLY_EVENT, url: resumeUrl });
	// The transport throws NodeApiError; the webhook is deleted first so a failed send leaves nothing behind.
	const sent = await sendMessageToChat(this, chatId, { text }).catch(async (error: unknown) => {
		await deleteWebhook(this, webhook.id);
		return error instanceof Error ? error : new Error(String(error));
	});
	if (sent instanceof Error)
		throw sent instanceof NodeApiError || sent instanceof NodeOperationError
			? sent
			: new NodeOperationError(this.getNode(), sent);
	await this.putExecutionToWait(until);
	return [this.getInputData()];
}
