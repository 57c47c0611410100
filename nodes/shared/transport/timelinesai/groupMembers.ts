import { getChat } from './chats';
import type { TimelinesContext } from './timelinesAiRequest';

/**
 * A group chat's participant as `GET /chats/{id}` lists it (ChatInfo.group_members: `name`, `phone`,
 * `role`, `chat_id` of the member's one-on-one chat or null; public_api_spec.yaml). No field is marked
 * required, so a member without a phone is kept with its name only.
 */
export interface TimelinesGroupMember {
	name: string;
	phone?: string;
	role?: string;
}

const text = (value: unknown): string =>
	typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';

/** `group_members` of a chat object (untrusted JSON); members with neither name nor phone are dropped. */
export function parseGroupMembers(chat: unknown): TimelinesGroupMember[] {
	const members =
		typeof chat === 'object' && chat !== null
			? (chat as Record<string, unknown>).group_members
			: [];
	if (!Array.isArray(members)) return [];
	return members.flatMap((entry: unknown) => {
		if (typeof entry !== 'object' || entry === null) return [];
		const member = entry as Record<string, unknown>;
		const name = text(member.name);
		const phone = text(member.phone);
		if (!name && !phone) return [];
		return [{ name, phone: phone || undefined, role: text(member.role) || undefined }];
	});
}

/**
 * The participants of a group chat (one `GET /chats/{id}`). Webhook payloads carry no participant list
 * (docs/api-facts.md, TimelinesAI, groups): this is the only place it is given.
 */
export async function getGroupMembers(
	context: TimelinesContext,
	chatId: number,
): Promise<TimelinesGroupMember[]> {
	return parseGroupMembers(await getChat(context, chatId));
}
