/*
 * Zoho credits per credential, as this process sees them (docs/api-facts.md, Zoho §6 and §10):
 *  - what the pack spent in the last 24 hours (Zoho's window is a rolling 24 h), in one-minute buckets;
 *  - the daily credit budget set on the credential (0 = none);
 *  - the credits Zoho says the org has left (`X-API-CREDITS-REMAINING`, sent once half the day's credits are
 *    used), with when it was read.
 * From these: the projected use over 24 hours at the last hour's rate, and a pressure (projected use ÷ what may
 * be spent) that makes the note commits wait longer to batch more (bulkNoteCalls, upsertDailyNote).
 */

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/**
 * The rate is measured over the last hour, or since the first spend when that is more recent, but over 15
 * minutes at least: a burst in a process's first minutes does not read as a day's rate.
 */
const RATE_WINDOW_MINUTES = 60;
const MIN_RATE_WINDOW_MINUTES = 15;
/** Zoho's remaining count is trusted for this long after it was read. */
const REMAINING_TTL_MS = 15 * MINUTE_MS;
/**
 * After Zoho said 0 credits left, calls are held back this long (credits free up as the 24 h window rolls on),
 * but for one call every PROBE_MS that asks whether they are back.
 */
const ORG_EMPTY_HOLD_MS = 2 * MINUTE_MS;
const PROBE_MS = 15_000;

interface Ledger {
	budget: number;
	/** Minute number (ms / 60 000) → credits spent in it. */
	minutes: Map<number, number>;
	firstSpendMinute?: number;
	remaining?: { credits: number; at: number };
	/** When the last call was let through, while held back, to see whether Zoho has credits again. */
	probedAt?: number;
}

const ledgers = new Map<string, Ledger>();
let clock: () => number = Date.now;

function ledgerOf(key: string): Ledger {
	let ledger = ledgers.get(key);
	if (!ledger) {
		if (ledgers.size >= 1000) ledgers.clear();
		ledger = { budget: 0, minutes: new Map() };
		ledgers.set(key, ledger);
	}
	return ledger;
}

const minuteNow = () => Math.floor(clock() / MINUTE_MS);

function spentSince(ledger: Ledger, fromMinute: number): number {
	let total = 0;
	for (const [minute, credits] of ledger.minutes) if (minute >= fromMinute) total += credits;
	return total;
}

/** Credits spent by a call of this credential (a bulk write of n notes: ceil(n / 10)). */
export function recordCreditSpend(key: string, credits: number): void {
	const ledger = ledgerOf(key);
	const minute = minuteNow();
	ledger.firstSpendMinute ??= minute;
	ledger.minutes.set(minute, (ledger.minutes.get(minute) ?? 0) + credits);
	if (ledger.minutes.size > DAY_MINUTES + 1)
		for (const old of ledger.minutes.keys())
			if (old <= minute - DAY_MINUTES) ledger.minutes.delete(old);
}

/** The credential's daily credit budget (0 or less: none). */
export function setCreditBudget(key: string, budget: number): void {
	ledgerOf(key).budget = Number.isFinite(budget) && budget > 0 ? Math.floor(budget) : 0;
}

/**
 * Reads `X-API-CREDITS-REMAINING` from a Zoho answer's headers, when Zoho sent it; an answer other than 429
 * without it ends a hold for an empty org (Zoho sends the header only once half the credits are used).
 */
export function observeCreditsHeader(
	key: string,
	headers: Record<string, unknown> | undefined,
	status = 200,
): void {
	const raw = headers?.['x-api-credits-remaining'] ?? headers?.['X-API-CREDITS-REMAINING'];
	const credits = Number(Array.isArray(raw) ? raw[0] : raw);
	const ledger = ledgerOf(key);
	if (raw === undefined || raw === null || raw === '' || !Number.isFinite(credits)) {
		if (status !== 429 && ledger.remaining && ledger.remaining.credits <= 0)
			delete ledger.remaining;
		return;
	}
	ledger.remaining = { credits: Math.max(0, credits), at: clock() };
	// The answer that says 0 is the latest look: the next one is due in PROBE_MS.
	if (credits <= 0) ledger.probedAt = clock();
}

