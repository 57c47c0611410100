// Fails when TimelinesAI's official specs (../shared/reference/timelinesai-oas) and the sandbox disagree, so
// that a newer spec dropped into that folder shows at once what changed: an operation added or removed, a
// query parameter added or removed, a webhook event added or removed. The lists below are checked in on
// purpose: update them (and the sandbox) when the spec moves.
import { TIMELINES_OPERATIONS } from '../../../sandbox/timelines/api/timelinesApi';
import { PRODUCED_EVENTS, WEBHOOK_EVENTS } from '../../../sandbox/timelines/webhookEvents';
import { TimelinesOasValidator } from './timelinesOasValidator';

const oas = new TimelinesOasValidator();

/** The operations the sandbox implements, with the query parameters it reads (spec 1.3.0). */
const IMPLEMENTED: Record<string, string[]> = {
	'GET /chats': [
		'label',
		'whatsapp_account_id',
		'group',
		'responsible',
		'name',
		'phone',
		'read',
		'closed',
		'chatgpt_autoresponse_enabled',
		'page',
		'created_after',
		'created_before',
		'whatsapp_phone',
		'with_msg',
	],
	'GET /chats/{chat_id}': [],
	'PATCH /chats/{chat_id}': [],
	'GET /chats/{chat_id}/messages': [
		'from_me',
		'after',
		'before',
		'after_message',
		'before_message',
		'sorting_order',
	],
	'POST /chats/{chat_id}/messages': [],
	'GET /chats/{chat_id}/labels': [],
	'PUT /chats/{chat_id}/labels': [],
	'POST /chats/{chat_id}/labels': [],
	'POST /chats/{chat_id}/notes': [],
	'POST /messages': [],
	'GET /messages/{message_uid}': [],
	'GET /messages/{message_uid}/status_history': [],
	'GET /messages/{message_uid}/reactions': [],
	'PATCH /messages/{message_uid}/reactions': [],
	'POST /files_upload': [],
	'GET /files': ['filename'],
	'GET /files/{file_uid}': [],
	'DELETE /files/{file_uid}': [],
	'GET /whatsapp_accounts': [],
	'GET /workspace': [],
	'GET /workspace/teammates': [],
	'GET /workspace/teammates/me': [],
	'GET /templates': [],
	'GET /templates/{template_id}': [],
	'GET /webhooks': [],
	'POST /webhooks': [],
	'GET /webhooks/{webhook_id}': [],
	'PUT /webhooks/{webhook_id}': [],
	'DELETE /webhooks/{webhook_id}': [],
};

const WABA =
	'WhatsApp Business (WABA) accounts are not modelled: the pack uses WhatsApp Web accounts only';
const V2 = 'v2 = the same data scoped to the token’s teammate; the pack uses v1 (workspace-wide)';
const NOT_USED = 'not used by the pack';
/** Spec operations the sandbox does not implement, and why. */
const NOT_IMPLEMENTED: Record<string, string> = {
	'POST /chats/{chat_id}/file_message': 'the pack sends files with file_uid (upload first)',
	'POST /chats/{chat_id}/voice_message': NOT_USED,
	'GET /waba/chats': WABA,
	'GET /waba/chats/{chat_id}': WABA,
	'PATCH /waba/chats/{chat_id}': WABA,
	'GET /waba/chats/{chat_id}/labels': WABA,
	'POST /waba/chats/{chat_id}/labels': WABA,
	'PUT /waba/chats/{chat_id}/labels': WABA,
	'GET /waba/chats/{chat_id}/messages': WABA,
	'POST /waba/chats/{chat_id}/messages': WABA,
	'GET /waba/accounts': WABA,
	'GET /waba/accounts/{account_id}': WABA,
	'POST /waba/accounts/{account_id}/analytics': WABA,
	'GET /waba/accounts/{account_id}/analytics/{handle_id}': WABA,
	'POST /waba/messages': WABA,
	'GET /waba/messages/{message_uid}': WABA,
	'GET /waba/messages/{message_uid}/status_history': WABA,
	'GET /waba/messages/{message_uid}/reactions': WABA,
	'PATCH /waba/messages/{message_uid}/reactions': WABA,
	'GET /waba/templates': WABA,
	'GET /waba/templates/{template_id}': WABA,
	'POST /messages/to_jid':
		'groups are out of the pack’s scope (the integration guide: group chats not supported)',
	'POST /files':
		'upload from a URL would make the sandbox fetch the internet; the pack uploads bytes (/files_upload)',
	'POST /workspace/invitations': NOT_USED,
	'DELETE /workspace/invitations/{user_id}': NOT_USED,
	'POST /templates': 'templates are read-only for the pack (the live chat lists them)',
	'PATCH /templates/{template_id}': 'templates are read-only for the pack',
	'DELETE /templates/{template_id}': 'templates are read-only for the pack',
	'POST /templates/{template_id}/track_usage': 'analytics only',
	'GET /v2/chats': V2,
	'GET /v2/chats/{chat_id}/messages': V2,
	'POST /v2/chats/{chat_id}/messages': V2,
	'POST /v2/messages': V2,
	'GET /v2/whatsapp_accounts': V2,
	'GET /v2/templates': V2,
	'POST /v2/templates': V2,
};

