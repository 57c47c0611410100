import type { IncomingMessage, ServerResponse } from 'node:http';

/** A response a sandbox handler wants sent: JSON body, raw bytes, or nothing (e.g. 204). */
export interface SandboxResponse {
	status: number;
	json?: unknown;
	raw?: { body: Buffer; contentType: string; fileName?: string };
	headers?: Record<string, string>;
}

export const MAX_BODY_BYTES = 110 * 1024 * 1024;

/** Reads the whole request body (the sandbox is local; a hard cap keeps a runaway client in check). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > MAX_BODY_BYTES) throw new Error('request body too large');
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}

export function send(res: ServerResponse, response: SandboxResponse): void {
	if (res.headersSent || res.destroyed) return;
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let body: Buffer | undefined;
	if (response.raw) {
		body = response.raw.body;
		headers['Content-Type'] = response.raw.contentType;
		if (response.raw.fileName)
			headers['Content-Disposition'] =
				`attachment; filename="${response.raw.fileName.replace(/["\\\r\n]/g, '_')}"`;
	} else if (response.json !== undefined && response.status !== 204) {
		body = Buffer.from(JSON.stringify(response.json));
		headers['Content-Type'] = 'application/json;charset=UTF-8';
	}
	headers['Content-Length'] = String(body?.length ?? 0);
	res.writeHead(response.status, headers);
	res.end(body);
}

export function jsonResponse(
	status: number,
	json: unknown,
	headers?: Record<string, string>,
): SandboxResponse {
	return { status, json, headers };
}

/** Parses a JSON body; undefined when empty, throws SyntaxError when malformed. */
export function parseJson(body: Buffer): unknown {
	const text = body.toString('utf8').trim();
	return text === '' ? undefined : (JSON.parse(text) as unknown);
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isLoopback(req: IncomingMessage): boolean {
	const address = req.socket.remoteAddress ?? '';
	return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
