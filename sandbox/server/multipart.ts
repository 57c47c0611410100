/** One part of a multipart/form-data body. */
export interface MultipartPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

/** Minimal multipart/form-data parser (RFC 7578) — enough for Zoho attachment uploads. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!match) return [];
	const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
	const parts: MultipartPart[] = [];
	let start = body.indexOf(boundary);
	while (start !== -1) {
		const next = body.indexOf(boundary, start + boundary.length);
		if (next === -1) break;
		const chunk = body.subarray(start + boundary.length + 2, next - 2);
		const headerEnd = chunk.indexOf('\r\n\r\n');
		if (headerEnd !== -1) {
			const headers = chunk.subarray(0, headerEnd).toString('utf8');
			const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
			const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
			const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
			const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
			if (name !== undefined)
				parts.push({
					name,
					fileName,
					contentType: type,
					data: Buffer.from(chunk.subarray(headerEnd + 4)),
				});
		}
		start = next;
	}
	return parts;
}
