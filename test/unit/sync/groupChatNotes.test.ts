import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import { resetNoteWriteWatch } from '../../../nodes/shared/coordination/noteWriteWatch';
import {
	upsertDailyNote,
	type DailyNoteOptions,
	type DailyNoteTarget,
} from '../../../nodes/shared/sync/upsertDailyNote';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

beforeEach(() => resetNoteWriteWatch());

let fresh = 0;
// A fresh credential id per call: the note parts cache misses, so the day's notes are found by title in Zoho.
const target = (overrides: Partial<DailyNoteTarget>): DailyNoteTarget => ({
	credentialId: `group-notes-${fresh++}`,
	module: 'Leads',
	recordId: 'L-ana',
	day: '2026-03-05',
	contactName: 'Project Falcon',
	chatUrl: 'https://app.timelines.ai/chat/77/messages/',
	timeZone: 'UTC',
	kind: 'group',
	...overrides,
});
const options: DailyNoteOptions = {
	writeMode: 'readBeforeWrite',
	maxNoteLength: 32000,
	attachments: { upload: false, maxBytes: 0 },
};
const message = (uid: string, minute: number, extra: Partial<NoteMessage> = {}): NoteMessage => ({
	uid,
	timestamp: new Date(Date.UTC(2026, 2, 5, 10, minute)).toISOString(),
	direction: 'received',
	senderName: 'Ana Silva',
	senderPhone: '+447700900201',
	text: `hello ${uid}`,
	attachments: [],
	...extra,
});
const noDownload = async (): Promise<Buffer> => {
	throw new Error('no download expected');
};

describe('group chat notes on a participant record', () => {
	it("appends the group's messages to the group's note of the day, apart from the contact's own chat note", async () => {
		const zoho = new InMemoryZohoCrm();
		const write = async (t: DailyNoteTarget, m: NoteMessage) =>
			await upsertDailyNote(zoho, noDownload, t, [m], options);
		await write(target({}), message('g1', 1));
		await write(target({ kind: 'chat', contactName: 'Ana Silva' }), message('d1', 2));
		await write(
			target({}),
			message('g2', 3, {
				direction: 'sent',
				senderName: 'Sam Sales',
				senderPhone: '+447700900001',
			}),
		);
		await write(target({}), message('g1', 1)); // delivered again
		expect(zoho.notes.map((note) => note.Note_Title)).toEqual([
			'WhatsApp Group Project Falcon (05/03/2026)',
			'WhatsApp Chat with Ana Silva (05/03/2026)',
		]);
		const group = zoho.notes[0].Note_Content ?? '';
		expect(group.split('\n')[0]).toBe('WhatsApp group Project Falcon on 05/03/2026');
		// every line names its sender; each message once
		expect(group).toContain('[10:01] ← Ana Silva (+447700900201): hello g1');
		expect(group).toContain('[10:03] → Sam Sales (+447700900001): hello g2');
		expect(group.split('hello g1')).toHaveLength(2);
		expect(group).not.toContain('hello d1');
	});

	it('keeps one note per group when a record is in two groups', async () => {
		const zoho = new InMemoryZohoCrm();
		await upsertDailyNote(zoho, noDownload, target({}), [message('f1', 1)], options);
		await upsertDailyNote(
			zoho,
			noDownload,
			target({
				contactName: 'Project Eagle',
				chatUrl: 'https://app.timelines.ai/chat/78/messages/',
			}),
			[message('e1', 2)],
			options,
		);
		await upsertDailyNote(zoho, noDownload, target({}), [message('f2', 3)], options);
		expect(zoho.notes.map((note) => note.Note_Title)).toEqual([
			'WhatsApp Group Project Falcon (05/03/2026)',
			'WhatsApp Group Project Eagle (05/03/2026)',
		]);
		expect(zoho.notes[0].Note_Content).toContain('hello f2');
		expect(zoho.notes[1].Note_Content).not.toContain('hello f');
	});
});
