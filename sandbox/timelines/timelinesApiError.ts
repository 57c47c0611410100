import type { SandboxResponse } from '../server/http';

/** The spec's ErrorResponse.error_code values the sandbox uses. */
export type TimelinesErrorCode =
	| 'missing_credentials'
	| 'invalid_token'
	| 'quota_exceeded'
	| 'rate_limit_exceeded'
	| 'validation_error'
	| 'not_found'
	| 'not_supported'
	| 'internal_error';

/** An API refusal: ErrorResponse `{"status":"error","message":…,"error_code":…}` with a 4xx/5xx status. */
export class TimelinesApiError extends Error {
	constructor(
		readonly httpStatus: number,
		message: string,
		readonly errorCode: TimelinesErrorCode,
		readonly fields?: string[],
	) {
		super(message);
		this.name = 'TimelinesApiError';
	}

	response(): SandboxResponse {
		const json: Record<string, unknown> = {
			status: 'error',
			message: this.message,
			error_code: this.errorCode,
		};
		if (this.fields) json.errors = [{ fields: this.fields, msg: this.message }];
		return { status: this.httpStatus, json };
	}
}

/** 400 validation_error; `field` fills ErrorResponse.errors. */
export const badRequest = (message: string, field?: string): TimelinesApiError =>
	new TimelinesApiError(400, message, 'validation_error', field ? [field] : undefined);
export const notFound = (message: string): TimelinesApiError =>
	new TimelinesApiError(404, message, 'not_found');
