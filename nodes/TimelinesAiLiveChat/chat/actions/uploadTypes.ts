// Upload types: the node's option and what a viewer's upload claims are both held to RFC 6838's grammar
// (https://www.rfc-editor.org/rfc/rfc6838#section-4.2): `type/subtype`, each a restricted-name of 1–127
// characters. No parameters, spaces, quotes or line breaks: the type goes into the Content-Type header of a
// multipart part sent to TimelinesAI, where a CR/LF would start a header of the viewer's choosing.

const RESTRICTED_NAME = '[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}';
const MIME_TYPE = new RegExp(`^${RESTRICTED_NAME}/${RESTRICTED_NAME}$`);
/** What the option may list: a type, `type/*`, or `*` + `/*` for any well-formed type. */
const UPLOAD_TYPE_PATTERN = new RegExp(
	`^(?:\\*/\\*|${RESTRICTED_NAME}/(?:\\*|${RESTRICTED_NAME}))$`,
);

export function isMimeType(value: string): boolean {
	return MIME_TYPE.test(value);
}

/** The comma-separated option, lower-cased; entries that are not a type or a pattern come back as invalid. */
export function parseAllowedUploadTypes(text: string): { types: string[]; invalid: string[] } {
	const entries = text
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	return {
		types: entries
			.filter((entry) => UPLOAD_TYPE_PATTERN.test(entry))
			.map((entry) => entry.toLowerCase()),
		invalid: entries.filter((entry) => !UPLOAD_TYPE_PATTERN.test(entry)),
	};
}

/** Whether an upload's type is well formed and matches one of the allowed types or patterns. */
export function isAllowedUploadType(mimetype: string, allowed: string[]): boolean {
	if (!isMimeType(mimetype)) return false;
	const type = mimetype.toLowerCase();
	return allowed.some((pattern) => {
		const wanted = pattern.toLowerCase();
		if (wanted === '*/*') return true;
		return wanted.endsWith('/*') ? type.startsWith(wanted.slice(0, -1)) : wanted === type;
	});
}
