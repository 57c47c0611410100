import {
	InvalidSyncItemError,
	readFlag,
	readGroupChatMessage,
	readNoteMessage,
	readSync,
} from '../../../nodes/shared/domain/syncItem';

describe("the item between the pack's nodes", () => {
	it("reads the trigger's message back for the note writer", () => {
		const message = readNoteMessage({
			uid: 'm1',
			timestamp: '2026-11-30T10:00:00+01:00',
			direction: 'sent',
			sender: { name: 'Ana', phone: '+447700900123' },
			text: 'Hi',
			attachments: [
				{ url: 'https://files.example/a', filename: 'a.pdf', size: 3 },
				{ filename: 'no url' },
				{ url: '' },
			],
		});
		expect(message).toEqual({
			uid: 'm1',
			timestamp: '2026-11-30T09:00:00.000Z',
			direction: 'sent',
			senderName: 'Ana',
			senderPhone: '+447700900123',
			text: 'Hi',
			attachments: [
				{ url: 'https://files.example/a', filename: 'a.pdf', mimetype: undefined, size: 3 },
				// a refused link (the trigger empties it): named in the note, never fetched
				{ url: '', filename: 'no url', mimetype: undefined, size: undefined },
			],
		});
	});

	it('names the field that makes a message unwritable', () => {
		expect(() => readNoteMessage({ timestamp: '2026-11-30T10:00:00Z' })).toThrow(
			new InvalidSyncItemError('message.uid', 'is missing'),
		);
		expect(() => readNoteMessage({ uid: 'm', timestamp: 'yesterday' })).toThrow(
			'message.timestamp is not an ISO date',
		);
		expect(() => readNoteMessage('{not json')).toThrow('message is text that is not JSON');
		expect(() => readNoteMessage(['x'])).toThrow('message is not an object');
		expect(readNoteMessage('{"uid":"m","timestamp":"2026-11-30T10:00:00Z"}').uid).toBe('m');
	});

	it('carries the credits spent so far, whatever an earlier node left', () => {
		expect(readSync({ creditsSpent: 3, outcome: 'matched' })).toEqual({
			creditsSpent: 3,
			outcome: 'matched',
		});
		expect(readSync({ creditsSpent: 'lots' }).creditsSpent).toBe(0);
		expect(readSync(undefined)).toEqual({ creditsSpent: 0 });
	});

	it('reads a group flag the way people and expressions write it', () => {
		for (const yes of [true, 'true', 'TRUE', 1, '1', 'yes']) expect(readFlag(yes)).toBe(true);
		for (const no of [false, 'false', 0, '', undefined, null, 'no'])
			expect(readFlag(no)).toBe(false);
	});
});

describe('a group chat message on the item', () => {
	it("reads the group, the direction, the sender (phone optional) and the account's number", () => {
		expect(
			readGroupChatMessage({
				isGroup: true,
				chatId: 77,
				chatName: 'Project Falcon',
				direction: 'received',
				sender: { name: ' Ana Silva ' },
				whatsappAccount: { phone: '+447700900001' },
			}),
		).toEqual({
			chatId: 77,
			chatName: 'Project Falcon',
			direction: 'received',
			senderName: 'Ana Silva',
			senderPhone: undefined,
			accountPhone: '+447700900001',
		});
	});

	it('is undefined for a direct chat unless the caller says the message is a group one', () => {
		const direct = { isGroup: false, chatId: '12', direction: 'sent', sender: { phone: '+1' } };
		expect(readGroupChatMessage(direct)).toBeUndefined();
		expect(
			readGroupChatMessage(JSON.stringify(direct), 'message', { isGroup: true }),
		).toMatchObject({ chatId: 12, direction: 'sent', senderPhone: '+1' });
		expect(readGroupChatMessage({ isGroup: 'true', chatId: 'x' })?.chatId).toBeUndefined();
	});
});
