import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';

// ADAPTER — nodes/shared/domain (phone, daily note, note content, owner rule) had not landed when the
// Zoho nodes were written. This file is the smallest stand-in with the SAME signatures as the domain
// spec, so swapping it for `export * from '../domain'` is a one-line change. Keep it minimal.

export interface NoteAttachment {
	filename: string;
	url: string;
	mimetype?: string;
	size?: number;
}

export interface NoteMessage {
	uid: string;
	timestamp: string;
	direction: 'received' | 'sent';
	senderName: string;
	senderPhone?: string;
	text: string;
	attachments: NoteAttachment[];
}

export class InvalidPhoneNumberError extends Error {
	constructor(readonly value: string, reason: string) {
		super(`"${value}" is not a valid phone number: ${reason}`);
	}
}

function parsePhone(input: string, defaultCountry?: string) {
	let cleaned = input.trim().replace(/@.*$/, '');
	if (cleaned.startsWith('00')) cleaned = `+${cleaned.slice(2)}`;
	else if (/^\d{11,15}$/.test(cleaned) && !cleaned.startsWith('0')) cleaned = `+${cleaned}`;
	return parsePhoneNumberFromString(cleaned, defaultCountry ? (defaultCountry.toUpperCase() as CountryCode) : undefined);
}

export function normalizeToE164(input: string, defaultCountry?: string): string {
	const parsed = parsePhone(input, defaultCountry);
	if (!parsed) throw new InvalidPhoneNumberError(input, defaultCountry ? 'cannot be parsed' : 'no country code and no default country');
	if (!parsed.isValid()) throw new InvalidPhoneNumberError(input, 'not a valid number for its country');
	return parsed.number;
}

export function isSamePhoneNumber(storedValue: string, e164: string, defaultCountry?: string): boolean {
	try {
		return normalizeToE164(storedValue, defaultCountry) === e164;
	} catch {
		return false;
	}
}

/** National significant number (what Zoho's contains-like `equals` is given), plus formatted variants. */
export function searchDigits(e164: string): string {
	return parsePhone(e164)?.nationalNumber ?? e164.replace(/\D/g, '');
}

export function phoneSearchVariants(e164: string, defaultCountry?: string): string[] {
	void defaultCountry; // the stand-in derives every variant from the E.164 number
	const parsed = parsePhone(e164);
	if (!parsed) return [e164];
	const variants = [e164, parsed.formatNational(), parsed.formatInternational(), parsed.nationalNumber];
	return [...new Set(variants)];
}

export function dailyNoteDay(timestamp: Date | string | number, timeZone: string): string {
	const base = timestamp instanceof Date ? DateTime.fromJSDate(timestamp) : typeof timestamp === 'number' ? DateTime.fromMillis(timestamp) : DateTime.fromISO(timestamp);
	const zoned = base.setZone(timeZone);
	if (!zoned.isValid) throw new Error(`Time zone "${timeZone}" or timestamp "${String(timestamp)}" is not valid`);
	return zoned.toISODate() ?? '';
}

export function dailyNoteTitle(contactName: string, day: string, part = 1): string {
	const [y, m, d] = day.split('-');
	const name = contactName.trim() || 'Unknown contact';
	return `WhatsApp Chat with ${name} (${d}/${m}/${y})${part >= 2 ? ` (${part})` : ''}`;
}

export function parseDailyNoteTitle(title: string): { name: string; day: string; part: number } | undefined {
	const match = /^WhatsApp Chat with (.*) \((\d{2})\/(\d{2})\/(\d{4})\)(?: \((\d+)\))?$/.exec(title.trim());
	if (!match) return undefined;
	return { name: match[1], day: `${match[4]}-${match[3]}-${match[2]}`, part: match[5] ? Number(match[5]) : 1 };
}

// Each message line ends with a marker carrying its uid; sanitising strips the marker brackets from
// message text so a message cannot forge another message's uid.
const MARKER = /⟦m:([^⟧\s]+)⟧\s*$/;
const sanitise = (text: string) => text.replace(/[⟦⟧]/g, '');

