import { markFreshRecord, takeFreshRecord } from '../../../nodes/shared/coordination/freshRecords';
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import {
	upsertDailyNote as upsertDailyNoteOrErrors,
	type DailyNoteOptions,
	type DailyNoteTarget,
} from '../../../nodes/shared/sync/upsertDailyNote';

/** The use case, with an item's own failure (an Error in its place) thrown: these tests expect none. */
async function upsertDailyNote(...args: Parameters<typeof upsertDailyNoteOrErrors>) {
	return (await upsertDailyNoteOrErrors(...args)).map((result) => {
		if (result instanceof Error) throw result;
		return result;
	});
}
import { resetNoteWriteWatch } from '../../../nodes/shared/coordination/noteWriteWatch';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

// Each test starts as a freshly started n8n process (no foreign write seen yet).
beforeEach(() => resetNoteWriteWatch());

let record = 0;
const target = (overrides: Partial<DailyNoteTarget> = {}): DailyNoteTarget => ({
	credentialId: 'cred',
	module: 'Leads',
	recordId: `L${record++}`,
	day: '2026-03-05',
	contactName: 'Ana Silva',
	chatUrl: 'https://app.timelines.ai/chat/1/messages/',
	timeZone: 'Europe/London',
	...overrides,
});
const options = (overrides: Partial<DailyNoteOptions> = {}): DailyNoteOptions => ({
	writeMode: 'readBeforeWrite',
	maxNoteLength: 32000,
	attachments: { upload: true, maxBytes: 1024 },
	...overrides,
});
const message = (uid: string, minute: number, extra: Partial<NoteMessage> = {}): NoteMessage => ({
	uid,
	timestamp: new Date(Date.UTC(2026, 2, 5, 10, minute)).toISOString(),
	direction: 'received',
	senderName: 'Ana Silva',
	text: `hello ${uid}`,
	attachments: [],
	...extra,
});
const noDownload = async (): Promise<Buffer> => {
	throw new Error('no download expected');
};
const uidCount = (content: string | null | undefined, uid: string) =>
	(content ?? '').split(`⟦m:${uid} `).length - 1;

