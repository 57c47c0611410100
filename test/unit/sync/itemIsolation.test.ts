// One message's own failure inside a group commit (its attachment cannot be downloaded) fails that message
// only: the others written by the same commit succeed, and every line is in the note.
import type { NoteMessage } from '../../../nodes/shared/domain/noteContent';
import { upsertDailyNote } from '../../../nodes/shared/sync/upsertDailyNote';
import { InMemoryZohoCrm } from './inMemoryZohoCrm';

const message = (uid: string, attachments: NoteMessage['attachments'] = []): NoteMessage => ({
	uid,
	timestamp: new Date(Date.UTC(2026, 2, 5, 10, 1)).toISOString(),
	direction: 'received',
	senderName: 'Ana Silva',
	text: `hello ${uid}`,
	attachments,
});

it('fails only the message whose attachment cannot be downloaded; the batch is written', async () => {
	const zoho = new InMemoryZohoCrm();
	const download = async (url: string): Promise<Buffer> => {
		if (url.includes('broken')) throw new Error('download refused (HTTP 403)');
		return Buffer.from('ok');
	};
	const results = await upsertDailyNote(
		zoho,
		download,
		{
			credentialId: 'isolation',
			module: 'Leads',
			recordId: 'R-isolation',
			day: '2026-03-05',
			contactName: 'Ana Silva',
			chatUrl: '',
			timeZone: 'Europe/London',
		},
		[
			message('good', [{ filename: 'a.jpg', url: 'http://127.0.0.1/a.jpg', size: 2 }]),
			message('bad', [{ filename: 'b.jpg', url: 'http://127.0.0.1/broken.jpg', size: 2 }]),
			message('plain'),
		],
		{
			writeMode: 'readBeforeWrite',
			maxNoteLength: 32000,
			attachments: { upload: true, maxBytes: 1024 },
		},
	);
	expect(results[0]).toMatchObject({ added: ['good'], attachmentsUploaded: 1 });
	expect(results[1]).toBeInstanceOf(Error);
	expect((results[1] as Error).message).toMatch(
		/in the note, but an attachment could not be uploaded: download refused \(HTTP 403\)/,
	);
	expect(results[2]).toMatchObject({ added: ['plain'] });
	for (const uid of ['good', 'bad', 'plain'])
		expect(zoho.notes[0].Note_Content).toContain(`⟦m:${uid} `);
});
