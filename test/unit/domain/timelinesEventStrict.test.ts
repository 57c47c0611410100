/** Strict trigger types (issue 14, item 4): what the payload parser refuses, keeps and how its errors read. */
import { jsonSizeAbove } from '../../../nodes/shared/domain/jsonSize';
import {
	InvalidTimelinesEventError,
	MAX_FUTURE_SKEW_MS,
	parseTimelinesTimestamp,
	parseTimelinesWebhook,
} from '../../../nodes/shared/domain/timelinesEvent';
import { previewValue } from '../../../nodes/shared/domain/valuePreview';

const NOW = Date.UTC(2026, 2, 5, 12, 0, 0);
const payload = () => ({
	event_type: 'message:received:new',
	chat: {
		full_name: 'Ana Silva',
		chat_url: 'https://app.timelines.ai/chat/123456/messages/',
		chat_id: 123456 as unknown,
		is_group: false as unknown,
		phone: '+447700900123' as unknown,
	},
	whatsapp_account: { full_name: 'Agent', email: 'agent@example.com', phone: '+15559876543' },
	message: {
		text: 'Hello' as unknown,
		direction: 'received',
		timestamp: '2026-03-05 13:59:00 +0200' as unknown,
		message_uid: 'c7ec509d-0171-1ead-a84b-c6943a644768',
		sender: { full_name: 'Ana Silva', phone: '+447700900123' as unknown },
		recipient: { full_name: 'Agent' },
		attachments: [] as unknown[],
	},
});
type Payload = ReturnType<typeof payload>;
const parse = (p: Payload) => parseTimelinesWebhook(p, { now: NOW });
function refusal(tamper: (p: Payload) => void): InvalidTimelinesEventError {
	const p = payload();
	tamper(p);
	try {
		parse(p);
	} catch (error) {
		if (error instanceof InvalidTimelinesEventError) return error;
		throw error;
	}
	throw new Error('the payload was accepted');
}

describe('booleans are booleans', () => {
	it.each([['true'], [1], ['yes'], [0], ['false'], [null], [undefined]])(
		'refuses is_group %p, naming the field',
		(value) => {
			const error = refusal((p) => (p.chat.is_group = value));
			expect(error.field).toBe('chat.is_group');
			expect(error.message).toContain('is not true or false');
		},
	);

	it('reads true and false as they are', () => {
		const group = payload();
		group.chat.is_group = true;
		expect(parse(group).isGroup).toBe(true);
		expect(parse(payload()).isGroup).toBe(false);
	});
});

describe('timestamps', () => {
	const at = (ms: number) => new Date(ms).toISOString();

	it(`accepts a clock up to ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead and refuses more`, () => {
		const p = payload();
		p.message.timestamp = at(NOW + MAX_FUTURE_SKEW_MS);
		expect(parse(p).timestamp).toBe(at(NOW + MAX_FUTURE_SKEW_MS));
		const error = refusal((q) => (q.message.timestamp = at(NOW + MAX_FUTURE_SKEW_MS + 1000)));
		expect(error.message).toContain('is more than 5 minutes in the future');
		expect(refusal((q) => (q.message.timestamp = '2099-01-01 10:00:00 +0000')).field).toBe(
			'message.timestamp',
		);
	});

	it.each([
		['2024-02-30 10:00:00 +0000'],
		['2023-02-29 10:00:00 +0000'],
		['2024-04-31 10:00:00'],
		['2024-13-01 10:00:00'],
		['2024-00-10 10:00:00'],
		['2024-01-00 10:00:00'],
		['2024-01-01 24:00:00'],
		['2024-01-01 10:60:00'],
		['2024-01-01 10:00:60'],
		['2024-01-01 10:00:00 +2400'],
		['2024-01-01 10:00:00 +0160'],
		['0099-01-01 10:00:00'],
	])('refuses the impossible date %s instead of rolling it over', (value) => {
		expect(() => parseTimelinesTimestamp(value)).toThrow('is not a valid date');
	});

	it('reads leap days, fractions and offsets exactly', () => {
		expect(parseTimelinesTimestamp('2024-02-29 23:59:59 -0130')).toBe('2024-03-01T01:29:59.000Z');
		expect(parseTimelinesTimestamp('2024-02-29T10:00:00.123456Z')).toBe('2024-02-29T10:00:00.123Z');
		expect(parseTimelinesTimestamp('2024-02-29T10:00:00+05:45')).toBe('2024-02-29T04:15:00.000Z');
	});
});