describe('upsertDailyNote', () => {
	it('creates the day note titled with the contact and date, then appends to it instead of creating a second one', async () => {
		const zoho = new InMemoryZohoCrm();
		const t = target();
		await upsertDailyNote(zoho, noDownload, t, [message('m1', 1)], options());
		const [second] = await upsertDailyNote(zoho, noDownload, t, [message('m2', 2)], options());
		expect(zoho.notes).toHaveLength(1);
		expect(zoho.notes[0].Note_Title).toBe('WhatsApp Chat with Ana Silva (05/03/2026)');
		expect(zoho.notes[0].Note_Content).toContain('https://app.timelines.ai/chat/1/messages/');
		expect(second).toMatchObject({ noteId: zoho.notes[0].id, added: ['m2'], part: 1 });
	});

	it('starts a new note for the next day', async () => {
		const zoho = new InMemoryZohoCrm();
		const t = target();
		await upsertDailyNote(zoho, noDownload, t, [message('m1', 1)], options());
		await upsertDailyNote(
			zoho,
			noDownload,
			{ ...t, day: '2026-03-06' },
			[message('m2', 2)],
			options(),
		);
		expect(zoho.notes.map((n) => n.Note_Title)).toEqual([
			'WhatsApp Chat with Ana Silva (05/03/2026)',
			'WhatsApp Chat with Ana Silva (06/03/2026)',
		]);
	});

	it('writes a message delivered three times exactly once', async () => {
		const zoho = new InMemoryZohoCrm();
		const t = target();
		for (let i = 0; i < 3; i++)
			await upsertDailyNote(zoho, noDownload, t, [message('dup', 1)], options());
		expect(uidCount(zoho.notes[0].Note_Content, 'dup')).toBe(1);
	});

	it('keeps all 20 lines when 20 executions append to the same note at once, in fewer writes', async () => {
		for (const writeMode of ['readBeforeWrite', 'conditionalWrite'] as const) {
			const zoho = new InMemoryZohoCrm();
			const t = target();
			const results = await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					upsertDailyNote(zoho, noDownload, t, [message(`c${i}`, i)], options({ writeMode })),
				),
			);
			expect(zoho.notes).toHaveLength(1);
			for (let i = 0; i < 20; i++) expect(uidCount(zoho.notes[0].Note_Content, `c${i}`)).toBe(1);
			expect(
				results
					.flat()
					.flatMap((r) => r.added)
					.sort(),
			).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`).sort());
			expect(zoho.callCount).toBeLessThan(20);
		}
	});

	it('does not lose a line written by another process in conditional write mode (412 → re-read → merge)', async () => {
		const zoho = new InMemoryZohoCrm();
		const t = target();
		await upsertDailyNote(
			zoho,
			noDownload,
			t,
			[message('a', 1)],
			options({ writeMode: 'conditionalWrite' }),
		);
		// Another writer (another n8n process or a human) edits the note behind our cache.
		await zoho.updateNote(zoho.notes[0].id, `${zoho.notes[0].Note_Content}\nhuman remark`, {});
		await upsertDailyNote(
			zoho,
			noDownload,
			t,
			[message('b', 2)],
			options({ writeMode: 'conditionalWrite' }),
		);
		expect(zoho.notes[0].Note_Content).toContain('human remark');
		expect(
			uidCount(zoho.notes[0].Note_Content, 'a') + uidCount(zoho.notes[0].Note_Content, 'b'),
		).toBe(2);
	});

	it('rolls over to a continuation note at the max length, also when Zoho reports a smaller limit', async () => {
		const zoho = new InMemoryZohoCrm();
		zoho.maxNoteLength = 400;
		const t = target();
		for (let i = 0; i < 8; i++)
			await upsertDailyNote(
				zoho,
				noDownload,
				t,
				[message(`r${i}`, i, { text: 'x'.repeat(80) })],
				options({ maxNoteLength: 1000 }),
			);
		expect(zoho.notes.map((n) => n.Note_Title)).toEqual(
			expect.arrayContaining([
				'WhatsApp Chat with Ana Silva (05/03/2026)',
				'WhatsApp Chat with Ana Silva (05/03/2026) (2)',
			]),
		);
		for (const note of zoho.notes)
			expect((note.Note_Content ?? '').length).toBeLessThanOrEqual(400);
		for (let i = 0; i < 8; i++)
			expect(zoho.notes.reduce((n, note) => n + uidCount(note.Note_Content, `r${i}`), 0)).toBe(1);
	});

	it('uploads an attachment once even when the message is delivered twice', async () => {
		const zoho = new InMemoryZohoCrm();
		const t = target();
		const file = {
			filename: 'photo.jpg',
			url: 'http://127.0.0.1/files/photo.jpg',
			size: 4,
			mimetype: 'image/jpeg',
		};
		let downloads = 0;
		const download = async () => {
			downloads += 1;
			return Buffer.from('JPEG');
		};
		const [first] = await upsertDailyNote(
			zoho,
			download,
			t,
			[message('f1', 1, { attachments: [file] })],
			options(),
		);
		const [second] = await upsertDailyNote(
			zoho,
			download,
			t,
			[message('f1', 1, { attachments: [file] })],
			options(),
		);
		expect(zoho.notes[0].attachments).toHaveLength(1);
		expect([first.attachmentsUploaded, second.attachmentsUploaded, downloads]).toEqual([1, 0, 1]);
	});

	it('skips an attachment over the size limit with a reason and keeps its link in the note', async () => {
		const zoho = new InMemoryZohoCrm();
		const file = { filename: 'big.mp4', url: 'http://127.0.0.1/files/big.mp4', size: 5000 };
		const [result] = await upsertDailyNote(
			zoho,
			noDownload,
			target(),
			[message('b1', 1, { attachments: [file] })],
			options(),
		);
		expect(result.attachmentsSkipped).toEqual([
			{ filename: 'big.mp4', reason: expect.stringContaining('1024-byte limit') },
		]);
		expect(zoho.notes[0].Note_Content).toContain('http://127.0.0.1/files/big.mp4');
	});

	it('uploads at most the per-message cap of files; the rest are named, never downloaded', async () => {
		const zoho = new InMemoryZohoCrm();
		const files = Array.from({ length: 5 }, (_, i) => ({
			filename: `f${i}.txt`,
			url: `http://127.0.0.1/files/f${i}.txt`,
			size: 2,
		}));
		const downloaded: string[] = [];
		const download = async (url: string) => {
			downloaded.push(url);
			return Buffer.from('ok');
		};
		const [result] = await upsertDailyNote(
			zoho,
			download,
			target(),
			[message('c1', 1, { attachments: files })],
			options({ attachments: { upload: true, maxBytes: 1024, maxPerMessage: 2 } }),
		);
		expect(downloaded).toEqual(['http://127.0.0.1/files/f0.txt', 'http://127.0.0.1/files/f1.txt']);
		expect(result.attachmentsUploaded).toBe(2);
		expect(result.attachmentsSkipped.map((skip) => skip.filename)).toEqual([
			'f2.txt',
			'f3.txt',
			'f4.txt',
		]);
		expect(result.attachmentsSkipped[0].reason).toMatch(/limit of 2 attachments per message/);
		expect(zoho.notes[0].Note_Content).toContain('f4.txt');
	});
});

describe('a record this process has just created', () => {
	it('gets its first note without a list call; a retry after a failed write lists the notes again', async () => {
		const zoho = new InMemoryZohoCrm();
		const t = target();
		const listed = jest.spyOn(zoho, 'listRecordNotes');
		markFreshRecord(t.credentialId, t.module, t.recordId);
		const createNote = jest
			.spyOn(zoho, 'createNote')
			.mockRejectedValueOnce(new Error('socket hang up'));
		await expect(
			upsertDailyNote(zoho, noDownload, t, [message('m1', 1)], options()),
		).rejects.toThrow('socket hang up');
		expect(listed).not.toHaveBeenCalled();
		createNote.mockRestore();
		await upsertDailyNote(zoho, noDownload, t, [message('m1', 1)], options());
		expect(listed).toHaveBeenCalledTimes(1);
		expect(zoho.notes).toHaveLength(1);
	});

	it('is fresh once, and only for ten minutes', () => {
		markFreshRecord('c', 'Leads', '1', 0);
		expect(takeFreshRecord('c', 'Leads', '1', 1000)).toBe(true);
		expect(takeFreshRecord('c', 'Leads', '1', 1000)).toBe(false);
		markFreshRecord('c', 'Leads', '2', 0);
		expect(takeFreshRecord('c', 'Leads', '2', 10 * 60_000)).toBe(false);
	});
});
