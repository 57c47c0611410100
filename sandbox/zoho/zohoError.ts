/** Zoho's error object `{code, details, message, status:"error"}` (OAS common.json API_Exception). */
export interface ZohoErrorBody {
	code: string;
	details: Record<string, unknown>;
	message: string;
	status: 'error';
}

/** A request-level Zoho error; the API router turns it into an HTTP response with this body. */
export class ZohoError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly code: string,
		message: string,
		readonly details: Record<string, unknown> = {},
	) {
		super(message);
	}

	get body(): ZohoErrorBody {
		return zohoErrorBody(this.code, this.message, this.details);
	}
}

export function zohoErrorBody(
	code: string,
	message: string,
	details: Record<string, unknown> = {},
): ZohoErrorBody {
	return { code, details, message, status: 'error' };
}

export const invalidToken = (): ZohoError =>
	new ZohoError(401, 'INVALID_TOKEN', 'invalid oauth token');
export const tooManyRequests = (): ZohoError =>
	new ZohoError(
		429,
		'TOO_MANY_REQUESTS',
		'You have made too many requests. Please try again after some time.',
	);
export const requiredParamMissing = (param: string): ZohoError =>
	new ZohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
		param,
	});
export const invalidModule = (): ZohoError =>
	new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
export const invalidUrlPattern = (): ZohoError =>
	new ZohoError(
		404,
		'INVALID_URL_PATTERN',
		'Please check if the URL trying to access is a correct one',
		{},
	);
