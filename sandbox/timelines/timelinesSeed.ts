// The seed workspace (reset() restores it). Owners and teammates use the Zoho sandbox's seed users'
// emails (sandbox/zoho/seed.ts), so "owner by chat responsible → number owner" resolves to Zoho users.
// Ana Silva (+351912345678) and Ben Okafor (+2348031234567) are Zoho seed leads; Tom Baker is in no CRM.
import type { TimelinesSnapshot } from './timelinesState';
import type { MessageTemplate, StoredChat, StoredMessage } from './timelinesTypes';

export const SEED_ACCOUNTS = {
	sales: {
		id: '447700900001@s.whatsapp.net',
		phone: '+447700900001',
		owner_email: 'sam.sales@sandbox.example',
		owner_name: 'Sam Sales',
	},
	support: {
		id: '447700900002@s.whatsapp.net',
		phone: '+447700900002',
		owner_email: 'priya.support@sandbox.example',
		owner_name: 'Priya Support',
	},
} as const;

/** Fixed so that seeded uids and times are the same on every reset. */
const BASE = Date.parse('2025-01-06T09:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Deterministic UUID v4-shaped uids for seeded messages (version nibble 4, variant 8). */
export function seedUid(n: number): string {
	return `5eed0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function template(id: number, name: string, text: string, ageDays: number): MessageTemplate {
	const time = BASE - ageDays * 24 * HOUR;
	return {
		id,
		name,
		text,
		visibility: 'public',
		team_title: null,
		created_by_name: 'Alex Admin',
		created: time,
		updated_by_name: 'Alex Admin',
		updated: time,
	};
}

export function timelinesSeed(): TimelinesSnapshot {
	const { sales, support } = SEED_ACCOUNTS;
	const chats: StoredChat[] = [];
	const messages: StoredMessage[] = [];
	let seq = 1;
	const chat = (
		c: Omit<
			StoredChat,
			| 'jid'
			| 'closed'
			| 'read'
			| 'labels'
			| 'created'
			| 'chatgpt_autoresponse_enabled'
			| 'unattended'
		> &
			Partial<StoredChat>,
	): StoredChat => {
		const stored: StoredChat = {
			jid: c.is_group
				? `120363${String(c.id).padStart(12, '0')}@g.us`
				: `${c.phone.slice(1)}@s.whatsapp.net`,
			closed: false,
			read: true,
			labels: [],
			created: BASE,
			chatgpt_autoresponse_enabled: false,
			unattended: false,
			...c,
		};
		chats.push(stored);
		return stored;
	};
	const account = (id: string) => (id === sales.id ? sales : support);
	/** incoming (from the contact) or outgoing (from the account's owner via the phone app) */
	const message = (
		c: StoredChat,
		minutes: number,
		fromMe: boolean,
		text: string,
		from?: { name: string; phone: string },
	): void => {
		const a = account(c.whatsapp_account_id);
		const contact = from ?? { name: c.name, phone: c.phone };
		const time = BASE + minutes * MINUTE;
		const status = fromMe ? 'Read' : 'Delivered';
		messages.push({
			uid: seedUid(seq),
			seq: seq++,
			chat_id: c.id,
			time,
			received: time + 1000,
			message_type: 'whatsapp',
			from_me: fromMe,
			sender_phone: fromMe ? a.phone : contact.phone,
			sender_name: fromMe ? a.owner_name : contact.name,
			recipient_phone: fromMe ? c.phone : a.phone,
			recipient_name: fromMe ? c.name : a.owner_name,
			status,
			status_history: fromMe
				? [
						{ status: 'Sent', time },
						{ status: 'Delivered', time: time + 2000 },
						{ status: 'Read', time: time + MINUTE },
					]
				: [{ status, time }],
			origin: 'WhatsApp',
			text,
			file_uids: [],
			// Typed on the phone and synced: "empty string for messages not created by a member" (spec).
			created_by: '',
		});
	};

	const ana = chat({
		id: 1,
		name: 'Ana Silva',
		phone: '+351912345678',
		is_group: false,
		whatsapp_account_id: sales.id,
		responsible: sales.owner_email,
		labels: ['Prospect'],
	});
	message(ana, 0, false, 'Olá! I saw your catalogue — do you ship to Portugal?');
	message(ana, 4, true, 'Hi Ana, yes we do: 3–5 working days to Lisbon.');
	message(ana, 9, false, 'Great, could you send me a quote for 200 units?');
	message(ana, 24 * 60 + 15, true, 'Quote sent by email — let me know if anything is unclear.');

	// 65 messages: more than one page (50) of history.
	const ben = chat({
		id: 2,
		name: 'Ben Okafor',
		phone: '+2348031234567',
		is_group: false,
		whatsapp_account_id: sales.id,
		responsible: null,
	});
	for (let i = 0; i < 65; i += 1)
		message(ben, (2 * HOUR) / MINUTE + i * 7, i % 3 === 1, `Order follow-up ${i + 1}`);

	const tom = chat({
		id: 3,
		name: 'Tom Baker',
		phone: '+14155550123',
		is_group: false,
		whatsapp_account_id: support.id,
		responsible: null,
		read: false,
		unattended: true,
	});
	message(tom, 3 * 24 * 60, false, 'Hello, my parcel has not arrived yet.');

	const group = chat({
		id: 4,
		name: 'Silva Imports team',
		phone: '',
		is_group: true,
		whatsapp_account_id: sales.id,
		responsible: sales.owner_email,
		members: [
			{ name: 'Sam Sales', phone: sales.phone, role: 'admin' },
			{ name: 'Ana Silva', phone: '+351912345678', role: 'member' },
			{ name: 'Rui Costa', phone: '+351913000111', role: 'member' },
		],
	});
	message(group, 2 * 24 * 60, false, 'Welcome to the project group!', {
		name: 'Ana Silva',
		phone: '+351912345678',
	});
	message(group, 2 * 24 * 60 + 3, false, 'Thanks — first delivery is planned for Monday.', {
		name: 'Rui Costa',
		phone: '+351913000111',
	});
	message(group, 2 * 24 * 60 + 5, true, 'Perfect, we will confirm on Friday.');

	return {
		version: 1,
		accounts: [
			{ ...sales, account_name: 'Sandbox Sales', status: 'active', connected: BASE - 24 * HOUR },
			{
				...support,
				account_name: 'Sandbox Support',
				status: 'active',
				connected: BASE - 48 * HOUR,
			},
		],
		// The API token belongs to the first teammate (Alex Admin): GET /workspace/teammates/me.
		teammates: [
			{
				user_id: 1,
				email: 'alex.admin@sandbox.example',
				full_name: 'Alex Admin',
				role: 'admin',
				team: 'Default',
				created: BASE - 30 * 24 * HOUR,
			},
			{
				user_id: 2,
				email: sales.owner_email,
				full_name: sales.owner_name,
				role: 'member',
				team: 'Sales',
				created: BASE - 20 * 24 * HOUR,
			},
			{
				user_id: 3,
				email: support.owner_email,
				full_name: support.owner_name,
				role: 'member',
				team: 'Support',
				created: BASE - 20 * 24 * HOUR,
			},
		],
		templates: [
			template(1, 'Greeting', 'Hello! Thanks for contacting us — how can we help you today?', 3),
			template(
				2,
				'Follow-up',
				'Hi, just following up on our last conversation. Do you have any questions?',
				2,
			),
			template(
				3,
				'Business hours',
				'Our team is available Monday to Friday, 9:00–18:00 (UK time). We will reply as soon as we can.',
				1,
			),
		],
		chats,
		messages,
		files: [],
		webhooks: [],
		nextChatId: 1001,
		nextWebhookId: 1,
		nextSeq: seq,
		usage: { messages: 0, apiCalls: 0 },
	};
}
