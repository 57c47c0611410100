import type { NoteMessage } from '../shared/zoho/domainPort';

function record(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Reads the item's message (the domain TimelinesMessage the trigger emits) into a NoteMessage.
 * Unknown input: everything is checked; a message without uid or timestamp cannot be written exactly once.
 */
export function noteMessageFrom(input: unknown): NoteMessage | string {
	const message = record(typeof input === 'string' ? safeJson(input) : input);
	const uid = text(message.uid);
	const timestamp = text(message.timestamp);
	if (!uid) return 'the message has no uid';
	if (!timestamp || Number.isNaN(Date.parse(timestamp))) return `the message timestamp "${timestamp}" is not an ISO date`;
	const sender = record(message.sender);
	const attachments = Array.isArray(message.attachments) ? message.attachments.map(record) : [];
	return {
		uid,
		timestamp: new Date(timestamp).toISOString(),
		direction: message.direction === 'sent' ? 'sent' : 'received',
		senderName: text(sender.name),
		senderPhone: text(sender.phone) || undefined,
		text: text(message.text),
		attachments: attachments
			.filter((a) => text(a.url))
			.map((a) => ({
				filename: text(a.filename) || 'attachment',
				url: text(a.url),
				mimetype: text(a.mimetype) || undefined,
				size: typeof a.size === 'number' ? a.size : undefined,
			})),
	};
}

function safeJson(value: string): unknown {
	try {
		return JSON.parse(value);
	} catch {
		return undefined;
	}
}
