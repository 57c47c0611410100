// /__control/timelines/* — no auth (the router admits loopback, same-host, JSON requests only: server/controlGuard.ts). Makes WhatsApp traffic happen,
// shows what the webhooks received, sets faults and the behaviour switches (timelinesBehaviour.ts).
import { isObject, parseJson } from '../server/http';
import type { SandboxResponse } from '../server/http';
import { behaviourPatch } from './timelinesBehaviour';
import { TimelinesApiError } from './timelinesApiError';
import type { TimelinesSandbox } from './timelinesSandbox';
import type { FaultSettings } from './timelinesTypes';
import type { BurstInput, SimulateMessageInput } from './whatsappSimulator';
import type { AccountEvent } from './webhookEvents';

function body(raw: Buffer): Record<string, unknown> {
	const parsed = parseJson(raw);
	return isObject(parsed) ? parsed : {};
}

function faultPatch(input: Record<string, unknown>): Partial<FaultSettings> {
	const patch: Partial<FaultSettings> = {};
	if (typeof input.rate500 === 'number' && input.rate500 >= 0 && input.rate500 <= 1)
		patch.rate500 = input.rate500;
	if (typeof input.latencyMs === 'number' && input.latencyMs >= 0)
		patch.latencyMs = input.latencyMs;
	if (typeof input.rateLimitPerSecond === 'number' && input.rateLimitPerSecond >= 0)
		patch.rateLimitPerSecond = input.rateLimitPerSecond;
	if (
		typeof input.dropDeliveryRate === 'number' &&
		input.dropDeliveryRate >= 0 &&
		input.dropDeliveryRate <= 1
	)
		patch.dropDeliveryRate = input.dropDeliveryRate;
	return patch;
}

const ACCOUNT_EVENTS: Record<string, AccountEvent> = {
	connect: 'whatsapp:account:connected',
	disconnect: 'whatsapp:account:disconnected',
	suspend: 'whatsapp:account:suspended',
	resume: 'whatsapp:account:resumed',
};

export async function timelinesControl(
	sb: TimelinesSandbox,
	method: string,
	segments: string[],
	raw: Buffer,
): Promise<SandboxResponse | undefined> {
	const [a, b, c] = segments;
	const ok = (json: unknown): SandboxResponse => ({ status: 200, json });
	if (c !== undefined) return undefined;
	try {
		if (a === 'accounts' && b !== undefined && method === 'POST') {
			const event = ACCOUNT_EVENTS[b];
			return event
				? ok({ event, deliveries: await sb.simulator.accountEvent(body(raw).phone, event) })
				: undefined;
		}
		if (b !== undefined) return undefined;
		if (a === 'messages' && method === 'POST')
			return ok(await sb.simulateMessage(body(raw) as SimulateMessageInput));
		if (a === 'reactions' && method === 'POST')
			return ok({ deliveries: await sb.simulator.react(body(raw)) });
		if (a === 'burst' && method === 'POST')
			return ok(await sb.burst(body(raw) as unknown as BurstInput));
		if (a === 'redeliver' && method === 'POST') {
			const uid = body(raw).message_uid;
			if (typeof uid !== 'string')
				return { status: 400, json: { error: 'message_uid is required' } };
			return ok({ message_uid: uid, deliveries: await sb.redeliver(uid) });
		}
		if (a === 'deliveries' && method === 'GET') return ok({ deliveries: sb.deliveries() });
		if (a === 'dropped' && method === 'GET') return ok({ dropped: sb.events.dropped() });
		if (a === 'usage' && method === 'GET') return ok({ ...sb.state.usage });
		if (a === 'webhooks' && method === 'GET') return ok({ webhooks: sb.webhooks() });
		if (a === 'chats' && method === 'GET') return ok({ chats: sb.chats() });
		if (a === 'reset' && method === 'POST') return ok((sb.reset(), { reset: true }));
		if (a === 'state' && method === 'GET') return ok(sb.snapshot());
		if (a === 'faults' && method === 'GET') return ok(sb.faults());
		if (a === 'faults' && method === 'POST') return ok(sb.setFaults(faultPatch(body(raw))));
		if (a === 'behaviour' && method === 'GET') return ok(sb.behaviour());
		if (a === 'behaviour' && method === 'POST')
			return ok(sb.setBehaviour(behaviourPatch(body(raw))));
	} catch (error) {
		if (error instanceof TimelinesApiError)
			return { status: error.httpStatus, json: { error: error.message } };
		if (error instanceof SyntaxError) return { status: 400, json: { error: 'invalid JSON body' } };
		throw error;
	}
	return undefined;
}
