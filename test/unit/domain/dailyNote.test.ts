import {
	assertTimeZone,
	dailyNoteDay,
	dailyNoteTitle,
	InvalidTimeZoneError,
	NOTE_TITLE_MAX_LENGTH,
	dailyNotePart,
	parseDailyNoteTitle,
	shortenText,
} from '../../../nodes/shared/domain/dailyNote';

describe('dailyNoteDay', () => {
	it('puts 23:30 UTC on the next day in Asia/Dubai and the same day in London', () => {
		expect(dailyNoteDay('2026-11-24T23:30:00Z', 'Asia/Dubai')).toBe('2026-11-25');
		expect(dailyNoteDay('2026-11-24T23:30:00Z', 'Europe/London')).toBe('2026-11-24');
	});

	it('uses the offset of a timestamp that carries one and accepts dates and epoch milliseconds', () => {
		expect(dailyNoteDay('2026-11-25T01:00:00+03:00', 'UTC')).toBe('2026-11-24');
		expect(dailyNoteDay(new Date(Date.UTC(2026, 0, 1, 4)), 'America/New_York')).toBe('2025-12-31');
		expect(dailyNoteDay(Date.UTC(2026, 0, 1, 12), 'Pacific/Kiritimati')).toBe('2026-01-02');
	});

	it('names an unknown time zone and a bad timestamp', () => {
		expect(() => dailyNoteDay('2026-11-24T10:00:00Z', 'Mars/Olympus')).toThrow(
			InvalidTimeZoneError,
		);
		expect(() => assertTimeZone('Europe/Londn')).toThrow(
			'Time zone "Europe/Londn" is not an IANA time zone',
		);
		expect(() => dailyNoteDay('yesterday', 'UTC')).toThrow(
			'Timestamp "yesterday" is not a valid date',
		);
	});
});

describe('dailyNoteTitle', () => {
	it('formats the seed title with DD/MM/YYYY', () => {
		expect(dailyNoteTitle('Ana Silva', '2026-03-05')).toBe(
			'WhatsApp Chat with Ana Silva (05/03/2026)',
		);
	});

	it('numbers continuation notes and tidies the name', () => {
		expect(dailyNoteTitle('  Ana \n Silva ', '2026-03-05', 2)).toBe(
			'WhatsApp Chat with Ana Silva (05/03/2026) (2)',
		);
		expect(dailyNoteTitle('', '2026-03-05')).toBe(
			'WhatsApp Chat with Unknown contact (05/03/2026)',
		);
	});

	it('shortens a long name so the title stays within the limit (120 by default), part number included', () => {
		const name = `${'Alexandria'.repeat(10)} Longname`;
		const title = dailyNoteTitle(name, '2026-03-05', 12);
		expect(title).toHaveLength(NOTE_TITLE_MAX_LENGTH);
		expect(title).toMatch(/^WhatsApp Chat with Alexandria.*… \(05\/03\/2026\) \(12\)$/);
		expect(parseDailyNoteTitle(title)).toMatchObject({ day: '2026-03-05', part: 12 });
		expect(dailyNoteTitle(name, '2026-03-05', 1, 255)).toBe(
			`WhatsApp Chat with ${name} (05/03/2026)`,
		);
		// A name that fits is kept whole.
		expect(dailyNoteTitle('Ana Silva', '2026-03-05', 1, 45)).toHaveLength(41);
	});

	it('never splits a surrogate pair when shortening', () => {
		expect(shortenText('ab😀cd', 4)).toBe('ab…');
		expect(shortenText('ab😀cd', 5)).toBe('ab😀…');
		expect(shortenText('short', 5)).toBe('short');
	});

	it('refuses a day that is not an ISO date', () => {
		expect(() => dailyNoteTitle('Ana', '05/03/2026')).toThrow(
			'Day "05/03/2026" is not an ISO date',
		);
	});

	it('parses its own titles back, and nothing else', () => {
		expect(parseDailyNoteTitle(dailyNoteTitle('Ana (work)', '2026-03-05', 3))).toEqual({
			kind: 'chat',
			name: 'Ana (work)',
			day: '2026-03-05',
			part: 3,
		});
		expect(parseDailyNoteTitle('WhatsApp Chat with Ana (05/03/2026)')).toEqual({
			kind: 'chat',
			name: 'Ana',
			day: '2026-03-05',
			part: 1,
		});
		expect(parseDailyNoteTitle('Call notes')).toBeUndefined();
	});
});

describe('group chat notes', () => {
	it("titles a group's note with the group's name and parses it back as a group note", () => {
		const title = dailyNoteTitle('Project  Falcon', '2026-03-05', 1, undefined, 'group');
		expect(title).toBe('WhatsApp Group Project Falcon (05/03/2026)');
		expect(parseDailyNoteTitle(title)).toEqual({
			kind: 'group',
			name: 'Project Falcon',
			day: '2026-03-05',
			part: 1,
		});
		expect(dailyNoteTitle('', '2026-03-05', 2, undefined, 'group')).toBe(
			'WhatsApp Group Unnamed group (05/03/2026) (2)',
		);
	});

	it("finds a group's note of the day by its group, never a chat note or another group's", () => {
		const falcon = { kind: 'group' as const, name: 'Project Falcon', day: '2026-03-05' };
		expect(dailyNotePart('WhatsApp Group Project Falcon (05/03/2026) (2)', falcon)).toBe(2);
		expect(dailyNotePart('WhatsApp Group Project Eagle (05/03/2026)', falcon)).toBeUndefined();
		expect(dailyNotePart('WhatsApp Chat with Project Falcon (05/03/2026)', falcon)).toBeUndefined();
		expect(dailyNotePart('WhatsApp Group Project Falcon (06/03/2026)', falcon)).toBeUndefined();
		const chat = { kind: 'chat' as const, name: 'Ana', day: '2026-03-05' };
		// A chat note is the contact's whatever name it was written with (names change).
		expect(dailyNotePart('WhatsApp Chat with Ana Silva (05/03/2026)', chat)).toBe(1);
		expect(dailyNotePart('WhatsApp Group Ana (05/03/2026)', chat)).toBeUndefined();
	});

	it('finds the note of a group whose long name was shortened in the title', () => {
		const name = `${'Very Long Group Name '.repeat(8)}End`;
		const title = dailyNoteTitle(name, '2026-03-05', 1, undefined, 'group');
		expect(title).toHaveLength(NOTE_TITLE_MAX_LENGTH);
		expect(dailyNotePart(title, { kind: 'group', name, day: '2026-03-05' })).toBe(1);
	});
});
