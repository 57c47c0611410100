import type { DeletedNoteAnswer } from './zohoOptions';

/**
 * Readings of Zoho CRM behaviour its documentation leaves open (UNVERIFIED, docs/api-facts.md, Zoho §7–§9,
 * §11). The default is what the documentation supports; tests switch to the other reading with
 * `POST /__control/zoho/behaviour`, the sandbox option `zoho.behaviour`, SANDBOX_ZOHO_* variables or
 * SANDBOX_READING=other (every unknown of both APIs at once). sandbox/README.md lists them.
 */
export interface ZohoBehaviour {
	/**
	 * Search criteria `equals`: 'contains' = v8's text "When you use equals in Search API, it behaves like
	 * contains" (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html); 'exact' = the older v2
	 * wording (a single equals condition is exact), case-insensitive.
	 */
	searchEquals: 'contains' | 'exact';
	/**
	 * `If-Unmodified-Since` on `PUT /Notes`: documented for records only (412 ALREADY_MODIFIED). true = notes
	 * honour it too; false = the header is ignored and the write succeeds.
	 */
	honourIfUnmodifiedSince: boolean;
	/** Note_Title maximum length: 120 (the CRM UI's limit) or 255. */
	noteTitleMaxLength: number;
	/**
	 * "When you create or edit a record, and search for it immediately, you may face the 204 NO CONTENT error
	 * due to a delay in indexing. To fetch records without any delay, use the Query API" (search-records
	 * page). A record created, or whose phone changed, through the CRM API less than this long ago is not
	 * found by `/search`; COQL and `GET /{module}/{id}` see it at once. 0 = indexed at once.
	 */
	searchLagMs: number;
	/** Answer to a PUT of a note Zoho no longer has (§11): 400 INVALID_DATA or NOT_ALLOWED. */
	deletedNoteAnswer: DeletedNoteAnswer;
	/**
	 * Credits of a note create/update call (§10): Zoho's credit table charges insert/update of records 1 credit
	 * per 10 records and does not say whether notes are metered the same way. 'perTenRecords' = like records
	 * (1–10 notes: 1 credit, 100: 10); 'perNote' = 1 credit per note.
	 */
	noteWriteMetering: 'perTenRecords' | 'perNote';
	/**
	 * HTTP status of a multi-item write where some items failed and some were written (§10): 202, as the v8
	 * OpenAPI files give POST/DELETE /Notes and older pages say; v8's status-codes page says 207 Multi-Status
	 * ("partially successful").
	 */
	partialSuccessStatus: 202 | 207;
	/**
	 * When answers carry `X-API-CREDITS-REMAINING` (docs/api-facts.md; Zoho's api-limits page: once 50 % of the
	 * day's credits are used, in a truncated sentence; the header's name from a third party): 'fromHalfUsed'
	 * = only then; 'always' = on every answer.
	 */
	creditsRemainingHeader: 'fromHalfUsed' | 'always';
}

export const DOCUMENTED_ZOHO_BEHAVIOUR: ZohoBehaviour = {
	searchEquals: 'contains',
	honourIfUnmodifiedSince: true,
	noteTitleMaxLength: 120,
	searchLagMs: 0,
	deletedNoteAnswer: 'invalid_data',
	noteWriteMetering: 'perTenRecords',
	partialSuccessStatus: 202,
	creditsRemainingHeader: 'fromHalfUsed',
};

/** Every switch on its other reading (SANDBOX_READING=other). */
export const OTHER_ZOHO_BEHAVIOUR: ZohoBehaviour = {
	searchEquals: 'exact',
	honourIfUnmodifiedSince: false,
	noteTitleMaxLength: 255,
	searchLagMs: 5000,
	deletedNoteAnswer: 'not_allowed',
	noteWriteMetering: 'perNote',
	partialSuccessStatus: 207,
	creditsRemainingHeader: 'always',
};

