import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chatIdFields, chatIdParameter } from '../chatLocator';

import type { TimelinesChat } from '../../../shared/transport/timelinesai/chats';
import { getChat } from '../../../shared/transport/timelinesai/chats';

const properties: INodeProperties[] = [...chatIdFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesChat> {
	return await getChat(this, chatIdParameter(this, i));
}
