import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TimelinesMessage } from '../../../shared/transport/timelinesai/messages';
import { getMessage } from '../../../shared/transport/timelinesai/messages';
import { messageUidField } from '../common.descriptions';

const properties: INodeProperties[] = [messageUidField];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesMessage> {
	return await getMessage(this, this.getNodeParameter('messageUid', i) as string);
}
