// A few lines of fetch for the sandbox's TimelinesAI API in tests.
export const TIMELINES_TOKEN = 'sandbox-timelines-token';

export interface TimelinesAnswer {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads arbitrary JSON paths
	json: any;
}

export interface TimelinesCall {
	body?: unknown;
	/** null = no Authorization header */
	token?: string | null;
	form?: FormData;
	contentType?: string;
}

export async function timelines(
	base: string,
	method: string,
	path: string,
	call: TimelinesCall = {},
): Promise<TimelinesAnswer> {
	const headers: Record<string, string> = {};
	const token = call.token === undefined ? TIMELINES_TOKEN : call.token;
	if (token !== null) headers.authorization = `Bearer ${token}`;
	let body: string | FormData | undefined;
	if (call.form) body = call.form;
	else if (call.body !== undefined) {
		headers['content-type'] = call.contentType ?? 'application/json';
		body =
			typeof call.body === 'string' && call.contentType ? call.body : JSON.stringify(call.body);
	}
	const response = await fetch(`${base}/integrations/api${path}`, { method, headers, body });
	const text = await response.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

/** POST /__control/timelines/<path> (or GET without a body) */
export async function timelinesControl<T>(
	base: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; json: T }> {
	const response = await fetch(`${base}/__control/timelines${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as T };
}