export function renderMessageLine(message: NoteMessage, timeZone: string): string {
	const time = DateTime.fromISO(message.timestamp).setZone(timeZone).toFormat('HH:mm');
	const arrow = message.direction === 'received' ? '←' : '→';
	const who = `${sanitise(message.senderName)}${message.senderPhone ? ` (${message.senderPhone})` : ''}`;
	const body = sanitise(message.text).split(/\r?\n/).join('\n    ');
	const files = message.attachments.map((a) => `\n    📎 ${sanitise(a.filename)}: ${a.url}`).join('');
	return `[${time}] ${arrow} ${who}: ${body}${files} ⟦m:${message.uid}⟧`;
}

interface ParsedBlock {
	uid?: string;
	text: string;
}

function parseBlocks(content: string): { header: string[]; blocks: ParsedBlock[] } {
	const lines = content.split('\n');
	const header: string[] = [];
	const blocks: ParsedBlock[] = [];
	let current: string[] = [];
	for (const line of lines) {
		if (blocks.length === 0 && current.length === 0 && !line.startsWith('[')) {
			header.push(line);
			continue;
		}
		current.push(line);
		const marker = MARKER.exec(line);
		if (marker || !line.startsWith('[')) {
			blocks.push({ uid: marker?.[1], text: current.join('\n') });
			current = [];
		}
	}
	if (current.length > 0) blocks.push({ text: current.join('\n') });
	return { header, blocks };
}

export function noteUids(content: string | undefined): Set<string> {
	return new Set(parseBlocks(content ?? '').blocks.flatMap((b) => (b.uid ? [b.uid] : [])));
}

export interface NoteHeader {
	contactName: string;
	chatUrl: string;
	day: string;
	timeZone: string;
}

/** Idempotent append: messages already present (by uid) are skipped; new lines are appended in timestamp order. */
export function mergeMessagesIntoNote(existingContent: string | undefined, messages: NoteMessage[], opts: NoteHeader): { content: string; added: string[] } {
	const present = noteUids(existingContent);
	const fresh = new Map<string, NoteMessage>();
	for (const m of messages) if (!present.has(m.uid) && !fresh.has(m.uid)) fresh.set(m.uid, m);
	const ordered = [...fresh.values()].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.uid.localeCompare(b.uid));
	const base = existingContent ?? `WhatsApp chat with ${sanitise(opts.contactName)} — ${opts.day}\nChat: ${opts.chatUrl}\n`;
	if (ordered.length === 0) return { content: base, added: [] };
	const lines = ordered.map((m) => renderMessageLine(m, opts.timeZone));
	return { content: `${base.replace(/\n*$/, '\n')}${lines.join('\n')}`, added: ordered.map((m) => m.uid) };
}

export interface OwnerResolution {
	ownerId: string | undefined;
	rule: 'chat_responsible' | 'whatsapp_account_owner' | 'fallback_user' | 'connecting_user' | 'none';
	matchedEmail?: string;
}

export function resolveOwner(input: {
	responsibleEmail?: string;
	accountOwnerEmail?: string;
	activeUsers: Array<{ id: string; email: string }>;
	connectingUserId?: string;
	fallbackUserId?: string;
}): OwnerResolution {
	const index = new Map(input.activeUsers.map((u) => [u.email.trim().toLowerCase(), u.id]));
	const responsible = input.responsibleEmail?.trim().toLowerCase();
	if (responsible && index.has(responsible)) return { ownerId: index.get(responsible), rule: 'chat_responsible', matchedEmail: responsible };
	const account = input.accountOwnerEmail?.trim().toLowerCase();
	if (account && index.has(account)) return { ownerId: index.get(account), rule: 'whatsapp_account_owner', matchedEmail: account };
	if (input.fallbackUserId) return { ownerId: input.fallbackUserId, rule: 'fallback_user' };
	if (input.connectingUserId) return { ownerId: input.connectingUserId, rule: 'connecting_user' };
	return { ownerId: undefined, rule: 'none' };
}
