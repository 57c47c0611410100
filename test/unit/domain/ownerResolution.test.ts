import { resolveOwner } from '../../../nodes/shared/domain/ownerResolution';

const activeUsers = [
	{ id: 'u1', email: 'Admin@Example.com' },
	{ id: 'u2', email: 'sales@example.com' },
];

describe('resolveOwner', () => {
	it('prefers the chat responsible, matching e-mails case-insensitively', () => {
		expect(
			resolveOwner({
				responsibleEmail: ' SALES@example.com ',
				accountOwnerEmail: 'admin@example.com',
				activeUsers,
				connectingUserId: 'u9',
			}),
		).toEqual({
			ownerId: 'u2',
			rule: 'chat_responsible',
			matchedEmail: 'sales@example.com',
		});
	});

	it('falls back to the WhatsApp number owner when the responsible is not a Zoho user', () => {
		expect(
			resolveOwner({
				responsibleEmail: 'temp@agency.com',
				accountOwnerEmail: 'admin@example.com',
				activeUsers,
				connectingUserId: 'u9',
			}),
		).toMatchObject({ ownerId: 'u1', rule: 'whatsapp_account_owner' });
	});

	it('then to the chosen fallback user, then to the connecting user', () => {
		expect(resolveOwner({ activeUsers, fallbackUserId: 'u5', connectingUserId: 'u9' })).toEqual({
			ownerId: 'u5',
			rule: 'fallback_user',
		});
		expect(resolveOwner({ responsibleEmail: '', activeUsers, connectingUserId: 'u9' })).toEqual({
			ownerId: 'u9',
			rule: 'connecting_user',
		});
	});

	it('says so when nobody can own the record', () => {
		expect(resolveOwner({ activeUsers: [] })).toEqual({ ownerId: undefined, rule: 'none' });
	});

	it('keeps the first user when two share an e-mail', () => {
		expect(
			resolveOwner({
				responsibleEmail: 'x@example.com',
				activeUsers: [
					{ id: 'a', email: 'x@example.com' },
					{ id: 'b', email: 'X@example.com' },
				],
			}).ownerId,
		).toBe('a');
	});
});
