import type { NoteMessage } from './noteContent';

/*
 * The item that travels between the pack's nodes: TimelinesAI Trigger puts `message`, Resolve Owner adds
 * `owner`, Match or Create adds `zoho` and `sync`, Upsert Daily Note adds `note` and completes `sync`.
 * One parser reads what a node needs back from untrusted JSON (an item may come from anywhere in a
 * workflow) and names the field that is wrong.
 */

export interface SyncItemOwner {
	id: string | null;
	rule: string;
	email: string | null;
}

export interface SyncItemZoho {
	module: string;
	id: string;
	name: string;
	phoneField: string;
	e164: string;
	record: Record<string, unknown>;
}

export interface SyncItemSync {
	/** 'failed': set by the Zoho nodes' item loop under "Continue", with `reason` */
	outcome?: 'matched' | 'created' | 'converted' | 'skipped' | 'failed';
	rule?: string;
	reason?: string;
	module?: string | null;
	recordId?: string | null;
	noteId?: string;
	/** Zoho calls this item cost so far, over all the pack's nodes. */
	creditsSpent: number;
}

export class InvalidSyncItemError extends Error {
	constructor(
		readonly field: string,
		reason: string,
	) {
		super(`${field} ${reason}`);
		this.name = 'InvalidSyncItemError';
	}
}

type Json = Record<string, unknown>;

function object(value: unknown): Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: {};
}

const text = (value: unknown) =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

const NOT_JSON = Symbol('not JSON');

function parsedJson(value: unknown, field: string): unknown {
	if (typeof value !== 'string') return value;
	let parsed: unknown = NOT_JSON;
	try {
		parsed = JSON.parse(value) as unknown;
	} catch {
		// reported below, outside the catch
	}
	if (parsed === NOT_JSON) throw new InvalidSyncItemError(field, 'is text that is not JSON');
	return parsed;
}

/**
 * The item's `message` (as TimelinesAI Trigger outputs it) as the note writer needs it. A message without
 * uid or timestamp cannot be written exactly once, so those two are required; the rest has defaults.
 */
export function readNoteMessage(input: unknown, field = 'message'): NoteMessage {
	const value = parsedJson(input, field);
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new InvalidSyncItemError(field, 'is not an object');
	const message = value as Json;
	const uid = text(message.uid).trim();
	if (!uid) throw new InvalidSyncItemError(`${field}.uid`, 'is missing');
	const timestamp = text(message.timestamp);
	if (!timestamp || Number.isNaN(Date.parse(timestamp)))
		throw new InvalidSyncItemError(`${field}.timestamp`, 'is not an ISO date');
	const sender = object(message.sender);
	const attachments = Array.isArray(message.attachments) ? message.attachments.map(object) : [];
	return {
		uid,
		timestamp: new Date(timestamp).toISOString(),
		direction: message.direction === 'sent' ? 'sent' : 'received',
		senderName: text(sender.name),
		senderPhone: text(sender.phone) || undefined,
		text: text(message.text),
		// An attachment whose link was refused (the trigger empties it) stays, named in the note, never fetched.
		attachments: attachments
			.filter((a) => text(a.url) || text(a.filename))
			.map((a) => ({
				filename: text(a.filename) || 'attachment',
				url: text(a.url),
				mimetype: text(a.mimetype) || undefined,
				size: typeof a.size === 'number' ? a.size : undefined,
			})),
	};
}

/** The `sync` an earlier node of the pack left on the item (or a fresh one). */
export function readSync(value: unknown): SyncItemSync {
	const sync = object(value);
	const credits = Number(sync.creditsSpent ?? 0);
	return {
		...(sync as Partial<SyncItemSync>),
		creditsSpent: Number.isFinite(credits) ? credits : 0,
	};
}

/** A yes/no input as people and expressions write it: true, "true", 1, "1", "yes". */
export function readFlag(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1;
	return ['true', '1', 'yes'].includes(
		String(value ?? '')
			.trim()
			.toLowerCase(),
	);
}

/** What the per-participant logging of a group message needs from the item's `message`. */
export interface GroupChatMessage {
	/** Undefined when the item has none (the participants, read from the chat, are then unknown). */
	chatId?: number;
	/** The group's name (the chat's name). */
	chatName: string;
	direction: 'received' | 'sent';
	/** `message.sender`: the participant who wrote (received) or the WhatsApp account (sent). */
	senderName: string;
	/** Optional in TimelinesAI's webhook (UNVERIFIED whether a group member's is sent: docs/api-facts.md). */
	senderPhone?: string;
	/** The workspace's WhatsApp number in the group (never logged as a participant). */
	accountPhone?: string;
}

/**
 * The item's `message` as a group chat message, or undefined when it is not one (`isGroup` not true;
 * `options.isGroup` overrides the message's own flag, e.g. with a node's "Is Group Chat" input).
 */
export function readGroupChatMessage(
	input: unknown,
	field = 'message',
	{ isGroup }: { isGroup?: boolean } = {},
): GroupChatMessage | undefined {
	const message = object(parsedJson(input, field));
	if (!(isGroup ?? readFlag(message.isGroup))) return undefined;
	const chatId = Number(message.chatId);
	const sender = object(message.sender);
	return {
		chatId: Number.isSafeInteger(chatId) && chatId > 0 ? chatId : undefined,
		chatName: text(message.chatName).trim(),
		direction: message.direction === 'sent' ? 'sent' : 'received',
		senderName: text(sender.name).trim(),
		senderPhone: text(sender.phone).trim() || undefined,
		accountPhone: text(object(message.whatsappAccount).phone).trim() || undefined,
	};
}
