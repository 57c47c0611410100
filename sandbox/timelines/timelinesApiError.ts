import type { SandboxResponse } from '../server/http';

/** An API refusal: `{"status":"error","message":…}` with a 4xx/5xx status (timelinesai.md). */
export class TimelinesApiError extends Error {
	constructor(
		readonly httpStatus: number,
		message: string,
	) {
		super(message);
		this.name = 'TimelinesApiError';
	}

	response(): SandboxResponse {
		return { status: this.httpStatus, json: { status: 'error', message: this.message } };
	}
}

export const badRequest = (message: string): TimelinesApiError => new TimelinesApiError(400, message);
export const notFound = (message: string): TimelinesApiError => new TimelinesApiError(404, message);
