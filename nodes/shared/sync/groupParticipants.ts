import { BoundedTtlCache } from '../coordination/boundedTtlCache';
import { tryNormalizeToE164 } from '../domain/phone';
import type { GroupChatMessage } from '../domain/syncItem';
import type { TimelinesGroupMember } from '../transport/timelinesai/groupMembers';
import type { ZohoCrmApi } from '../transport/zoho/zohoCrmApi';
import { matchOrCreateRecord, type MatchResult, type MatchSettings } from './matchOrCreateRecord';

/*
 * Group chats logged per participant (opt-in). TimelinesAI's webhooks carry no participant list, only
 * `message.sender {full_name, phone?}`; the list is `group_members` of `GET /chats/{id}` (docs/api-facts.md,
 * TimelinesAI, groups). A received message goes to its sender's record; a sent one to the record of every
 * participant already in Zoho. UNVERIFIED: whether a group sender's phone is sent (the schema makes it
 * optional), and whether `group_members[].name` is the name the webhook gives as `sender.full_name` (both
 * are WhatsApp display names): without a phone the sender is looked up by name, and a name that is missing
 * or shared by several participants skips the message with that reason rather than guess.
 */

export interface GroupParticipant {
	name: string;
	phone: string;
}

/** Where the participants of a group come from: TimelinesAI's `GET /chats/{id}` in the node. */
export interface GroupMembersSource {
	/** The TimelinesAI workspace (credential) the chat belongs to: the cache's key. */
	workspace: string;
	load(chatId: number): Promise<TimelinesGroupMember[]>;
}

export type GroupSkipRule =
	| 'group_sender_unknown'
	| 'group_no_participants'
	| 'group_participants_not_found';

export type GroupMatchOutcome =
	| { skipped: { rule: GroupSkipRule; reason: string } }
	| { matches: Array<{ participant: GroupParticipant; result: MatchResult } | Error> };

// Members change seldom and a burst of group messages should cost one read: one minute per chat. The promise
// is cached, so concurrent items of one group share the read; a failed read is not kept.
const MEMBERS_TTL_MS = 60_000;
const membersCache = new BoundedTtlCache<string, Promise<TimelinesGroupMember[]>>(
	MEMBERS_TTL_MS,
	2_000,
);

async function membersOf(
	source: GroupMembersSource,
	chatId: number | undefined,
): Promise<TimelinesGroupMember[]> {
	if (chatId === undefined)
		throw new Error(
			"message.chatId is missing: a group's participants are read from its TimelinesAI chat",
		);
	const key = `${source.workspace}|${chatId}`;
	let pending = membersCache.get(key);
	if (!pending) {
		pending = source.load(chatId);
		membersCache.set(key, pending);
		void pending.catch(() => membersCache.delete(key));
	}
	return await pending;
}

const sameName = (a: string, b: string) =>
	a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/** Members with a number, one per number (E.164 when it reads as one), in the group's order. */
function withDistinctPhones(
	members: TimelinesGroupMember[],
	defaultCountry?: string,
): GroupParticipant[] {
	const seen = new Set<string>();
	const participants: GroupParticipant[] = [];
	for (const member of members) {
		if (!member.phone) continue;
		const key = tryNormalizeToE164(member.phone, defaultCountry) ?? member.phone;
		if (seen.has(key)) continue;
		seen.add(key);
		participants.push({ name: member.name, phone: member.phone });
	}
	return participants;
}

/** The participants a group message is logged for, or why none. */
export async function groupParticipantsOf(
	message: GroupChatMessage,
	source: GroupMembersSource,
	defaultCountry?: string,
): Promise<{ participants: GroupParticipant[] } | { rule: GroupSkipRule; reason: string }> {
	const group = `"${message.chatName || (message.chatId ?? '')}"`;
	if (message.direction === 'received') {
		if (message.senderPhone)
			return { participants: [{ name: message.senderName, phone: message.senderPhone }] };
		const named = (await membersOf(source, message.chatId)).filter(
			(member) => message.senderName && sameName(member.name, message.senderName),
		);
		const candidates = withDistinctPhones(named, defaultCountry);
		if (candidates.length === 1) return { participants: candidates };
		const who = message.senderName ? `"${message.senderName}"` : 'without a name';
		return {
			rule: 'group_sender_unknown',
			reason:
				candidates.length === 0
					? `TimelinesAI sent no phone for the group sender ${who}, and no participant of ${group} with a phone has that name`
					: `TimelinesAI sent no phone for the group sender ${who}, and ${candidates.length} participants of ${group} have that name`,
		};
	}
	const account = message.accountPhone
		? tryNormalizeToE164(message.accountPhone, defaultCountry)
		: undefined;
	const participants = withDistinctPhones(
		await membersOf(source, message.chatId),
		defaultCountry,
	).filter(
		(member) =>
			member.phone !== message.accountPhone &&
			(!account || tryNormalizeToE164(member.phone, defaultCountry) !== account),
	);
	if (participants.length > 0) return { participants };
	return {
		rule: 'group_no_participants',
		reason: `TimelinesAI lists no participant of ${group} with a phone number besides the WhatsApp account`,
	};
}

/**
 * Finds the record of each participant of a group message: the sender (received) or every participant
 * (sent), searched as Match or Create searches a number. A record is created for a participant only when
 * `createParticipants` is on (and the settings create); a sent message's participants without a record are
 * left out. One participant's failure is that participant's Error only.
 */
export async function matchGroupParticipants(
	api: ZohoCrmApi,
	message: GroupChatMessage,
	source: GroupMembersSource,
	settings: MatchSettings,
	createParticipants: boolean,
): Promise<GroupMatchOutcome> {
	const found = await groupParticipantsOf(message, source, settings.defaultCountry);
	if ('rule' in found) return { skipped: { rule: found.rule, reason: found.reason } };
	const results = await Promise.all(
		found.participants.map(async (participant) => {
			const create =
				createParticipants && settings.create
					? { ...settings.create, name: participant.name || participant.phone }
					: undefined;
			try {
				const result = await matchOrCreateRecord(
					api,
					{ phone: participant.phone, isGroup: false },
					{ ...settings, create },
				);
				return { participant, result };
			} catch (error) {
				return error instanceof Error ? error : new Error(String(error));
			}
		}),
	);
	if (message.direction === 'received') return { matches: results };
	const records = new Set<string>();
	const kept = results.filter((entry) => {
		if (entry instanceof Error) return true;
		if (entry.result.outcome === 'skipped') return false;
		const key = `${entry.result.module}|${entry.result.record.id}`;
		if (records.has(key)) return false;
		records.add(key);
		return true;
	});
	if (kept.length > 0) return { matches: kept };
	return {
		skipped: {
			rule: 'group_participants_not_found',
			reason: `None of the ${found.participants.length} participants of "${message.chatName || (message.chatId ?? '')}" has a record in Zoho${createParticipants ? '' : ' ("Create Records for Group Participants" is off)'}`,
		},
	};
}