/** Whether Zoho said within the last 2 minutes that the org has no credits left. */
export function orgReportsNoCredits(key: string): boolean {
	const remaining = ledgerOf(key).remaining;
	return (
		remaining !== undefined && remaining.credits <= 0 && clock() - remaining.at < ORG_EMPTY_HOLD_MS
	);
}

/** What Zoho last said the org has left, when it said so in the last 15 minutes. */
function remainingOf(ledger: Ledger): number | undefined {
	const { remaining } = ledger;
	return remaining && clock() - remaining.at < REMAINING_TTL_MS ? remaining.credits : undefined;
}

export interface CreditReport {
	/** The budget set on the credential; 0 = none. */
	budget: number;
	/** Credits this process spent in the last 24 hours. */
	spentLast24h: number;
	/** Credits the next 24 hours would take at the last hour's rate. */
	projected24h: number;
	/** What Zoho last said the org has left (when it said so in the last 15 minutes). */
	zohoRemaining?: number;
}

export function creditReport(key: string): CreditReport {
	const ledger = ledgerOf(key);
	const now = minuteNow();
	const spentLast24h = spentSince(ledger, now - DAY_MINUTES + 1);
	const since = ledger.firstSpendMinute ?? now;
	const windowMinutes = Math.max(
		MIN_RATE_WINDOW_MINUTES,
		Math.min(RATE_WINDOW_MINUTES, now - since + 1),
	);
	const perMinute = spentSince(ledger, now - windowMinutes + 1) / windowMinutes;
	const remaining = remainingOf(ledger);
	return {
		budget: ledger.budget,
		spentLast24h: Math.round(spentLast24h * 100) / 100,
		projected24h: Math.round(perMinute * DAY_MINUTES),
		...(remaining === undefined ? {} : { zohoRemaining: remaining }),
	};
}

/**
 * How close the credential is to running out: projected 24-hour use ÷ the budget, and ÷ what the org has
 * left plus what this process spent (when Zoho said what is left); the larger. 0 when neither is known.
 */
export function creditPressure(key: string): number {
	// Neither a budget nor Zoho's figure (the usual case, on every note commit): no ledger scan.
	const ledger = ledgerOf(key);
	if (ledger.budget === 0 && remainingOf(ledger) === undefined) return 0;
	const report = creditReport(key);
	const byBudget = report.budget > 0 ? report.projected24h / report.budget : 0;
	const org =
		report.zohoRemaining === undefined
			? 0
			: report.projected24h / Math.max(1, report.zohoRemaining + report.spentLast24h);
	return Math.max(byBudget, org);
}

/**
 * Why the credential may not spend now, or undefined: the pack's budget is spent (its spend of the last
 * 24 hours has reached it), or Zoho said within the last 2 minutes that the org has no credits left (one call
 * in 15 s is let through to ask again).
 */
export function creditsWithheld(key: string): 'budget' | 'org' | undefined {
	// Asked before every Zoho call: the 24 hours are added up only when there is a budget.
	const ledger = ledgerOf(key);
	if (ledger.budget > 0 && spentSince(ledger, minuteNow() - DAY_MINUTES + 1) >= ledger.budget)
		return 'budget';
	if (!orgReportsNoCredits(key)) return undefined;
	if (clock() - (ledger.probedAt ?? 0) >= PROBE_MS) {
		ledger.probedAt = clock();
		return undefined;
	}
	return 'org';
}

/** Forgets every ledger; with a clock, time is read from it (tests). */
export function resetCreditLedgers(now?: () => number): void {
	ledgers.clear();
	clock = now ?? Date.now;
}
