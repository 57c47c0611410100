import {
	deliveryDecision,
	messageFilterOf,
	RecentDeliveries,
	isStaleDelivery,
	isValidWebhookSecret,
	newWebhookSecret,
} from '../../../nodes/shared/domain/deliveryPolicy';

describe('webhook secret check', () => {
	const secret = newWebhookSecret();

	it('accepts the secret that was registered', () => {
		expect(isValidWebhookSecret(secret, secret)).toBe(true);
	});

	it('refuses a wrong, shorter, longer or missing secret', () => {
		const lastCharFlipped = secret.slice(0, -1) + (secret.endsWith('0') ? '1' : '0');
		expect(isValidWebhookSecret(secret, lastCharFlipped)).toBe(false);
		expect(isValidWebhookSecret(secret, secret.slice(0, 10))).toBe(false);
		expect(isValidWebhookSecret(secret, `${secret}x`)).toBe(false);
		expect(isValidWebhookSecret(secret, undefined)).toBe(false);
		expect(isValidWebhookSecret(secret, ['a', 'b'])).toBe(false);
	});

	it('never accepts when no secret was stored, even an empty one', () => {
		expect(isValidWebhookSecret(undefined, '')).toBe(false);
		expect(isValidWebhookSecret('', '')).toBe(false);
		expect(isValidWebhookSecret(undefined, 'anything')).toBe(false);
	});

	it('makes a new random 256-bit secret each time', () => {
		expect(newWebhookSecret()).toMatch(/^[0-9a-f]{64}$/);
		expect(newWebhookSecret()).not.toBe(newWebhookSecret());
	});
});

describe('replay window', () => {
	const now = Date.parse('2026-11-24T12:00:00Z');

	it('accepts a message within the window and refuses an older one', () => {
		expect(isStaleDelivery('2026-11-24T11:59:00Z', now, 60)).toBe(false);
		expect(isStaleDelivery('2026-11-24T10:59:00Z', now, 60)).toBe(true);
	});

	it('treats an unreadable timestamp as stale', () => {
		expect(isStaleDelivery('yesterday', now, 60)).toBe(true);
	});
});

describe('repeated deliveries', () => {
	it('accepts a uid once and refuses it again within the TTL', () => {
		const recent = new RecentDeliveries(100, 1000);
		expect(recent.accept('m1', 0)).toBe(true);
		expect(recent.accept('m1', 500)).toBe(false);
		expect(recent.accept('m2', 500)).toBe(true);
	});

	it('accepts a uid again after the TTL', () => {
		const recent = new RecentDeliveries(100, 1000);
		recent.accept('m1', 0);
		expect(recent.accept('m1', 1500)).toBe(true);
	});

	it('lets a repeat through when the earlier item failed, and ignores it once the message was written', () => {
		const recent = new RecentDeliveries(100, 60_000, 5_000);
		recent.accept('m1', 0);
		expect(recent.accept('m1', 100, 'failed')).toBe(true);
		expect(recent.accept('m1', 200, 'written')).toBe(false);
	});

	it('lets a repeat with no known outcome through once the first execution had time to finish (it may have failed)', () => {
		const recent = new RecentDeliveries(100, 60_000, 5_000);
		recent.accept('m1', 0);
		expect(recent.accept('m1', 4_000)).toBe(false); // still in flight: a retry storm is absorbed
		expect(recent.accept('m1', 10_000)).toBe(true);
		expect(recent.accept('m1', 11_000)).toBe(false); // in flight again from 10 s
	});

	it('forgets the oldest uids beyond its bound', () => {
		const recent = new RecentDeliveries(2, 10_000);
		recent.accept('m1', 0);
		recent.accept('m2', 1);
		recent.accept('m3', 2);
		expect(recent.accept('m1', 3)).toBe(true);
		expect(recent.accept('m3', 4)).toBe(false);
	});
});

describe("the trigger's delivery policy", () => {
	const filter = {
		maxAgeMinutes: 60,
		includeGroupChats: false,
		includeOutgoing: true,
		whatsappAccounts: [] as string[],
	};
	const now = Date.parse('2026-11-30T12:00:00Z');
	const message = {
		timestamp: '2026-11-30T11:59:00Z',
		isGroup: false,
		direction: 'received' as const,
		accountPhoneE164: '+15550001111',
	};

	it('accepts a fresh one-to-one message', () => {
		expect(deliveryDecision(message, filter, now)).toEqual({ accept: true });
	});

	it('refuses a stale delivery as a replay (401) and drops filtered ones with their reason (200)', () => {
		expect(
			deliveryDecision({ ...message, timestamp: '2026-11-30T10:00:00Z' }, filter, now),
		).toEqual({ accept: false, status: 401, reason: 'Delivery too old (replay)' });
		expect(deliveryDecision({ ...message, isGroup: true }, filter, now)).toMatchObject({
			accept: false,
			status: 200,
			reason: 'group chat',
		});
		expect(
			deliveryDecision({ ...message, isGroup: true }, { ...filter, includeGroupChats: true }, now),
		).toEqual({ accept: true });
		expect(
			deliveryDecision(
				{ ...message, direction: 'sent' },
				{ ...filter, includeOutgoing: false },
				now,
			),
		).toMatchObject({ reason: 'outgoing message' });
	});

	it('keeps only the selected WhatsApp accounts when some are selected', () => {
		expect(
			deliveryDecision(message, { ...filter, whatsappAccounts: ['+15550001111'] }, now),
		).toEqual({ accept: true });
		expect(
			deliveryDecision(message, { ...filter, whatsappAccounts: ['+15550002222'] }, now),
		).toMatchObject({ reason: 'WhatsApp account not selected' });
		expect(
			deliveryDecision(
				{ ...message, accountPhoneE164: undefined },
				{ ...filter, whatsappAccounts: ['+15550001111'] },
				now,
			),
		).toMatchObject({ accept: false });
	});
});

describe('messageFilterOf (both triggers’ options)', () => {
	it('defaults to one-to-one chats, both directions, every account', () => {
		expect(messageFilterOf({})).toEqual({
			includeGroupChats: false,
			includeOutgoing: true,
			whatsappAccounts: [],
		});
	});

	it('normalises the account list, and a value that is no number restricts to nothing', () => {
		expect(
			messageFilterOf({
				includeGroupChats: true,
				includeOutgoing: false,
				whatsappAccounts: ' +44 7700 900123, , not-a-phone',
			}),
		).toEqual({
			includeGroupChats: true,
			includeOutgoing: false,
			whatsappAccounts: ['+447700900123', 'not a number: not-a-phone'],
		});
	});
});
