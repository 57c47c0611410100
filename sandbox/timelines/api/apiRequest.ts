// One call to the TimelinesAI API stand-in: its path parameters, query, body, and the readers every
// operation uses (validation errors are 400 `validation_error`, unknown ids 404 `not_found`, as the spec's
// ErrorResponse says).
import { isObject, parseJson } from '../../server/http';
import type { SandboxResponse } from '../../server/http';
import { badRequest, notFound } from '../timelinesApiError';
import type { TimelinesSandbox } from '../timelinesSandbox';
import { parseTimelinesTime } from '../timelinesTime';
import type { StoredChat, StoredFile, StoredMessage, StoredWebhook } from '../timelinesTypes';

export const ok = (data: unknown): SandboxResponse => ({
	status: 200,
	json: { status: 'ok', data },
});
/** SimpleOKResponse: answers without data (DELETE). */
export const done = (message: string): SandboxResponse => ({
	status: 200,
	json: { status: 'ok', message },
});

function hasNul(value: unknown): boolean {
	if (typeof value === 'string') return value.includes('\u0000');
	if (Array.isArray(value)) return value.some(hasNul);
	if (isObject(value)) return Object.values(value).some(hasNul);
	return false;
}

export class ApiRequest {
	constructor(
		readonly sb: TimelinesSandbox,
		readonly method: string,
		readonly params: Record<string, string>,
		readonly query: URLSearchParams,
		readonly contentType: string,
		readonly body: Buffer,
	) {}

	/** The JSON body ({} when empty). "String fields must not contain the NUL character" (spec info). */
	json(): Record<string, unknown> {
		let parsed: unknown;
		try {
			parsed = parseJson(this.body);
		} catch {
			throw badRequest('Invalid JSON body');
		}
		if (parsed === undefined) return {};
		if (!isObject(parsed)) throw badRequest('The body must be a JSON object');
		if (hasNul(parsed)) throw badRequest('String fields must not contain the NUL character');
		return parsed;
	}

	/** Query booleans: exactly "true" or "false" (stricter reading; other spellings are UNVERIFIED). */
	bool(name: string): boolean | undefined {
		const value = this.query.get(name);
		if (value === null || value === '') return undefined;
		if (value === 'true') return true;
		if (value === 'false') return false;
		throw badRequest(`${name} must be true or false`, name);
	}

	time(name: string, endOfDay = false): number | undefined {
		const value = this.query.get(name);
		if (value === null || value === '') return undefined;
		const ms = parseTimelinesTime(value, endOfDay);
		if (Number.isNaN(ms)) throw badRequest(`${name} must be a date or date-time`, name);
		return ms;
	}

	/** A comma-separated query list, trimmed, empty items dropped; undefined when absent. */
	list(name: string): string[] | undefined {
		const value = this.query.get(name);
		if (value === null || value.trim() === '') return undefined;
		return value
			.split(',')
			.map((v) => v.trim())
			.filter(Boolean);
	}

	chat(): StoredChat {
		const id = this.params.chat_id;
		const chat = /^\d+$/.test(id) ? this.sb.state.chats.get(Number(id)) : undefined;
		if (!chat) throw notFound('Chat not found');
		return chat;
	}

	message(): StoredMessage {
		const message = this.sb.state.messages.get(this.params.message_uid);
		if (!message) throw notFound('Message not found');
		return message;
	}

	upload(): StoredFile {
		const file = this.sb.state.files.get(this.params.file_uid);
		if (!file || file.source !== 'upload') throw notFound('File not found');
		return file;
	}

	webhook(): StoredWebhook {
		const id = this.params.webhook_id;
		const webhook = /^\d+$/.test(id) ? this.sb.state.webhooks.get(Number(id)) : undefined;
		if (!webhook || webhook.deleted) throw notFound('Webhook not found');
		return webhook;
	}
}

export function optionalString(
	body: Record<string, unknown>,
	key: string,
	maxLength?: number,
): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw badRequest(`${key} must be a string`, key);
	if (maxLength !== undefined && value.length > maxLength)
		throw badRequest(`${key} must be at most ${maxLength} characters`, key);
	return value;
}

export function optionalBool(body: Record<string, unknown>, key: string): boolean | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean') throw badRequest(`${key} must be true or false`, key);
	return value;
}
