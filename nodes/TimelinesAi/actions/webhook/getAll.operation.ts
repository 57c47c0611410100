import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TimelinesWebhook } from '../../../shared/transport/timelinesai/webhooks';
import { listWebhooks } from '../../../shared/transport/timelinesai/webhooks';

// At most 10 webhooks per workspace by default (docs/api-facts.md, TimelinesAI): one unpaged list.
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<TimelinesWebhook[]> {
	return await listWebhooks(this);
}
