import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import { listIn } from './timelinesPages';

export interface TimelinesTemplate {
	id: string | number;
	name?: string;
	text?: string;
	[field: string]: unknown;
}

// `GET /templates` is UNVERIFIED: the public reference documents attachment templates only (docs/api-facts.md, TimelinesAI).
export async function listTemplates(context: TimelinesContext): Promise<TimelinesTemplate[]> {
	return listIn<TimelinesTemplate>(
		await timelinesAiRequest<unknown>(context, 'GET', 'templates'),
		'templates',
	);
}