/** Webhook events the sandbox accepts but never fires, and why. */
const NOT_PRODUCED: Record<string, string> = {
	'call:incoming:missed': 'the sandbox has no calls',
	'call:incoming:ended': 'the sandbox has no calls',
	'call:outgoing:ended': 'the sandbox has no calls',
	...Object.fromEntries(WEBHOOK_EVENTS.filter((e) => e.startsWith('waba:')).map((e) => [e, WABA])),
};

const key = (o: { method: string; path: string }): string => `${o.method} ${o.path}`;

describe('TimelinesAI spec drift', () => {
	it('the sandbox router serves exactly the checked-in list of operations', () => {
		expect(TIMELINES_OPERATIONS.map(key).sort()).toEqual(Object.keys(IMPLEMENTED).sort());
	});

	it('every operation the sandbox implements exists in the spec with the same method and path, not deprecated', () => {
		const spec = new Map(oas.operations().map((o) => [key(o), o]));
		const missing = Object.keys(IMPLEMENTED).filter((k) => !spec.has(k));
		const deprecated = Object.keys(IMPLEMENTED).filter((k) => spec.get(k)?.deprecated);
		expect({
			'implemented but not in the spec': missing,
			'implemented but deprecated in the spec': deprecated,
		}).toEqual({
			'implemented but not in the spec': [],
			'implemented but deprecated in the spec': [],
		});
	});

	it('every spec operation is either implemented or listed as not implemented with a reason', () => {
		const spec = oas.operations().map(key);
		const known = new Set([...Object.keys(IMPLEMENTED), ...Object.keys(NOT_IMPLEMENTED)]);
		const newInSpec = spec.filter((k) => !known.has(k));
		const goneFromSpec = Object.keys(NOT_IMPLEMENTED).filter((k) => !spec.includes(k));
		expect({
			'new in the spec (implement it, or list it in NOT_IMPLEMENTED)': newInSpec,
			'no longer in the spec': goneFromSpec,
		}).toEqual({
			'new in the spec (implement it, or list it in NOT_IMPLEMENTED)': [],
			'no longer in the spec': [],
		});
	});

	it('each implemented operation reads exactly the query parameters the spec lists', () => {
		const drift = oas
			.operations()
			.filter((o) => key(o) in IMPLEMENTED)
			.map((o) => ({
				operation: key(o),
				'new in the spec': o.queryParameters.filter((p) => !IMPLEMENTED[key(o)].includes(p)),
				'no longer in the spec': IMPLEMENTED[key(o)].filter((p) => !o.queryParameters.includes(p)),
			}))
			.filter((d) => d['new in the spec'].length > 0 || d['no longer in the spec'].length > 0);
		expect(drift).toEqual([]);
	});

	it('POST /webhooks accepts exactly the spec’s WebhookEventType enum', () => {
		expect([...WEBHOOK_EVENTS].sort()).toEqual([...oas.eventTypeEnum()].sort());
	});

	it('the webhook spec documents a body for every event type of the enum', () => {
		expect(oas.webhookEvents().sort()).toEqual([...oas.eventTypeEnum()].sort());
	});

	it('every event type is either produced by the sandbox (and validated by the contract test) or listed with a reason', () => {
		const known = new Set<string>([...PRODUCED_EVENTS, ...Object.keys(NOT_PRODUCED)]);
		expect({
			unaccounted: oas.eventTypeEnum().filter((e) => !known.has(e)),
			'produced but not in the spec': PRODUCED_EVENTS.filter(
				(e) => !oas.eventTypeEnum().includes(e),
			),
		}).toEqual({ unaccounted: [], 'produced but not in the spec': [] });
	});

	it('the stale event names of the old notes are gone', () => {
		for (const stale of [
			'chat:created',
			'chat:received:created',
			'chat:sent:created',
			'chat:assigned',
			'chat:unassigned',
		])
			expect(WEBHOOK_EVENTS).not.toContain(stale);
	});
});
