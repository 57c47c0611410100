// A few lines of fetch for the sandbox's Zoho API in tests.
import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../../sandbox';

export interface ZohoAnswer {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads arbitrary JSON paths
	json: any;
}

export async function zoho(
	base: string,
	method: string,
	path: string,
	body?: unknown,
	token = SANDBOX_STATIC_ACCESS_TOKEN,
	headers: Record<string, string> = {},
): Promise<ZohoAnswer> {
	const response = await fetch(`${base}/crm/v8${path}`, {
		method,
		headers: {
			authorization: `Zoho-oauthtoken ${token}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		text,
		json: text ? JSON.parse(text) : undefined,
	};
}
