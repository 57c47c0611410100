import {
	forgetTriggerWebhook,
	rememberTriggerWebhook,
	triggerWebhooks,
} from '../../../nodes/shared/domain/triggerWebhookRegistry';
import { repairTriggerWebhooks } from '../../../nodes/shared/sync/catchUpWebhooks';
import type { TimelinesWebhook } from '../../../nodes/shared/transport/timelinesai/webhooks';

const URL = 'https://n8n.example/webhook/abc/webhook?secret=s3cret';

function port(registered: TimelinesWebhook[]) {
	const created: Array<{ event: string; url: string }> = [];
	return {
		created,
		list: async () => registered,
		create: async (registration: { event: string; url: string }) => {
			created.push(registration);
		},
	};
}

describe('re-registering the trigger webhook', () => {
	const registration = { event: 'message:new', url: URL };

	it('leaves an enabled webhook alone: one request', async () => {
		const api = port([{ id: 1, event_type: 'message:new', url: URL, enabled: true }]);
		expect(await repairTriggerWebhooks(api, [registration])).toEqual({ repaired: [], requests: 1 });
		expect(api.created).toEqual([]);
	});

	it('registers a disabled or a missing webhook again and says which, without its secret', async () => {
		const disabled = port([{ id: 1, event_type: 'message:new', url: URL, enabled: false }]);
		const result = await repairTriggerWebhooks(disabled, [registration]);
		expect(result.repaired).toEqual([
			{ event: 'message:new', url: 'https://n8n.example/webhook/abc/webhook', reason: 'disabled' },
		]);
		expect(disabled.created).toEqual([registration]);

		// Another event on the same URL is not the trigger's webhook.
		const missing = port([{ id: 2, event_type: 'message:sent:new', url: URL, enabled: true }]);
		const again = await repairTriggerWebhooks(missing, [registration]);
		expect(again.repaired.map((repair) => repair.reason)).toEqual(['missing']);
		expect(again.requests).toBe(2);
	});

	it('makes no request when no trigger left a registration', async () => {
		const api = port([]);
		expect(await repairTriggerWebhooks(api, [])).toEqual({ repaired: [], requests: 0 });
	});
});

describe("the triggers' registrations in the workflow's global static data", () => {
	it('keeps one per trigger node, forgets it on deactivation, and ignores what is not one', () => {
		const data: Record<string, unknown> = {};
		rememberTriggerWebhook(data, 'TimelinesAI Trigger', { event: 'message:new', url: URL });
		rememberTriggerWebhook(data, 'Other Trigger', { event: 'message:sent:new', url: `${URL}2` });
		expect(triggerWebhooks(data)).toHaveLength(2);
		forgetTriggerWebhook(data, 'Other Trigger');
		expect(triggerWebhooks(data)).toEqual([{ event: 'message:new', url: URL }]);
		(data.timelinesAiTriggerWebhooks as Record<string, unknown>).broken = { event: 1 };
		expect(triggerWebhooks(data)).toEqual([{ event: 'message:new', url: URL }]);
	});

	it('assigns a new object on a change, so that n8n notices and saves it', () => {
		const data: Record<string, unknown> = {};
		rememberTriggerWebhook(data, 'T', { event: 'message:new', url: URL });
		const before = data.timelinesAiTriggerWebhooks;
		rememberTriggerWebhook(data, 'T', { event: 'message:new', url: URL });
		expect(data.timelinesAiTriggerWebhooks).toBe(before); // unchanged: no write
		rememberTriggerWebhook(data, 'T', { event: 'message:new', url: `${URL}x` });
		expect(data.timelinesAiTriggerWebhooks).not.toBe(before);
	});
});
