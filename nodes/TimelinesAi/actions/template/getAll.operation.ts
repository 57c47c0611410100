import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TimelinesTemplate } from '../../../shared/transport/timelinesai/templates';
import { listTemplates } from '../../../shared/transport/timelinesai/templates';

const properties: INodeProperties[] = [
	{
		displayName:
			"GET /templates is not in TimelinesAI's public API reference (unverified): it may fail with 404 on your workspace",
		name: 'unverifiedNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<TimelinesTemplate[]> {
	return await listTemplates(this);
}
