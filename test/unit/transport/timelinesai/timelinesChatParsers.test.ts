import {
	parseTimelinesChat,
	parseTimelinesMessage,
	timelinesTimestampToIso,
} from '../../../../nodes/shared/transport/timelinesai/timelinesChatParsers';

describe('parsing TimelinesAI chats and messages for the chat page', () => {
	it('reads the documented "YYYY-MM-DD HH:MM:SS +HHMM" timestamps as UTC', () => {
		expect(timelinesTimestampToIso('2024-01-08 10:35:18 +0200')).toBe('2024-01-08T08:35:18.000Z');
		expect(timelinesTimestampToIso('yesterday')).toBeUndefined();
	});

	it('maps a history message with an attachment and keeps hostile text as data', () => {
		const message = parseTimelinesMessage(
			{
				uid: 'u1',
				timestamp: '2023-06-18 15:19:23 +0300',
				sender_name: '<b>Eve</b>',
				sender_phone: '+447911123456',
				from_me: false,
				status: 'Read',
				text: '<img src=x onerror=alert(1)>',
				attachment_url: 'https://files.example/tmp/abc',
				attachment_filename: 'photo.jpg',
			},
			7,
		);
		expect(message).toMatchObject({
			uid: 'u1',
			chatId: 7,
			timestamp: '2023-06-18T12:19:23.000Z',
			senderName: '<b>Eve</b>',
			text: '<img src=x onerror=alert(1)>',
			attachments: [{ url: 'https://files.example/tmp/abc', filename: 'photo.jpg' }],
		});
	});

	it('drops messages without uid or readable timestamp and chats without numeric id', () => {
		expect(
			parseTimelinesMessage({ text: 'x', timestamp: '2023-06-18 15:19:23 +0300' }, 1),
		).toBeUndefined();
		expect(parseTimelinesMessage({ uid: 'a', timestamp: 'soon' }, 1)).toBeUndefined();
		expect(parseTimelinesChat({ id: 'abc', phone: '+1' })).toBeUndefined();
		expect(parseTimelinesChat({ id: 5, name: 'A', phone: '+1', is_group: true })).toEqual({
			id: 5,
			name: 'A',
			phone: '+1',
			isGroup: true,
			whatsappAccountId: undefined,
		});
	});
});
