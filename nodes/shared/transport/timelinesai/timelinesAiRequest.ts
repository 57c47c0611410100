import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { transientFailureCode } from '../../domain/transientFailure';

import type { UploadableFile } from './multipartFile';
import { multipartFile } from './multipartFile';
import type { TimelinesFailure } from './timelinesRetryPolicy';
import {
	isRetryableTimelinesFailure,
	TIMELINES_MAX_ATTEMPTS,
	timelinesRetryDelayMs,
} from './timelinesRetryPolicy';

export const TIMELINES_CREDENTIAL = 'timelinesAiApi';
const DEFAULT_BASE_URL = 'https://app.timelines.ai/integrations/api';

export type TimelinesContext =
	| IExecuteFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IWebhookFunctions;

/** TimelinesAI wraps every answer: `{status:"ok", data}` or `{status:"error", message, error_code}` (public_api_spec.yaml). */
interface TimelinesEnvelope<T> {
	status?: string;
	data?: T;
	message?: string;
}

function isEnvelope<T>(value: unknown): value is TimelinesEnvelope<T> {
	return typeof value === 'object' && value !== null && 'status' in value;
}

// What the user can do about the usual failures (public_api_spec.yaml ErrorResponse: status + error_code).
const HINTS: Record<number, string> = {
	400: 'TimelinesAI refused the request as invalid: check the fields named in the message (texts are limited to 2,000 characters).',
	401: 'Check the API token of the TimelinesAI credential (TimelinesAI → Integrations → Public API).',
	403: 'The workspace token may not access this resource.',
	404: 'Check the ID or UID: TimelinesAI does not know it in this workspace.',
	429: 'TimelinesAI is rate limiting (30 requests a second per IP): wait and retry, or slow the workflow down.',
};
// error_code wins over the status: the quota answer is a 403 or a 429 depending on the case.
const CODE_HINTS: Record<string, string> = {
	quota_exceeded:
		'The workspace has used up its messaging or API-call quota: GET /workspace reports messaging_quota and api_calls_quota; wait for the quota to renew or upgrade the plan.',
	rate_limit_exceeded: HINTS[429],
	invalid_token: HINTS[401],
	missing_credentials: HINTS[401],
};

/** The credential's API base URL, without a trailing slash. */
export async function timelinesBaseUrl(context: TimelinesContext): Promise<string> {
	const credentials = await context.getCredentials(TIMELINES_CREDENTIAL);
	const configured =
		typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim()
			? credentials.baseUrl.trim()
			: DEFAULT_BASE_URL;
	// Trailing slashes are answered with a 404 HTML page (docs/api-facts.md, TimelinesAI): never send one.
	return configured.replace(/\/+$/, '');
}

/** What a failed call tells about itself: status, error_code, message, network code, Retry-After. */
function describeFailure(error: unknown) {
	// n8n's httpRequestWithAuthentication throws a NodeApiError whose `cause` is the HTTP client's error
	// (with the response); `new NodeApiError(node, aNodeApiError)` hands the original back unchanged, so the
	// message below is given to a new NodeApiError built from that cause.
	const cause = (error as { cause?: unknown }).cause ?? error;
	const failure = cause as {
		httpCode?: unknown;
		response?: {
			status?: unknown;
			headers?: Record<string, unknown>;
			data?: { message?: unknown; error_code?: unknown };
		};
	};
	const status = Number(
		failure.response?.status ?? failure.httpCode ?? (error as { httpCode?: unknown }).httpCode,
	);
	const errorCode = failure.response?.data?.error_code;
	const retryAfter = failure.response?.headers?.['retry-after'];
	const apiMessage = failure.response?.data?.message;
	return {
		cause,
		apiMessage: typeof apiMessage === 'string' ? apiMessage : undefined,
		failure: {
			status,
			errorCode: typeof errorCode === 'string' ? errorCode : undefined,
			networkCode: Number.isFinite(status) ? undefined : transientFailureCode(error),
			retryAfterHeader: typeof retryAfter === 'string' ? retryAfter : undefined,
		} satisfies TimelinesFailure,
	};
}

async function send<T>(
	context: TimelinesContext,
	method: IHttpRequestMethods,
	path: string,
	options: Omit<IHttpRequestOptions, 'url' | 'method'>,
): Promise<T> {
	const cleanPath = path.replace(/^\/+|\/+$/g, '');
	const url = `${await timelinesBaseUrl(context)}/${cleanPath}`;
	let response: unknown;
	for (let attempt = 1; ; attempt++) {
		try {
			response = await context.helpers.httpRequestWithAuthentication.call(
				context,
				TIMELINES_CREDENTIAL,
				{ method, url, ...options },
			);
			break;
		} catch (error) {
			const { cause, apiMessage, failure } = describeFailure(error);
			if (attempt < TIMELINES_MAX_ATTEMPTS && isRetryableTimelinesFailure(method, failure)) {
				await sleep(timelinesRetryDelayMs(attempt, failure));
				continue;
			}
			const apiError = new NodeApiError(context.getNode(), cause as JsonObject, {
				message: `TimelinesAI ${method} /${cleanPath} failed${apiMessage ? `: ${apiMessage}` : ''}`,
			});
			// NodeApiError takes the description from the response body when there is one: the hint goes after it.
			const hint =
				(failure.errorCode ? CODE_HINTS[failure.errorCode] : undefined) ?? HINTS[failure.status];
			if (hint)
				apiError.description =
					attempt > 1 ? `${hint} (${attempt} attempts, with back-off between them)` : hint;
			throw apiError;
		}
	}
	if (typeof response === 'string' && response.startsWith('{'))
		response = JSON.parse(response) as unknown;
	if (!isEnvelope<T>(response) || response.status !== 'ok') {
		const message =
			isEnvelope<T>(response) && response.message ? response.message : 'unexpected response';
		throw new NodeApiError(context.getNode(), { message } as JsonObject, {
			message: `TimelinesAI ${method} /${cleanPath}: ${message}`,
		});
	}
	return response.data as T;
}

/**
 * One TimelinesAI API call with the credential's Bearer token. Returns `data` of the envelope;
 * an `{status:"error"}` answer (even inside a 2xx) or an HTTP error becomes a NodeApiError.
 */
export async function timelinesAiRequest<T>(
	context: TimelinesContext,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: object; qs?: Record<string, string | number | boolean> } = {},
): Promise<T> {
	return await send<T>(context, method, path, { qs: options.qs, body: options.body, json: true });
}

/** `POST <path>` with one multipart part `file`; returns `data` like timelinesAiRequest. */
export async function timelinesAiUpload<T>(
	context: TimelinesContext,
	path: string,
	file: UploadableFile,
): Promise<T> {
	const multipart = multipartFile(file);
	return await send<T>(context, 'POST', path, {
		body: multipart.body,
		headers: { 'Content-Type': multipart.contentType },
		json: false,
	});
}
