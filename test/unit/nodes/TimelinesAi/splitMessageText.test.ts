import { splitMessageText } from '../../../../nodes/TimelinesAi/actions/splitMessageText';

describe('splitting a long text into TimelinesAI-sized messages', () => {
	it('keeps a text at the limit whole', () => {
		expect(splitMessageText('a'.repeat(2000), 2000)).toEqual(['a'.repeat(2000)]);
	});

	it('cuts at the last paragraph break of the part, and every part fits', () => {
		const first = 'word '.repeat(300).trim();
		const second = 'next '.repeat(300).trim();
		const parts = splitMessageText(`${first}\n\n${second}`, 2000);
		expect(parts).toEqual([first, second]);
	});

	it('cuts a text without breaks at the limit, losing nothing', () => {
		const text = 'x'.repeat(4500);
		const parts = splitMessageText(text, 2000);
		expect(parts.map((part) => part.length)).toEqual([2000, 2000, 500]);
		expect(parts.join('')).toBe(text);
	});

	it('never cuts an emoji in half', () => {
		const parts = splitMessageText(`${'x'.repeat(1999)}😀tail`, 2000);
		expect(parts[0]).toBe('x'.repeat(1999));
		expect(parts[1]).toBe('😀tail');
	});
});
