import {
	creditsWithheld,
	creditPressure,
	creditReport,
	observeCreditsHeader,
	recordCreditSpend,
	resetCreditLedgers,
	setCreditBudget,
} from '../../../../nodes/shared/transport/zoho/zohoCredits';

let now = Date.UTC(2026, 11, 1, 9, 0);
beforeEach(() => resetCreditLedgers(() => now));
afterAll(() => resetCreditLedgers());

const spendOverMinutes = (key: string, minutes: number, perMinute: number) => {
	for (let m = 0; m < minutes; m++) {
		recordCreditSpend(key, perMinute);
		now += 60_000;
	}
};

it('projects the next 24 hours from the last hour and compares it with the budget', () => {
	setCreditBudget('c', 5000);
	spendOverMinutes('c', 60, 2);
	// 2 a minute is 2 880 a day (the current minute has no spend yet: within 2 %).
	const report = creditReport('c');
	expect(report).toMatchObject({ budget: 5000, spentLast24h: 120 });
	expect(Math.abs(report.projected24h - 2880)).toBeLessThan(2880 * 0.02);
	expect(creditPressure('c')).toBeCloseTo(report.projected24h / 5000, 5);
	expect(creditPressure('c')).toBeLessThan(0.6);
	spendOverMinutes('c', 60, 5);
	expect(Math.abs(creditReport('c').projected24h - 7200)).toBeLessThan(7200 * 0.02);
	expect(creditPressure('c')).toBeGreaterThan(1);
});

it('without a budget there is no pressure until Zoho reports the org running low', () => {
	spendOverMinutes('d', 30, 10);
	expect(creditPressure('d')).toBe(0);
	observeCreditsHeader('d', { 'x-api-credits-remaining': '1000' });
	expect(creditReport('d').zohoRemaining).toBe(1000);
	// 10 a minute is 14 400 a day, against 1 000 left plus the 300 spent.
	expect(creditPressure('d')).toBeGreaterThan(1);
	now += 20 * 60_000;
	expect(creditReport('d').zohoRemaining).toBeUndefined();
});

it('ignores a missing or malformed header, and spends older than 24 hours', () => {
	observeCreditsHeader('e', {});
	observeCreditsHeader('e', { 'x-api-credits-remaining': 'lots' });
	expect(creditReport('e').zohoRemaining).toBeUndefined();
	recordCreditSpend('e', 50);
	now += 25 * 3600_000;
	recordCreditSpend('e', 1);
	expect(creditReport('e').spentLast24h).toBe(1);
});

it('holds calls back after Zoho says the org has no credits, lets one through every 15 s to ask, and ends the hold on an answer without 429', () => {
	observeCreditsHeader('f', { 'x-api-credits-remaining': '0' }, 429);
	expect(creditsWithheld('f')).toBe('org');
	now += 10_000;
	expect(creditsWithheld('f')).toBe('org');
	now += 5_000;
	expect(creditsWithheld('f')).toBeUndefined(); // the probe
	expect(creditsWithheld('f')).toBe('org');
	observeCreditsHeader('f', { 'x-api-credits-remaining': '0' }, 429);
	now += 14_000;
	expect(creditsWithheld('f')).toBe('org');
	now += 1_000;
	expect(creditsWithheld('f')).toBeUndefined();
	observeCreditsHeader('f', {}, 200);
	expect(creditsWithheld('f')).toBeUndefined();
	expect(creditsWithheld('f')).toBeUndefined();
});

it("withholds once the budget is spent, until the day's oldest spend rolls out of the 24 hours", () => {
	setCreditBudget('g', 10);
	recordCreditSpend('g', 10);
	expect(creditsWithheld('g')).toBe('budget');
	now += 24 * 3600_000;
	expect(creditsWithheld('g')).toBeUndefined();
});
