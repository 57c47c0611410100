/**
 * The backfill's two policies apart from n8n: TimelinesAI requests spaced under the API's 30 a second, and
 * the credit model per chat (what a number, a note day and an attachment cost; a number paid once).
 */
import {
	BACKFILL_CREDIT_MODEL,
	chatCredits,
	chatWork,
} from '../../../../nodes/shared/sync/creditEstimate';
import type { BackfillItem, BackfillSource } from '../../../../nodes/shared/sync/backfillPlan';
import { pacedHistorySource } from '../../../../nodes/shared/sync/pacedHistorySource';

describe('pacedHistorySource', () => {
	it('spaces consecutive request starts 1/perSecond apart, and waits only when the last one was that recent', async () => {
		let clock = 1_000;
		const waits: number[] = [];
		const started: number[] = [];
		const source: BackfillSource = {
			chatsPage: async () => (started.push(clock), { items: [], hasMore: false }),
			messagesPage: async () => (started.push(clock), { items: [], hasMore: false }),
			accounts: async () => (started.push(clock), []),
			chat: async () => (started.push(clock), undefined),
		};
		const paced = pacedHistorySource(
			source,
			async (ms) => {
				waits.push(ms);
				clock += ms;
			},
			20,
			() => clock,
		);
		await paced.accounts();
		await paced.chatsPage(1);
		clock += 10; // the answer took 10 ms
		await paced.messagesPage(1, 'x');
		clock += 500; // a long pause: no wait
		await paced.chat(1);
		expect(waits).toEqual([50, 40]);
		expect(started).toEqual([1_000, 1_050, 1_100, 1_600]);
		expect(paced.requests).toBe(4);
		// 20 a second leaves room under TimelinesAI's 30 for the live workflow on the same address.
		expect(1000 / (started[2] - started[1])).toBeLessThanOrEqual(30);
	});
});

function item(timestamp: string, attachments = 0): BackfillItem {
	return {
		event: 'message:new',
		raw: { source: 'backfill', message: {} },
		message: {
			timestamp,
			attachments: Array.from({ length: attachments }, (_, i) => ({
				filename: `f${i}`,
				url: `https://files.test/${i}`,
			})),
		} as unknown as BackfillItem['message'],
	};
}

describe('chatCredits', () => {
	const { number, perRecordDay, perAttachment, perNoteWithAttachments } = BACKFILL_CREDIT_MODEL;
	const files = 2 * perAttachment + perNoteWithAttachments; // two files on one day's note
	const items = [
		item('2026-11-01T08:00:00Z'),
		item('2026-11-01T22:30:00Z', 2), // 23:30 in Berlin: still 1 November
		item('2026-11-01T23:30:00Z'), // 00:30 in Berlin: 2 November
	];

	it('counts the note days in the org time zone, the attachments, and the number by what Zoho has', () => {
		const work = chatWork(items, 'Europe/Berlin', '+49 151 1234 0000');
		expect(work).toEqual({
			e164: '+4915112340000',
			messages: 3,
			days: ['2026-11-01', '2026-11-02'],
			attachments: 2,
			attachmentDays: 1,
		});
		expect(chatCredits(work, 'found', false)).toBe(number.found + 2 * perRecordDay + files);
		expect(chatCredits(work, 'new', false)).toBe(number.new + 2 * perRecordDay + files);
		// Unknown: the dearest case, so a budget is never passed.
		expect(chatCredits(work, 'unknown', false)).toBe(chatCredits(work, 'new', false));
		// A second chat of the same number: its record is cached by then.
		expect(chatCredits(work, 'new', true)).toBe(2 * perRecordDay + files);
	});

	it('costs nothing for a chat without messages or without a phone number (the sync skips it)', () => {
		expect(chatCredits(chatWork([], 'UTC', '+4915112340000'), 'new', false)).toBe(0);
		expect(chatCredits(chatWork(items, 'UTC', ''), 'new', false)).toBe(0);
	});
});
