import { createHmac } from 'node:crypto';

import {
	chatLinkQueryString,
	checkChatLinkQuery,
} from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import { chatLinkPayload } from '../../../../nodes/shared/domain/signedLink';

const NOW = 1_772_366_400;
const query = (text: string) => Object.fromEntries(new URLSearchParams(text));

describe('chat link verification wiring', () => {
	it('accepts a link signed the way the Deluge function signs it (hex HMAC-SHA256 of module|id|email|expiry)', () => {
		// What zoho.encryption.hmacsha256(secret, payload, "hex") computes for this payload.
		const payload = `Leads|1001|agent@example.com|${NOW + 300}`;
		const signature = createHmac('sha256', 'zoho-secret').update(payload).digest('hex');
		const link = {
			m: 'Leads',
			r: '1001',
			e: 'agent@example.com',
			x: String(NOW + 300),
			s: signature,
		};
		expect(checkChatLinkQuery(link, 'zoho-secret', NOW, 900)).toEqual({
			ok: true,
			module: 'Leads',
			recordId: '1001',
			userEmail: 'agent@example.com',
			expiresAtSeconds: NOW + 300,
			key: signature,
		});
	});

	it('lower-cases the e-mail in the payload, so a mixed-case Zoho login still verifies', () => {
		expect(
			chatLinkPayload({
				module: 'Contacts',
				recordId: '9',
				userEmail: 'Ana@Example.COM',
				expiresAt: 5,
			}),
		).toBe('Contacts|9|ana@example.com|5');
		const link = query(
			chatLinkQueryString(
				{ module: 'Contacts', recordId: '9', userEmail: 'Ana@Example.COM', expiresAt: NOW + 60 },
				's',
			),
		);
		expect(checkChatLinkQuery({ ...link, e: 'Ana@Example.COM' }, 's', NOW, 900).ok).toBe(true);
	});

	it.each([
		['bad_signature', { r: '1002' }],
		['bad_signature', { s: 'f'.repeat(64) }],
		['malformed', { s: 'not-hex' }],
		['malformed', { x: 'tomorrow' }],
		['missing', { s: undefined }],
		['expired', { x: String(NOW) }],
	])('reports %s for %j', (reason, change) => {
		const link = {
			...query(
				chatLinkQueryString(
					{ module: 'Leads', recordId: '1001', userEmail: 'a@b.c', expiresAt: NOW + 60 },
					'k',
				),
			),
			...change,
		};
		// An expiry change also breaks the signature; re-sign for the "expired" case so only expiry is wrong.
		const final =
			reason === 'expired'
				? query(
						chatLinkQueryString(
							{ module: 'Leads', recordId: '1001', userEmail: 'a@b.c', expiresAt: NOW },
							'k',
						),
					)
				: link;
		expect(checkChatLinkQuery(final, 'k', NOW, 900)).toEqual({ ok: false, reason });
	});

	it('refuses a correctly signed link that lives longer than the allowed lifetime', () => {
		const link = query(
			chatLinkQueryString(
				{ module: 'Leads', recordId: '1', userEmail: 'a@b.c', expiresAt: NOW + 3600 },
				'k',
			),
		);
		expect(checkChatLinkQuery(link, 'k', NOW, 900)).toEqual({ ok: false, reason: 'expired' });
	});

	it('never accepts anything when the secret is empty', () => {
		const link = query(
			chatLinkQueryString(
				{ module: 'Leads', recordId: '1', userEmail: 'a@b.c', expiresAt: NOW + 60 },
				'k',
			),
		);
		expect(checkChatLinkQuery(link, '', NOW, 900).ok).toBe(false);
	});
});
