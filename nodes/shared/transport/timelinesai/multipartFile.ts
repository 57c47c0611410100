/** A file to send as one multipart/form-data part named `file` (TimelinesAI `POST /files_upload`). */
export interface UploadableFile {
	filename: string;
	mimetype: string;
	data: Uint8Array;
}

/** Builds the multipart body by hand: n8n's request helper sends a Buffer as is, with our content type. */
export function multipartFile(file: UploadableFile): { body: Buffer; contentType: string } {
	const boundary = `----tlc${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const safeName = file.filename.replace(/["\r\n]/g, '_');
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${file.mimetype}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return {
		body: Buffer.concat([head, Buffer.from(file.data), tail]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}
