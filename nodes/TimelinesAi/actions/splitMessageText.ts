/**
 * Cuts a text into parts of at most `maxLength` characters, in order, for a person who asked for a long
 * text to go out as several messages. Cuts after the last paragraph break, else line break, else space in
 * the second half of a part; a text with none there is cut at the limit (never inside a surrogate pair).
 */
export function splitMessageText(text: string, maxLength: number): string[] {
	const parts: string[] = [];
	let rest = text;
	while (rest.length > maxLength) {
		const window = rest.slice(0, maxLength);
		let cut = -1;
		for (const separator of ['\n\n', '\n', ' ']) {
			const at = window.lastIndexOf(separator);
			if (at >= maxLength / 2) {
				cut = at + separator.length;
				break;
			}
		}
		if (cut === -1)
			cut = /[\uD800-\uDBFF]/.test(window.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
		const part = rest.slice(0, cut).trimEnd();
		if (part) parts.push(part);
		rest = rest.slice(cut).trimStart();
	}
	if (rest) parts.push(rest);
	return parts;
}
