import type { IExecuteFunctions } from 'n8n-workflow';

import { readGroupChatMessage, type GroupChatMessage } from '../shared/domain/syncItem';
import { AUTOMATIC_INPUTS, readInput } from '../shared/n8n/automaticInputs';
import type { ZohoItemAnswer, ZohoItemResult } from '../shared/n8n/zohoItemLoop';
import {
	matchGroupParticipants,
	type GroupMembersSource,
	type GroupParticipant,
} from '../shared/sync/groupParticipants';
import type { MatchResult, MatchSettings } from '../shared/sync/matchOrCreateRecord';
import { getGroupMembers } from '../shared/transport/timelinesai/groupMembers';
import { TIMELINES_CREDENTIAL } from '../shared/transport/timelinesai/timelinesAiRequest';
import type { ZohoCrmApi } from '../shared/transport/zoho/zohoCrmApi';

/** Match or Create's "Group Chats" setting. */
export const GROUP_CHATS_PER_PARTICIPANT = 'perParticipant';

/** What a group message needs beyond the number's match: the message, where its members come from. */
export interface GroupChatWork {
	message: GroupChatMessage;
	members: GroupMembersSource;
	createParticipants: boolean;
}

/** The item's group work when Group Chats is "Log to Each Participant's Record"; undefined: skip groups. */
export function groupChatWork(
	context: IExecuteFunctions,
	index: number,
): GroupChatWork | undefined {
	if (context.getNodeParameter('groupChats', index, 'skip') !== GROUP_CHATS_PER_PARTICIPANT)
		return undefined;
	const raw = readInput(context, index, AUTOMATIC_INPUTS.message, {});
	const message = readGroupChatMessage(raw, 'message', { isGroup: true });
	if (!message) return undefined;
	const credential = context.getNode().credentials?.[TIMELINES_CREDENTIAL];
	return {
		message,
		createParticipants: context.getNodeParameter('createGroupParticipants', index, false) === true,
		members: {
			workspace: credential?.id ?? credential?.name ?? '',
			load: async (chatId) => await getGroupMembers(context, chatId),
		},
	};
}

function participantReason(
	result: MatchResult,
	participant: GroupParticipant,
	group: GroupChatWork,
): string {
	const who = participant.name ? `${participant.name} (${participant.phone})` : participant.phone;
	if (result.outcome === 'skipped' && result.rule === 'not_found')
		return `The group sender ${who} has no record in Zoho${group.createParticipants ? '' : ' ("Create Records for Group Participants" is off)'}`;
	const role = group.message.direction === 'received' ? 'sender' : 'participant';
	return `Group "${group.message.chatName}", ${role} ${who}: ${result.reason}`;
}

/**
 * A group message's answer: one item per participant's record (the sender's for a received message, every
 * participant already in Zoho for a sent one), each routed as a single match would be; or one Skipped item
 * saying why none.
 */
export async function groupChatAnswer(
	api: ZohoCrmApi,
	group: GroupChatWork,
	settings: MatchSettings,
	route: (result: MatchResult, settings: MatchSettings) => ZohoItemResult,
	skippedOutput: number,
): Promise<ZohoItemAnswer> {
	const outcome = await matchGroupParticipants(
		api,
		group.message,
		group.members,
		settings,
		group.createParticipants,
	);
	if ('skipped' in outcome) {
		const { rule, reason } = outcome.skipped;
		return {
			output: skippedOutput,
			set: {},
			sync: { outcome: 'skipped', rule, reason, module: null, recordId: null },
		};
	}
	return outcome.matches.map((entry) => {
		if (entry instanceof Error) return entry;
		const routed = route(entry.result, settings);
		return {
			...routed,
			sync: { ...routed.sync, reason: participantReason(entry.result, entry.participant, group) },
		};
	});
}
