// Every string that reaches the chat page passes through here: WhatsApp text, contact names, file names,
// template texts and Zoho field values are attacker-controlled (anyone can message a WhatsApp number).
// Escaping the five characters below makes a string inert both in element content and in double- or
// single-quoted attribute values (OWASP XSS prevention cheat sheet, rules #1 and #2).
const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export function escapeHtml(value: string | number | undefined | null): string {
	if (value === undefined || value === null) return '';
	return String(value).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * JSON for a `<script type="application/json">` block. `</script>` (any case), `<!--` and U+2028/2029 are
 * neutralised by escaping `<`, `>` and `&` as \\u escapes, which JSON.parse reads back unchanged.
 */
export function jsonForScriptBlock(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}
