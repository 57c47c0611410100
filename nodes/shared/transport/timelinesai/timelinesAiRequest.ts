import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export const TIMELINES_CREDENTIAL = 'timelinesAiApi';
const DEFAULT_BASE_URL = 'https://app.timelines.ai/integrations/api';

export type TimelinesContext = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions | IWebhookFunctions;

/** TimelinesAI wraps every answer: `{status:"ok", data}` or `{status:"error", message}` (timelinesai.md). */
interface TimelinesEnvelope<T> {
	status?: string;
	data?: T;
	message?: string;
}

function isEnvelope<T>(value: unknown): value is TimelinesEnvelope<T> {
	return typeof value === 'object' && value !== null && 'status' in value;
}

async function baseUrl(context: TimelinesContext): Promise<string> {
	const credentials = await context.getCredentials(TIMELINES_CREDENTIAL);
	const configured = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() ? credentials.baseUrl.trim() : DEFAULT_BASE_URL;
	// Trailing slashes are answered with a 404 HTML page (timelinesai.md): never send one.
	return configured.replace(/\/+$/, '');
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
	const url = `${await baseUrl(context)}/${path.replace(/^\/+|\/+$/g, '')}`;
	let response: unknown;
	try {
		response = await context.helpers.httpRequestWithAuthentication.call(context, TIMELINES_CREDENTIAL, {
			method,
			url,
			qs: options.qs,
			body: options.body,
			json: true,
		});
	} catch (error) {
		throw new NodeApiError(context.getNode(), error as JsonObject, { message: `TimelinesAI ${method} /${path} failed` });
	}
	if (!isEnvelope<T>(response) || response.status !== 'ok') {
		const message = isEnvelope<T>(response) && response.message ? response.message : 'unexpected response';
		throw new NodeApiError(context.getNode(), { message } as JsonObject, { message: `TimelinesAI ${method} /${path}: ${message}` });
	}
	return response.data as T;
}
