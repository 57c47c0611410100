/**
 * Readings of TimelinesAI behaviour the official specs leave open (UNVERIFIED). The default is the spec's
 * text or, where it is silent, the reading that is harder on a client; tests switch to the other reading
 * with `POST /__control/timelines/behaviour` or the sandbox option `behaviour`. sandbox/README.md lists them.
 */
export interface TimelinesBehaviour {
	/**
	 * true: chat notes (`message_type: "note"`) appear in `GET /chats/{id}/messages` among the WhatsApp
	 * messages. The spec lists `note` as a message_type of MessageInfo; vendor field notes say notes are in the
	 * history (api-facts-2026-11.md Q3). false: the history holds WhatsApp messages only.
	 */
	notesInHistory: boolean;
	/**
	 * `GET /chats?phone=`: 'spec' = "If sanitized value starts with '+', the match is exact. Otherwise, leading
	 * zeroes are removed and the number is matched as a substring"; 'substring' = always a digits substring
	 * match (a `+` that was not percent-encoded arrives as a space and gives this reading too).
	 */
	chatPhoneFilter: 'spec' | 'substring';
	/**
	 * Group chats: whether a member's phone is sent (`sender_phone`, webhook `message.sender.phone`). The
	 * webhook spec makes `sender.phone` optional; WhatsApp's privacy ids (`…@lid`) suggest it can be missing.
	 */
	groupSenderPhone: boolean;
	/** HTTP status of `quota_exceeded` (messaging or API-call quota): the error-code list says 403/429. */
	quotaExceededStatus: 403 | 429;
}

export const SPEC_BEHAVIOUR: TimelinesBehaviour = {
	notesInHistory: true,
	chatPhoneFilter: 'spec',
	groupSenderPhone: true,
	quotaExceededStatus: 403,
};

/** Keeps only valid switch values from a control-API body. */
export function behaviourPatch(input: Record<string, unknown>): Partial<TimelinesBehaviour> {
	const patch: Partial<TimelinesBehaviour> = {};
	if (typeof input.notesInHistory === 'boolean') patch.notesInHistory = input.notesInHistory;
	if (input.chatPhoneFilter === 'spec' || input.chatPhoneFilter === 'substring')
		patch.chatPhoneFilter = input.chatPhoneFilter;
	if (typeof input.groupSenderPhone === 'boolean') patch.groupSenderPhone = input.groupSenderPhone;
	if (input.quotaExceededStatus === 403 || input.quotaExceededStatus === 429)
		patch.quotaExceededStatus = input.quotaExceededStatus;
	return patch;
}

/** Every switch on its other reading (SANDBOX_READING=other). */
export const OTHER_BEHAVIOUR: TimelinesBehaviour = {
	notesInHistory: false,
	chatPhoneFilter: 'substring',
	groupSenderPhone: false,
	quotaExceededStatus: 429,
};

/**
 * Switches from the environment (`npm run sandbox`, `npm start`): SANDBOX_TIMELINES_NOTES_IN_HISTORY,
 * SANDBOX_TIMELINES_GROUP_SENDER_PHONE (true|false), SANDBOX_TIMELINES_CHAT_PHONE_FILTER (spec|substring),
 * SANDBOX_TIMELINES_QUOTA_EXCEEDED_STATUS (403|429).
 */
export function timelinesBehaviourFromEnv(env: NodeJS.ProcessEnv): Partial<TimelinesBehaviour> {
	const bool = (value: string | undefined): boolean | undefined =>
		value === 'true' ? true : value === 'false' ? false : undefined;
	return behaviourPatch({
		notesInHistory: bool(env.SANDBOX_TIMELINES_NOTES_IN_HISTORY),
		chatPhoneFilter: env.SANDBOX_TIMELINES_CHAT_PHONE_FILTER,
		groupSenderPhone: bool(env.SANDBOX_TIMELINES_GROUP_SENDER_PHONE),
		quotaExceededStatus: Number(env.SANDBOX_TIMELINES_QUOTA_EXCEEDED_STATUS),
	});
}
