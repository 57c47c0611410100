import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import { listIn } from './timelinesPages';

/** A connected WhatsApp number (public_api_spec.yaml WhatsappAccount); id like `15559876543@s.whatsapp.net`. */
export interface TimelinesWhatsappAccount {
	id: string;
	phone?: string;
	account_name?: string;
	owner_email?: string;
	owner_name?: string;
	[field: string]: unknown;
}

export async function listWhatsappAccounts(
	context: TimelinesContext,
): Promise<TimelinesWhatsappAccount[]> {
	return listIn<TimelinesWhatsappAccount>(
		await timelinesAiRequest<unknown>(context, 'GET', 'whatsapp_accounts'),
		'whatsapp_accounts',
	);
}
