import type {
	IDataObject,
	IExecuteFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { parseTimelinesWebhook } from '../shared/domain/timelinesEvent';
import type { TimelinesWebhook } from '../shared/transport/timelinesai/webhooks';
import { deleteWebhook, listWebhooks } from '../shared/transport/timelinesai/webhooks';

export const REPLY_EVENT = 'message:received:new';
// A wait's webhook outlives its deadline by this much: n8n's wait tracker resumes a timed-out execution
// at its deadline (it looks for due executions every minute), so after this the execution is no longer waiting.
const EXPIRY_GRACE_MS = 60_000;

/** The waiting-webhook base of this n8n (`…/webhook-waiting/`), from a resume URL `<base><executionId>/<nodeId>?…`. */
function waitingBase(resumeUrl: string): string {
	const url = new URL(resumeUrl);
	const segments = url.pathname.split('/');
	return `${url.origin}${segments.slice(0, -2).join('/')}/`;
}

/** The webhooks of Send and Wait runs of this n8n whose deadline passed (`until` in their signed query). */
function expiredWaits(
	webhooks: TimelinesWebhook[],
	resumeUrl: string,
	now: number,
): TimelinesWebhook[] {
	const base = waitingBase(resumeUrl);
	return webhooks.filter((webhook) => {
		if (webhook.event_type !== REPLY_EVENT || !webhook.url.startsWith(base)) return false;
		const until = Number(new URL(webhook.url).searchParams.get('until'));
		return Number.isFinite(until) && until > 0 && until + EXPIRY_GRACE_MS < now;
	});
}

/**
 * Deletes the TimelinesAI webhooks of earlier Send and Wait runs of this n8n whose deadline passed: n8n
 * resumes a timed-out wait without running the node, so the node cannot delete them at that moment.
 */
export async function removeExpiredWaits(
	context: IExecuteFunctions | IWebhookFunctions,
	resumeUrl: string,
	now: number,
	webhooks?: TimelinesWebhook[],
): Promise<void> {
	for (const webhook of expiredWaits(webhooks ?? (await listWebhooks(context)), resumeUrl, now))
		await deleteWebhook(context, webhook.id);
}

function answer(context: IWebhookFunctions, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(200).json(body);
	return { noWebhookResponse: true };
}

/**
 * A TimelinesAI delivery to a waiting Send and Wait execution (n8n checked the URL's signature). Every
 * received message of the workspace arrives here: only the next one in the waited-for chat resumes the
 * execution (200 either way, so TimelinesAI does not retry). On resuming, the wait's own webhook and any
 * expired ones are deleted; the output is the reply as the TimelinesAI Trigger parses messages.
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = this.getQueryData() as IDataObject;
	let reply;
	try {
		reply = parseTimelinesWebhook(this.getBodyData());
	} catch (error) {
		return answer(this, {
			status: 'ignored',
			reason: `not a message event: ${(error as Error).message}`,
		});
	}
	if (
		reply.eventType !== REPLY_EVENT ||
		reply.direction !== 'received' ||
		String(reply.chatId) !== String(query.chat)
	)
		return answer(this, { status: 'ignored', reason: 'another chat' });

	const token = String(query.token ?? '');
	try {
		const webhooks = await listWebhooks(this);
		const own = webhooks.find(
			(webhook) => token !== '' && new URL(webhook.url).searchParams.get('token') === token,
		);
		if (own) {
			await deleteWebhook(this, own.id);
			await removeExpiredWaits(this, own.url, Date.now(), webhooks);
		}
	} catch (error) {
		// The reply still resumes the workflow; the next run removes what is left.
		this.logger.warn(
			`TimelinesAI Send and Wait: webhook clean-up failed: ${(error as Error).message}`,
		);
	}
	return {
		webhookResponse: { status: 'resumed' },
		workflowData: [[{ json: { chatId: reply.chatId, reply: reply as unknown as IDataObject } }]],
	};
}
