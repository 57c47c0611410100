import {
	chatLinkPayload,
	signChatLink,
	verifyChatLink,
} from '../../../nodes/shared/domain/signedLink';

const link = {
	module: 'Leads',
	recordId: '5725767000000412001',
	userEmail: 'Ana@Example.com',
	expiresAt: 2_000_000_000,
};
const secret = 'zoho-variable-secret';

describe('signed chat links', () => {
	it('signs module|record|lower-case email|expiry the way the Deluge function does', () => {
		expect(chatLinkPayload(link)).toBe('Leads|5725767000000412001|ana@example.com|2000000000');
		expect(signChatLink(link, secret)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('accepts its own signature before expiry', () => {
		expect(
			verifyChatLink({ ...link, signature: signChatLink(link, secret) }, secret, 1_900_000_000),
		).toEqual({ ok: true });
	});

	it('refuses a tampered record, an expired link, a wrong secret and missing parts', () => {
		const signature = signChatLink(link, secret);
		expect(verifyChatLink({ ...link, recordId: '1', signature }, secret, 1_900_000_000)).toEqual({
			ok: false,
			reason: 'bad_signature',
		});
		expect(verifyChatLink({ ...link, signature }, secret, 2_000_000_000)).toEqual({
			ok: false,
			reason: 'expired',
		});
		expect(verifyChatLink({ ...link, signature }, 'other', 1_900_000_000)).toEqual({
			ok: false,
			reason: 'bad_signature',
		});
		expect(verifyChatLink({ ...link, signature: '' }, secret, 1)).toEqual({
			ok: false,
			reason: 'missing',
		});
		expect(verifyChatLink({ ...link, signature: 'zz' }, secret, 1)).toEqual({
			ok: false,
			reason: 'malformed',
		});
		expect(verifyChatLink({ ...link, signature }, '', 1)).toEqual({ ok: false, reason: 'missing' });
	});

	it('refuses a link that lives longer than allowed', () => {
		expect(
			verifyChatLink({ ...link, signature: signChatLink(link, secret) }, secret, 1_000_000_000, {
				maxLifetimeSeconds: 3600,
			}),
		).toEqual({ ok: false, reason: 'expired' });
	});

	it('will not sign with an empty secret', () => {
		expect(() => signChatLink(link, '')).toThrow(/secret is empty/);
	});
});
