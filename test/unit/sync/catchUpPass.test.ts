import { readNoteMessage } from '../../../nodes/shared/domain/syncItem';
import type { CatchUpSettings, CatchUpState } from '../../../nodes/shared/sync/catchUpPass';
import {
	RECHECK_AFTER_PASSES,
	RECHECK_PASSES,
	readCatchUpState,
	runCatchUpPass,
} from '../../../nodes/shared/sync/catchUpPass';

const LAST_RECHECK = RECHECK_AFTER_PASSES[RECHECK_AFTER_PASSES.length - 1];
import { InMemoryHistory } from './catchUpSource';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const MIN = 60_000;
const settings: CatchUpSettings = {
	lookBackMinutes: 60,
	minAgeSeconds: 120,
	maxMessages: 500,
	filter: { includeGroupChats: false, includeOutgoing: true, whatsappAccounts: [] },
};

/** The state after the passes that read emitting chats again have run (nothing changed meanwhile). */
async function afterRechecks(
	history: InMemoryHistory,
	state: CatchUpState,
	now: number,
): Promise<CatchUpState> {
	let current = state;
	for (let pass = 0; pass < LAST_RECHECK; pass++)
		current = (await runCatchUpPass(history, current, settings, now)).state;
	return current;
}

describe('a catch-up pass', () => {
	it('emits the settled WhatsApp messages of the look-back, oldest first, as the trigger emits them', async () => {
		const history = new InMemoryHistory();
		history.add(1, 'm-old', NOW - 90 * MIN); // before the look-back
		history.add(1, 'm-1', NOW - 30 * MIN);
		history.add(2, 'm-2', NOW - 40 * MIN, { fromMe: true, text: 'sent by the team' });
		history.add(2, 'note-1', NOW - 20 * MIN, { messageType: 'note' });
		history.add(1, 'm-3', NOW - 10 * MIN, {
			attachments: [{ url: 'https://files.example/x', filename: 'x.pdf' }],
		});

		const pass = await runCatchUpPass(history, { chats: {} }, settings, NOW);

		expect(pass.items.map((item) => item.message.uid)).toEqual(['m-2', 'm-1', 'm-3']);
		const sent = pass.items[0];
		expect(sent.event).toBe('message:new');
		expect(sent.message).toMatchObject({
			chatId: 2,
			direction: 'sent',
			chatPhone: '+447700901002',
			contactPhone: '+447700901002',
			isGroup: false,
			whatsappAccount: {
				name: 'Olivia Owner',
				email: 'olivia@example.com',
				phone: '+447700900001',
			},
		});
		// What the Zoho nodes read back from the item.
		expect(readNoteMessage(pass.items[2].message)).toMatchObject({
			uid: 'm-3',
			direction: 'received',
			attachments: [{ filename: 'x.pdf', url: 'https://files.example/x' }],
		});
		expect(pass.stats).toMatchObject({ chatsListed: 2, chatsRead: 2, emitted: 3 });
	});

	it('with nothing new reads one chats page and nothing else', async () => {
		const history = new InMemoryHistory();
		history.add(1, 'm-1', NOW - 30 * MIN);
		history.add(2, 'm-2', NOW - 20 * MIN);
		const first = await runCatchUpPass(history, { chats: {} }, settings, NOW);
		const settled = await afterRechecks(history, first.state, NOW);
		history.calls.length = 0;

		const second = await runCatchUpPass(history, settled, settings, NOW + MIN);

		expect(second.items).toEqual([]);
		expect(history.calls).toEqual(['chats 1']);
		expect(second.stats.requests).toBe(1);
	});

	it('reads again only the chat whose last message changed', async () => {
		const history = new InMemoryHistory();
		history.add(1, 'm-1', NOW - 30 * MIN);
		history.add(2, 'm-2', NOW - 20 * MIN);
		const first = await runCatchUpPass(history, { chats: {} }, settings, NOW);
		const settled = await afterRechecks(history, first.state, NOW);
		history.add(2, 'm-4', NOW - 5 * MIN);
		history.calls.length = 0;

		const second = await runCatchUpPass(history, settled, settings, NOW);

		expect(history.calls).toEqual(['chats 1', 'messages 2', 'accounts']);
		// The whole look-back of that chat: m-2 again too (the sync log drops it before Zoho).
		expect(second.items.map((item) => item.message.uid)).toEqual(['m-2', 'm-4']);
	});

	it('stops listing chats at the first one older than the look-back', async () => {
		const history = new InMemoryHistory();
		for (let chat = 1; chat <= 120; chat++) history.add(chat, `m-${chat}`, NOW - (chat + 5) * MIN);
		const pass = await runCatchUpPass(history, { chats: {} }, settings, NOW);
		// Chats 1..55 are within 60 minutes: two pages, not three.
		expect(history.calls.filter((call) => call.startsWith('chats'))).toEqual([
			'chats 1',
			'chats 2',
		]);
		expect(pass.stats.chatsListed).toBe(55);
		expect(pass.items).toHaveLength(55);
	});

	it('walks a busy chat back by cursor', async () => {
		const history = new InMemoryHistory();
		for (let i = 0; i < 120; i++) history.add(1, `m-${i}`, NOW - 50 * MIN + i * 10_000);
		const pass = await runCatchUpPass(history, { chats: {} }, settings, NOW);
		expect(history.calls).toEqual([
			'chats 1',
			'messages 1',
			'messages 1 before m-70',
			'messages 1 before m-20',
			'accounts',
		]);
		expect(new Set(pass.items.map((item) => item.message.uid)).size).toBe(120);
	});

	it('leaves messages younger than the minimum age, and reads their chat again next time', async () => {
		const history = new InMemoryHistory();
		history.add(1, 'm-1', NOW - 10 * MIN);
		history.add(1, 'm-young', NOW - 30_000);
		const first = await runCatchUpPass(history, { chats: {} }, settings, NOW);
		expect(first.items.map((item) => item.message.uid)).toEqual(['m-1']);
		expect(first.state.chats).toEqual({});

		const later = await runCatchUpPass(history, first.state, settings, NOW + 3 * MIN);
		expect(later.items.map((item) => item.message.uid)).toEqual(['m-1', 'm-young']);
		expect(later.state.chats).toEqual({ '1': 'm-young' });
	});

	it('applies the trigger filters: no group chats (not even read), outgoing and accounts as set', async () => {
		const history = new InMemoryHistory();
		history.add(1, 'group-1', NOW - 10 * MIN, {}, { isGroup: true, phone: '' });
		history.add(2, 'out-1', NOW - 10 * MIN, { fromMe: true });
		history.add(3, 'other-account', NOW - 10 * MIN, {}, { whatsappAccountId: 'acc-2' });
		history.accountList.push({ id: 'acc-2', phone: '+447700900002' });

		const pass = await runCatchUpPass(
			history,
			{ chats: {} },
			{
				...settings,
				filter: {
					includeGroupChats: false,
					includeOutgoing: false,
					whatsappAccounts: ['+447700900002'],
				},
			},
			NOW,
		);

		expect(pass.items.map((item) => item.message.uid)).toEqual(['other-account']);
		expect(history.calls).not.toContain('messages 1');
	});

	it('stops reading chats after Max Messages and leaves the rest unread for the next pass', async () => {
		const history = new InMemoryHistory();
		for (let chat = 1; chat <= 5; chat++) {
			history.add(chat, `a-${chat}`, NOW - 30 * MIN);
			history.add(chat, `b-${chat}`, NOW - (20 + chat) * MIN);
		}
		const first = await runCatchUpPass(
			history,
			{ chats: {} },
			{ ...settings, maxMessages: 3 },
			NOW,
		);
		expect(first.items).toHaveLength(4); // two chats of two: a chat is never cut in half
		expect(first.stats.truncated).toBe(true);
		const second = await runCatchUpPass(history, first.state, { ...settings, maxMessages: 3 }, NOW);
		const third = await runCatchUpPass(history, second.state, { ...settings, maxMessages: 3 }, NOW);
		const all = [...first.items, ...second.items, ...third.items].map((item) => item.message.uid);
		expect(new Set(all).size).toBe(10);
	});

	it('reads a chat again 1, 2, 4 and 8 passes after emitting its messages, though nothing changed', async () => {
		// n8n saves the state when a pass emits, before the execution runs: if that execution dies (n8n
		// killed) or the item fails in Zoho, only a new read brings the message back (the sync log drops it
		// once written).
		const history = new InMemoryHistory();
		history.add(1, 'm-1', NOW - 30 * MIN);
		const first = await runCatchUpPass(history, { chats: {} }, settings, NOW);
		expect(first.items.map((item) => item.message.uid)).toEqual(['m-1']);

		// Read again 1, 2, 4 and 8 passes later (a longer outage is still caught), and not in between.
		let state = first.state;
		const readOn: number[] = [];
		for (let pass = 1; pass <= LAST_RECHECK + 2; pass++) {
			history.calls.length = 0;
			const again = await runCatchUpPass(history, state, settings, NOW + pass * MIN);
			if (history.calls.includes('messages 1')) {
				readOn.push(pass);
				expect(again.items.map((item) => item.message.uid)).toEqual(['m-1']);
			} else {
				expect(again.items).toEqual([]);
				expect(history.calls).toEqual(['chats 1']);
			}
			state = again.state;
		}
		expect(readOn).toEqual([...RECHECK_AFTER_PASSES]);
		expect(RECHECK_PASSES).toBe(4);
		history.calls.length = 0;
		const quiet = await runCatchUpPass(history, state, settings, NOW + 20 * MIN);
		expect(quiet.items).toEqual([]);
		expect(history.calls).toEqual(['chats 1']);

		// A new message starts the re-reads over.
		history.add(1, 'm-2', NOW + 5 * MIN);
		const next = await runCatchUpPass(history, quiet.state, settings, NOW + 21 * MIN);
		expect(next.items.map((item) => item.message.uid)).toEqual(['m-1', 'm-2']);
		expect(next.state.recheck).toEqual({ '1': 0 });
	});

	it('reads a chat with a failed message on every pass, past its re-reads, until the message lands', async () => {
		// A Zoho outage longer than the re-reads: the emitted message fails again on each of them.
		const history = new InMemoryHistory();
		history.add(1, 'm-1', NOW - 30 * MIN);
		history.add(2, 'n-1', NOW - 25 * MIN);
		let state = (await runCatchUpPass(history, { chats: {} }, settings, NOW)).state;
		state = await afterRechecks(history, state, NOW + MIN);
		const failed = new Set(['1']);
		for (let pass = 1; pass <= LAST_RECHECK + 3; pass++) {
			history.calls.length = 0;
			const again = await runCatchUpPass(history, state, settings, NOW + (10 + pass) * MIN, failed);
			expect(again.items.map((item) => item.message.uid)).toEqual(['m-1']);
			expect(history.calls).toContain('messages 1');
			expect(history.calls).not.toContain('messages 2');
			state = again.state;
		}
		// Zoho is back, the message landed: the chat's remaining re-reads run out as after any emission.
		const landed = await afterRechecks(history, state, NOW + 20 * MIN);
		history.calls.length = 0;
		const quiet = await runCatchUpPass(history, landed, settings, NOW + 21 * MIN, new Set());
		expect(quiet.items).toEqual([]);
		expect(history.calls).toEqual(['chats 1']);
	});

	it('keeps the re-reads of a chat Max Messages left unread', async () => {
		const history = new InMemoryHistory();
		history.add(1, 'a-1', NOW - 30 * MIN);
		history.add(2, 'b-1', NOW - 20 * MIN);
		const state = { chats: { '1': 'a-1', '2': 'b-1' }, recheck: { '1': 1, '2': 1 } };
		const pass = await runCatchUpPass(history, state, { ...settings, maxMessages: 1 }, NOW);
		expect(pass.items.map((item) => item.message.uid)).toEqual(['b-1']);
		// Chat 2 was read on its second re-read pass (next: the fourth); chat 1 waits for the next pass.
		expect(pass.state.recheck).toEqual({ '1': 1, '2': 2 });
		expect(pass.state.chats).toEqual({ '1': 'a-1', '2': 'b-1' });
	});

	it('reads its remembered state defensively', () => {
		expect(readCatchUpState(undefined)).toEqual({ chats: {}, recheck: {} });
		expect(
			readCatchUpState({
				chats: { '1': 'm-1', '2': 7 },
				recheck: { '1': 1, '2': 'x', '3': 0, '4': 99, '5': 1.5 },
			}),
		).toEqual({ chats: { '1': 'm-1' }, recheck: { '1': 1, '3': 0 } });
	});
});
