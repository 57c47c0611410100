/**
 * Catch-up in real n8n 2.40.x (the stack `npm start` builds, with its one-minute period): messages whose
 * webhook deliveries TimelinesAI lost reach Zoho with no manual step and no line doubled, the trigger's
 * webhook disabled in TimelinesAI is registered again, and a pass with nothing missing spends no Zoho
 * credit and few TimelinesAI calls; messages that met an org out of Zoho credits land once credits are back.
 * Requires `npm run build`. Takes about five minutes.
 */
import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { waitFor } from './harness/waitFor';

const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
/** TimelinesAI calls of one pass with nothing new: the chats page and the webhook check (+1 margin). */
const CALLS_PER_IDLE_PASS = 3;

let stack: PipelineStack;

beforeAll(async () => {
	// As `npm start`: every minute; messages older than 5 s count as settled (the default is 2 minutes).
	stack = await PipelineStack.start({ catchUp: { everyMinutes: 1, minAgeSeconds: 5 } });
});

afterAll(async () => {
	await stack?.stop();
});

async function noteText(phone: string): Promise<{ leads: number; notes: number; text: string }> {
	const leads = await stack.client.recordsByPhone('Leads', 'Mobile', phone);
	const notes = leads.length ? await stack.client.notesOf('Leads', leads[0].id) : [];
	return {
		leads: leads.length,
		notes: notes.length,
		text: notes.map((note) => note.Note_Content).join('\n'),
	};
}

async function triggerWebhook() {
	const hooks = await stack.client.webhooks();
	const mine = hooks.find((hook) =>
		hook.url.startsWith(`${stack.pipeline.triggerWebhookUrl}?secret=`),
	);
	if (!mine) throw new Error('the trigger webhook is not registered');
	return mine;
}

it('brings dropped deliveries into Zoho and re-enables a disabled trigger webhook, doubling nothing; an idle pass costs no credit', async () => {
	// A delivered message first: it is written by the webhook path and logged in the sync log.
	await stack.client.simulateMessage({
		phone: '+447700900311',
		name: 'Della Vered',
		text: 'arrived',
	});
	await waitFor(
		'the delivered message in Zoho',
		async () => (await noteText('+447700900311')).text.includes('arrived'),
		15_000,
	);

	// Then TimelinesAI loses every delivery, and someone disables the trigger's webhook.
	await stack.client.setTimelinesFaults({ dropDeliveryRate: 1 });
	const lost = [
		{ phone: '+447700900312', name: 'Lotte Lost', text: 'lost one' },
		{ phone: '+447700900313', name: 'Lars Lost', text: 'lost two' },
		{ phone: '+447700900312', name: 'Lotte Lost', text: 'lost three' },
		{ phone: '+447700900311', name: 'Della Vered', text: 'lost four' },
	];
	for (const message of lost) await stack.client.simulateMessage(message);
	await stack.client.setTimelinesFaults({ dropDeliveryRate: 0 });
	const hook = await triggerWebhook();
	await stack.client.updateWebhook(hook.id, { enabled: false });
	expect((await triggerWebhook()).enabled).toBe(false);

	// No manual step: the next catch-up pass (every minute) finds them.
	await waitFor(
		'the lost messages in Zoho',
		async () => {
			for (const message of lost)
				if (!(await noteText(message.phone)).text.includes(message.text)) return false;
			return true;
		},
		150_000,
		2_000,
	);
	expect((await triggerWebhook()).enabled).toBe(true);
	for (const phone of ['+447700900311', '+447700900312', '+447700900313']) {
		const { leads, notes, text } = await noteText(phone);
		expect({ phone, leads, notes }).toEqual({ phone, leads: 1, notes: 1 });
		for (const message of [...lost, { phone: '+447700900311', text: 'arrived' }])
			if (message.phone === phone) expect(occurrences(text, message.text)).toBe(1);
	}

	// A later pass with nothing missing: wait for its TimelinesAI calls, then compare the counters. It reads
	// the 3 chats it just emitted from once more (catchUpPass.ts, RECHECK_AFTER_PASSES) and the accounts; the
	// sync log drops their messages before any Zoho node.
	await new Promise((resolve) => setTimeout(resolve, 5_000)); // the catch-up execution's last writes
	const credits = await stack.client.zohoCreditsUsed();
	const calls = await stack.client.timelinesApiCalls();
	await waitFor(
		'the next catch-up pass',
		async () => (await stack.client.timelinesApiCalls()) > calls,
		75_000,
		500,
	);
	await new Promise((resolve) => setTimeout(resolve, 5_000)); // the pass and any execution finish
	expect(await stack.client.zohoCreditsUsed()).toBe(credits);
	const idleCalls = (await stack.client.timelinesApiCalls()) - calls;
	expect(idleCalls).toBeGreaterThan(0);
	expect(idleCalls).toBeLessThanOrEqual(CALLS_PER_IDLE_PASS + 3 + 1);
	for (const message of lost)
		expect(occurrences((await noteText(message.phone)).text, message.text)).toBe(1);
});

it("when the org's Zoho credits run out, messages wait and land later with no manual step, each once", async () => {
	const waiting = [
		{ phone: '+447700900321', name: 'Cora Credit', text: 'while credits ran out, one' },
		{ phone: '+447700900322', name: 'Carl Credit', text: 'while credits ran out, two' },
		{ phone: '+447700900321', name: 'Cora Credit', text: 'while credits ran out, three' },
	];
	const used = await stack.client.zohoCreditsUsed();
	const limit = await stack.client.setZohoCreditsUsed(used);
	await stack.client.setZohoCreditsUsed(limit);
	for (const message of waiting) await stack.client.simulateMessage(message);
	// Zoho answers 429 with X-API-CREDITS-REMAINING: 0; nothing is written.
	await new Promise((resolve) => setTimeout(resolve, 8_000));
	for (const message of waiting)
		expect((await noteText(message.phone)).text).not.toContain(message.text);

	// Credits free up (Zoho's rolling 24 hours): the catch-up writes the messages on a later pass.
	await stack.client.setZohoCreditsUsed(used);
	await waitFor(
		'the waiting messages in Zoho',
		async () => {
			for (const message of waiting)
				if (!(await noteText(message.phone)).text.includes(message.text)) return false;
			return true;
		},
		180_000,
		2_000,
	);
	for (const phone of ['+447700900321', '+447700900322']) {
		const { leads, notes, text } = await noteText(phone);
		expect({ phone, leads, notes }).toEqual({ phone, leads: 1, notes: 1 });
		for (const message of waiting)
			if (message.phone === phone) expect(occurrences(text, message.text)).toBe(1);
	}
});
