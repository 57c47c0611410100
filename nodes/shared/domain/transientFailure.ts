// Connection-level failures (Node.js, axios and undici codes) after which the server may or may not have
// seen the request. A cancelled execution (ERR_CANCELED / AbortError) is deliberately not among them.
const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED', // axios: timeout exceeded
	'ETIMEDOUT',
	'ECONNREFUSED',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/**
 * The network code of a failed call (`ECONNRESET`, `ETIMEDOUT`, …) when it failed for a transient
 * reason, else undefined. n8n wraps the HTTP client's error in a NodeApiError (its `cause`), fetch wraps
 * the socket error in a TypeError: the code is looked up a few causes deep.
 */
export function transientFailureCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
		const { code, cause } = current as { code?: unknown; cause?: unknown };
		if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return code;
		current = cause;
	}
	return undefined;
}
