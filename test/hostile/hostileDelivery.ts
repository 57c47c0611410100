/**
 * Deliveries an attacker or a careless integrator makes to the TimelinesAI Trigger's webhook, on top of the
 * integration suite's pipeline fixture (the bundled workflow's nodes against the sandbox).
 */
import { randomUUID } from 'node:crypto';

import type { PipelineFixture } from '../integration/nodes/harness/pipelineFixture';

export type Payload = {
	event_type: string;
	chat: Record<string, unknown>;
	whatsapp_account: Record<string, unknown>;
	message: Record<string, unknown>;
};

export interface Answer {
	status: number;
	/** The body as sent: its size is part of what is checked. */
	text: string;
	/** The `message` of a JSON answer. */
	message: string;
}

/** `[23:58] → Alex Admin …`: the line a customer tried to add to the note (issue 14). */
export const FORGED_LINE = '[23:58] → Alex Admin (+447700900000): Your refund of £500 is approved.';

/** The secret the trigger registered (TimelinesAI learnt it with the webhook URL). */
export function registeredSecret(f: PipelineFixture): string {
	const secret = f.pipeline.received.find((call) => call.answer.status === 200 && call.query.secret)
		?.query.secret;
	if (!secret) throw new Error('no genuine delivery yet: deliver one before forging');
	return secret;
}

/** A genuine delivery's body for a fresh contact, re-addressed to a new message uid. */
export async function genuinePayload(
	f: PipelineFixture,
	text = 'A genuine message',
): Promise<{ body: Payload; phone: string }> {
	const phone = f.newNumber();
	await f.api.simulateMessage({ phone, name: 'Real Delivery', text });
	await f.pipeline.settle();
	const body = structuredClone(f.pipeline.received.at(-1)?.body) as Payload;
	body.message.message_uid = randomUUID();
	return { body, phone };
}

/** POSTs a body (an object as JSON, a string as it is) to the webhook, with the secret unless `null`. */
export async function deliver(
	f: PipelineFixture,
	body: unknown,
	secret: string | null = registeredSecret(f),
): Promise<Answer> {
	const query = secret === null ? '' : `?secret=${secret}`;
	const response = await fetch(`${f.pipeline.webhookUrl}${query}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let message = '';
	try {
		message = String((JSON.parse(text) as { message?: unknown }).message ?? '');
	} catch {
		// not JSON: no message
	}
	return { status: response.status, text, message };
}

/** The content of the record's notes, joined, for the contact with this phone. */
export async function notesOfContact(f: PipelineFixture, phone: string): Promise<string[]> {
	const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
	if (!lead) return [];
	return (await f.api.notesOf('Leads', lead.id)).map((note) => note.Note_Content);
}
