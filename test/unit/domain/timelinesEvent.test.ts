import {
	InvalidTimelinesEventError,
	parseTimelinesTimestamp,
	parseTimelinesWebhook,
} from '../../../nodes/shared/domain/timelinesEvent';

const payload = () => ({
	event_type: 'message:received:new',
	chat: {
		full_name: 'Ana Silva',
		chat_url: 'https://app.timelines.ai/chat/123456/messages/',
		chat_id: 123456,
		is_group: false,
		phone: '+447700900123',
		responsible_name: 'Agent Brown',
		responsible_email: 'agent@example.com',
	},
	whatsapp_account: { full_name: 'Agent Brown', email: 'agent@example.com', phone: '+15559876543' },
	message: {
		text: 'Hello',
		direction: 'received',
		origin: 'WhatsApp',
		timestamp: '2024-01-08 10:35:18 +0200',
		message_uid: 'c7ec509d-0171-1ead-a84b-c6943a644768',
		sender: { full_name: 'Ana Silva', phone: '+447700900123' },
		recipient: { full_name: 'Agent Brown', phone: '+15559876543' },
		reply_to_uid: 'r1',
		attachments: [
			{
				temporary_download_url: 'https://files/x.doc',
				filename: 'x.doc',
				size: 12,
				mimetype: 'application/msword',
			},
		],
	},
});

describe('parseTimelinesWebhook', () => {
	it('turns the documented payload into one typed message with UTC time', () => {
		expect(parseTimelinesWebhook(payload())).toMatchObject({
			eventType: 'message:received:new',
			uid: 'c7ec509d-0171-1ead-a84b-c6943a644768',
			chatId: 123456,
			isGroup: false,
			direction: 'received',
			timestamp: '2024-01-08T08:35:18.000Z',
			contactPhone: '+447700900123',
			replyToUid: 'r1',
			attachments: [
				{ filename: 'x.doc', url: 'https://files/x.doc', size: 12, mimetype: 'application/msword' },
			],
			responsible: { email: 'agent@example.com' },
			whatsappAccount: { phone: '+15559876543' },
		});
	});

	it('flags group chats and tolerates an unassigned chat and no attachments', () => {
		const p = payload();
		Object.assign(p.chat, { is_group: true, responsible_email: '', responsible_name: '' });
		Object.assign(p.message, { attachments: null });
		const parsed = parseTimelinesWebhook(p);
		expect(parsed.isGroup).toBe(true);
		expect(parsed.responsible).toEqual({ name: undefined, email: undefined });
		expect(parsed.attachments).toEqual([]);
	});

	it.each([
		[
			(p: Record<string, unknown>) => (p.event_type = 'chat:assigned'),
			'event_type "chat:assigned"',
		],
		[(p: Record<string, unknown>) => delete p.chat, 'chat undefined is not an object'],
		[
			(p: ReturnType<typeof payload>) => ((p.message as Record<string, unknown>).message_uid = ''),
			'message.message_uid "" is missing',
		],
		[
			(p: ReturnType<typeof payload>) => ((p.message as Record<string, unknown>).direction = 'in'),
			'message.direction "in"',
		],
		[
			(p: ReturnType<typeof payload>) =>
				((p.message as Record<string, unknown>).timestamp = 'yesterday'),
			'message.timestamp "yesterday"',
		],
		[
			(p: ReturnType<typeof payload>) => ((p.chat as Record<string, unknown>).chat_id = 'abc'),
			'chat.chat_id "abc"',
		],
		[
			(p: ReturnType<typeof payload>) => ((p.message as Record<string, unknown>).attachments = 'x'),
			'message.attachments "x" is not a list',
		],
		[
			(p: ReturnType<typeof payload>) =>
				((p.message as Record<string, unknown>).attachments = [{ filename: 'a' }]),
			'message.attachments[0].temporary_download_url',
		],
	])('names the malformed field (%#)', (mutate, text) => {
		const p = payload();
		mutate(p as never);
		expect(() => parseTimelinesWebhook(p)).toThrow(InvalidTimelinesEventError);
		expect(() => parseTimelinesWebhook(p)).toThrow(text);
	});

	it('refuses a body that is not an object', () => {
		expect(() => parseTimelinesWebhook('[]')).toThrow('payload "[]" is not an object');
	});
});

describe('parseTimelinesTimestamp', () => {
	it('reads the TimelinesAI format, ISO with Z, and no zone as UTC', () => {
		expect(parseTimelinesTimestamp('2023-06-18 15:19:23 +0300')).toBe('2023-06-18T12:19:23.000Z');
		expect(parseTimelinesTimestamp('2023-06-18T15:19:23.5Z')).toBe('2023-06-18T15:19:23.500Z');
		expect(parseTimelinesTimestamp('2023-06-18 15:19:23')).toBe('2023-06-18T15:19:23.000Z');
		expect(() => parseTimelinesTimestamp('2023-13-45 99:99:99')).toThrow('is not a valid date');
	});
});
