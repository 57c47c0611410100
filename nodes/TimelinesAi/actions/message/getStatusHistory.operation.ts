import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TimelinesMessageStatus } from '../../../shared/transport/timelinesai/messages';
import { getMessageStatusHistory } from '../../../shared/transport/timelinesai/messages';
import { messageUidField } from '../common.descriptions';

const properties: INodeProperties[] = [messageUidField];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getStatusHistory'] } },
	properties,
);

/** One item per status change: `{ status: Sent | Delivered | Read, timestamp }`. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
): Promise<TimelinesMessageStatus[]> {
	return await getMessageStatusHistory(this, this.getNodeParameter('messageUid', i) as string);
}
