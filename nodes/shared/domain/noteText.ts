/*
 * What a daily note may show of an untrusted value (WhatsApp text, names, phones, filenames, links). A
 * customer must not be able to start a line of their own in the note: Zoho shows a lone CR, NEL (U+0085),
 * LS/PS (U+2028/2029), VT and FF as line breaks too (https://www.unicode.org/reports/tr14/ , class BK/CR/LF/NL),
 * so every one of them becomes the continuation indent in text and a space in single-line fields. The
 * marker brackets ⟦ ⟧ are the pack's own and are removed from every value.
 */

/** Every line break Unicode knows: LF, VT, FF, CR, NEL, LS, PS. */
const isLineBreak = (code: number) =>
	(code >= 0x0a && code <= 0x0d) || code === 0x85 || code === 0x2028 || code === 0x2029;
/** C0 controls other than TAB and the breaks, DEL, and C1 controls other than NEL. */
const isControl = (code: number) =>
	(code <= 0x1f && code !== 0x09 && !isLineBreak(code)) ||
	(code >= 0x7f && code <= 0x9f && code !== 0x85);

/** The value with each line break (CR LF counted once) and each control character replaced, ⟦ ⟧ removed. */
function replaced(value: string, lineBreak: string, control: string): string {
	let out = '';
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code === 0x0d && value.charCodeAt(i + 1) === 0x0a) continue; // the LF that follows stands for both
		if (isLineBreak(code)) out += lineBreak;
		else if (isControl(code)) out += control;
		else if (value[i] !== '⟦' && value[i] !== '⟧') out += value[i];
	}
	return out;
}

/** How a message's second and later lines start: indented, so they never read as a message of their own. */
export const CONTINUATION_INDENT = '    ';

/** Longest name, phone or filename shown (a customer chooses their WhatsApp name). */
export const SINGLE_LINE_MAX_LENGTH = 200;
/** Longest link shown; TimelinesAI's signed download links are well below it. */
export const URL_MAX_LENGTH = 4096;

/** Message text: each line break becomes a new line with the continuation indent. */
export function noteText(value: string): string {
	return replaced(value, `\n${CONTINUATION_INDENT}`, ' ');
}

/** A name, phone or filename: on one line, breaks and controls as spaces, at most `maxLength` characters. */
export function noteSingleLine(value: string, maxLength = SINGLE_LINE_MAX_LENGTH): string {
	const line = replaced(value, ' ', ' ').replace(/\t/g, ' ').replace(/ {2,}/g, ' ').trim();
	return line.length <= maxLength ? line : `${withoutBrokenEnd(line.slice(0, maxLength - 1))}…`;
}

/**
 * A link as the note may show it: a single-line http(s) URL, else undefined (the caller says the link was
 * left out). Refused rather than cleaned: a URL with a break or a control character in it is not a link
 * TimelinesAI sent, and WHATWG URL parsing would silently drop the break (https://url.spec.whatwg.org/#concept-basic-url-parser).
 */
export function noteUrl(value: string): string | undefined {
	const url = value.trim();
	if (url === '' || url.length > URL_MAX_LENGTH) return undefined;
	if (/[\s⟦⟧]/.test(url) || replaced(url, '', '') !== url) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/** Drops a high surrogate left at the end by a cut, so no half emoji reaches the note. */
export function withoutBrokenEnd(text: string): string {
	const last = text.charCodeAt(text.length - 1);
	return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}
