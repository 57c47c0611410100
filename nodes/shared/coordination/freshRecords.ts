/**
 * Records this n8n process has just created, whose notes nobody has looked at yet: the first daily note
 * of such a record needs no list call (a record created a moment ago has no note of ours). Saves one Zoho
 * credit per new contact.
 *
 * Zoho CRM Match or Create marks, Zoho CRM Upsert Daily Note takes (one module instance per process:
 * scripts/bundle.mjs keeps the pack's own modules unbundled). An entry is taken once (even if the note
 * write then fails), so a retried execution lists the notes as usual and never creates a second note.
 */
const MAX_ENTRIES = 10_000;
/** Past this age a created record is treated like any other (someone may have added a note in Zoho). */
const MAX_AGE_MS = 10 * 60_000;

const entries = new Map<string, number>();

const keyOf = (credentialId: string, module: string, recordId: string) =>
	`${credentialId}|${module}|${recordId}`;

export function markFreshRecord(
	credentialId: string,
	module: string,
	recordId: string,
	now = Date.now(),
): void {
	if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
	entries.set(keyOf(credentialId, module, recordId), now);
}

/** True once for a record created by this process within the last ten minutes. */
export function takeFreshRecord(
	credentialId: string,
	module: string,
	recordId: string,
	now = Date.now(),
): boolean {
	const key = keyOf(credentialId, module, recordId);
	const createdAt = entries.get(key);
	entries.delete(key);
	return createdAt !== undefined && now - createdAt < MAX_AGE_MS;
}

/** Forgets a record (Zoho no longer has it: deleted, merged or converted). */
export function forgetFreshRecord(credentialId: string, module: string, recordId: string): void {
	entries.delete(keyOf(credentialId, module, recordId));
}
