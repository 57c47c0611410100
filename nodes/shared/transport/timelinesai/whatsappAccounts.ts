import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import { listIn } from './timelinesPages';

/** A connected WhatsApp number; id like `15559876543@s.whatsapp.net`, owner fields UNVERIFIED (timelinesai.md). */
export interface TimelinesWhatsappAccount {
	id: string;
	phone?: string;
	[field: string]: unknown;
}

export async function listWhatsappAccounts(context: TimelinesContext): Promise<TimelinesWhatsappAccount[]> {
	return listIn<TimelinesWhatsappAccount>(await timelinesAiRequest<unknown>(context, 'GET', 'whatsapp_accounts'), 'whatsapp_accounts');
}