/**
 * Keeps only valid switch values from a control-API body (anything else is ignored, like the TimelinesAI
 * switches): searchEquals 'contains'|'exact', honourIfUnmodifiedSince boolean, noteTitleMaxLength 120|255,
 * searchLagMs an integer 0..60000, deletedNoteAnswer 'invalid_data'|'not_allowed', noteWriteMetering
 * 'perTenRecords'|'perNote', partialSuccessStatus 202|207, creditsRemainingHeader 'fromHalfUsed'|'always'.
 */
export function zohoBehaviourPatch(input: Record<string, unknown>): Partial<ZohoBehaviour> {
	const patch: Partial<ZohoBehaviour> = {};
	if (input.searchEquals === 'contains' || input.searchEquals === 'exact')
		patch.searchEquals = input.searchEquals;
	if (typeof input.honourIfUnmodifiedSince === 'boolean')
		patch.honourIfUnmodifiedSince = input.honourIfUnmodifiedSince;
	if (input.noteTitleMaxLength === 120 || input.noteTitleMaxLength === 255)
		patch.noteTitleMaxLength = input.noteTitleMaxLength;
	const lag = input.searchLagMs;
	if (typeof lag === 'number' && Number.isInteger(lag) && lag >= 0 && lag <= 60_000)
		patch.searchLagMs = lag;
	if (input.deletedNoteAnswer === 'invalid_data' || input.deletedNoteAnswer === 'not_allowed')
		patch.deletedNoteAnswer = input.deletedNoteAnswer;
	if (input.noteWriteMetering === 'perTenRecords' || input.noteWriteMetering === 'perNote')
		patch.noteWriteMetering = input.noteWriteMetering;
	const partial = Number(input.partialSuccessStatus);
	if (partial === 207 || partial === 202) patch.partialSuccessStatus = partial;
	if (input.creditsRemainingHeader === 'fromHalfUsed' || input.creditsRemainingHeader === 'always')
		patch.creditsRemainingHeader = input.creditsRemainingHeader;
	return patch;
}

/**
 * Switches from the environment (`npm run sandbox`, `npm start`): SANDBOX_ZOHO_SEARCH_EQUALS=contains|exact,
 * SANDBOX_ZOHO_HONOUR_IF_UNMODIFIED_SINCE=true|false, SANDBOX_ZOHO_NOTE_TITLE_MAX_LENGTH=120|255,
 * SANDBOX_ZOHO_SEARCH_LAG_MS=0..60000, SANDBOX_ZOHO_DELETED_NOTE_ANSWER=invalid_data|not_allowed,
 * SANDBOX_ZOHO_NOTE_WRITE_METERING=perTenRecords|perNote, SANDBOX_ZOHO_PARTIAL_SUCCESS_STATUS=202|207,
 * SANDBOX_ZOHO_CREDITS_REMAINING_HEADER=fromHalfUsed|always.
 */
export function zohoBehaviourFromEnv(env: NodeJS.ProcessEnv): Partial<ZohoBehaviour> {
	const bool = (value: string | undefined): boolean | undefined =>
		value === 'true' ? true : value === 'false' ? false : undefined;
	const num = (value: string | undefined): number | undefined =>
		value === undefined || value.trim() === '' ? undefined : Number(value);
	return zohoBehaviourPatch({
		searchEquals: env.SANDBOX_ZOHO_SEARCH_EQUALS,
		honourIfUnmodifiedSince: bool(env.SANDBOX_ZOHO_HONOUR_IF_UNMODIFIED_SINCE),
		noteTitleMaxLength: num(env.SANDBOX_ZOHO_NOTE_TITLE_MAX_LENGTH),
		searchLagMs: num(env.SANDBOX_ZOHO_SEARCH_LAG_MS),
		deletedNoteAnswer: env.SANDBOX_ZOHO_DELETED_NOTE_ANSWER,
		noteWriteMetering: env.SANDBOX_ZOHO_NOTE_WRITE_METERING,
		partialSuccessStatus: env.SANDBOX_ZOHO_PARTIAL_SUCCESS_STATUS,
		creditsRemainingHeader: env.SANDBOX_ZOHO_CREDITS_REMAINING_HEADER,
	});
}
