import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TimelinesWhatsappAccount } from '../../../shared/transport/timelinesai/whatsappAccounts';
import { listWhatsappAccounts } from '../../../shared/transport/timelinesai/whatsappAccounts';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<TimelinesWhatsappAccount[]> {
	return await listWhatsappAccounts(this);
}
