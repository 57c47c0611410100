import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesAiRequest } from './timelinesAiRequest';
import { listIn } from './timelinesPages';

/** A workspace member (public_api_spec.yaml WorkspaceTeammatesItem); chats are assigned by `email`. */
export interface TimelinesTeammate {
	user_id?: number;
	display_name?: string;
	email: string;
	role?: string;
	team?: string;
	status?: string;
}

/** `GET /workspace/teammates` (not `/teammates`, docs/api-facts.md TimelinesAI §6): one list, no paging. */
export async function listTeammates(context: TimelinesContext): Promise<TimelinesTeammate[]> {
	const data = await timelinesAiRequest<unknown>(context, 'GET', 'workspace/teammates');
	return listIn<Record<string, unknown>>(data, 'teammates').flatMap((entry) =>
		typeof entry === 'object' && entry !== null && typeof entry.email === 'string'
			? [
					{
						user_id: typeof entry.user_id === 'number' ? entry.user_id : undefined,
						display_name: typeof entry.display_name === 'string' ? entry.display_name : undefined,
						email: entry.email,
						role: typeof entry.role === 'string' ? entry.role : undefined,
						team: typeof entry.team === 'string' ? entry.team : undefined,
						status: typeof entry.status === 'string' ? entry.status : undefined,
					},
				]
			: [],
	);
}