describe('text and numbers', () => {
	it('keeps numeric text as text, leading zeros included', () => {
		const p = payload();
		p.message.text = 12345;
		p.message.sender.phone = 447700900123;
		p.chat.phone = '+447700900123';
		expect(parse(p)).toMatchObject({ text: '12345', sender: { phone: '447700900123' } });
		const zeros = payload();
		zeros.message.text = '00123';
		expect(parse(zeros).text).toBe('00123');
	});

	it('reads a chat id sent as digits, and refuses one that is not a positive whole number', () => {
		const p = payload();
		p.chat.chat_id = '123';
		expect(parse(p).chatId).toBe(123);
		for (const value of [true, [5], 1.5, -3, 0, '12a', { id: 1 }])
			expect(refusal((q) => (q.chat.chat_id = value)).field).toBe('chat.chat_id');
	});

	it.each([[true], [{ text: 'x' }], [['x']]])(
		'refuses text sent as %p, naming the field',
		(value) => {
			const error = refusal((p) => (p.message.text = value));
			expect(error.field).toBe('message.text');
			expect(error.message).toContain('is not text');
		},
	);

	it('treats absent or null text as an attachment-only message', () => {
		const p = payload();
		p.message.text = null;
		expect(parse(p).text).toBe('');
	});

	it('refuses an attachment size that is not a number of bytes', () => {
		const p = payload();
		p.message.attachments = [{ temporary_download_url: 'https://f/a', filename: 'a', size: '12' }];
		expect(parse(p).attachments[0].size).toBe(12);
		for (const size of [-1, 'big', true, 1.5])
			expect(
				refusal(
					(q) =>
						(q.message.attachments = [
							{ temporary_download_url: 'https://f/a', filename: 'a', size },
						]),
				).field,
			).toBe('message.attachments[0].size');
	});
});

describe('errors', () => {
	it('name the field and show at most ~100 characters of a big value', () => {
		const error = refusal((p) => (p.message.direction = 'x'.repeat(3_000_000)));
		expect(error.message).toMatch(/^message\.direction "x+"… \(3000000 characters\) is not/);
		expect(error.message.length).toBeLessThan(160);
		const nested = refusal((p) => ((p as { chat: unknown }).chat = [1, 2, 3]));
		expect(nested.message).toBe('chat a list of 3 is not an object');
	});

	it.each([
		[undefined, 'undefined'],
		[null, 'null'],
		[42, '42'],
		['short', '"short"'],
		[{ a: 1, b: 2 }, 'an object with 2 keys'],
		[() => 1, 'a function'],
	])('previews %p as %s', (value, preview) => {
		expect(previewValue(value)).toBe(preview);
	});

	it('never exceeds the cap, even for text that escapes to more characters', () => {
		for (const text of ['"'.repeat(500), '\u0001'.repeat(500), '😀'.repeat(500)])
			expect(previewValue(text).length).toBeLessThanOrEqual(100);
	});
});

describe('jsonSizeAbove', () => {
	it('is a lower bound of the JSON size, so a body within the limit is never called oversized', () => {
		const body = payload();
		const size = JSON.stringify(body).length;
		expect(jsonSizeAbove(body, size)).toBe(false);
		expect(jsonSizeAbove(body, 100)).toBe(true);
	});

	it('stops early on a huge list or object', () => {
		expect(jsonSizeAbove(new Array(5_000_000).fill(0), 1024 * 1024)).toBe(true);
		expect(jsonSizeAbove({ text: 'y'.repeat(2 * 1024 * 1024) }, 1024 * 1024)).toBe(true);
		expect(jsonSizeAbove([[[[['deep']]]]], 1024)).toBe(false);
		expect(jsonSizeAbove(null, 3)).toBe(true);
	});
});
