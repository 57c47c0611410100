import { dailyNoteDay } from '../domain/dailyNote';
import { tryNormalizeToE164 } from '../domain/phone';
import type { BackfillItem } from './backfillPlan';
import type { Found } from './findRecordByPhone';

// What a backfill costs in Zoho credits at most when its messages go through the bundled workflow (Resolve
// Owner → Match or Create → Upsert Daily Note, read-before-write): every Zoho call is 1 credit, a write of up
// to 10 records 1 credit (https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html). Notes are written in
// bulk (bulkNoteCalls: many records' notes per call); whether Zoho charges those per 10 notes or per note is
// undocumented, so the model charges per note: a budget is never passed, and with notes metered like
// records a run spends less (backfillWorkflow.test.ts checks both readings). The pack's calls per
// step, counted in the sandbox for 10 chats × 3 days (README, Backfill; test/integration/nodes/
// backfillWorkflow.test.ts keeps the model within 10 % of what a run spends):
//   - per number, once (the number → record cache serves its other messages): found: the destination
//     module's search; a converted lead: + the Contact's read; new: both modules' searches, the create, and
//     on its first day the note's create is followed by one read and one update (the day's other messages),
//     while the list of its notes is skipped (a record just created has none): 2 + 1 + 2 − 1;
//   - per record and day: the list of the record's notes and the note's create (the day's messages of one
//     execution are merged into one write);
//   - per attachment: its upload, and per note with attachments the list of the note's files (a file
//     already there is not uploaded again);
//   - per run: the org's time zone, the user list (two pages) and the module's fields (for a create) —
//     cached per n8n process and credential, so a run right after another pays them once.

export type NumberStatus = 'found' | 'converted' | 'new' | 'unknown';

export interface CreditModel {
	perRun: number;
	number: Record<Exclude<NumberStatus, 'unknown'>, number>;
	perRecordDay: number;
	perAttachment: number;
	perNoteWithAttachments: number;
}

export const BACKFILL_CREDIT_MODEL: CreditModel = {
	perRun: 4,
	number: { found: 1, converted: 2, new: 4 },
	perRecordDay: 2,
	perAttachment: 1,
	perNoteWithAttachments: 1,
};

/** What one chat's messages bring to Zoho: its number, the days they fall on, the files to upload. */
export interface ChatWork {
	/** The contact's E.164 number; undefined when the chat's phone is not a number (the sync skips it). */
	e164?: string;
	messages: number;
	days: string[];
	attachments: number;
	/** Days (notes) with at least one file. */
	attachmentDays: number;
}

export function chatWork(items: BackfillItem[], timeZone: string, phone: string): ChatWork {
	const dayOf = (item: BackfillItem) => dailyNoteDay(item.message.timestamp, timeZone);
	const days = new Set(items.map(dayOf));
	const withFiles = items.filter((item) => item.message.attachments.length > 0);
	return {
		e164: tryNormalizeToE164(phone),
		messages: items.length,
		days: [...days].sort(),
		attachments: withFiles.reduce((sum, item) => sum + item.message.attachments.length, 0),
		attachmentDays: new Set(withFiles.map(dayOf)).size,
	};
}

/** The number's status from a Zoho look-up (findRecord); a lead set to stop at conversion is "found". */
export function numberStatusOf(found: Found | { stopped: unknown } | undefined): NumberStatus {
	if (!found) return 'new';
	if ('stopped' in found) return 'found';
	return found.rule === 'converted_traceback' ? 'converted' : 'found';
}

/**
 * Credits of one chat. An unknown number counts as new (the dearest case), so a budget is never passed.
 * `numberPaid`: another chat of the same number was already counted (its record is cached by then).
 */
export function chatCredits(
	work: ChatWork,
	status: NumberStatus,
	numberPaid: boolean,
	model: CreditModel = BACKFILL_CREDIT_MODEL,
): number {
	if (!work.e164 || work.messages === 0) return 0;
	const numberCredits = numberPaid ? 0 : model.number[status === 'unknown' ? 'new' : status];
	return (
		numberCredits +
		work.days.length * model.perRecordDay +
		work.attachments * model.perAttachment +
		work.attachmentDays * model.perNoteWithAttachments
	);
}
