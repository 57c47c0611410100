import type { IncomingHttpHeaders } from 'node:http';

import type { SandboxResponse } from '../server/http';
import { isObject, parseJson } from '../server/http';
import { ZohoError } from './zohoError';
import type { ZohoState } from './zohoState';
import type { ModuleDefinition, StoredRecord } from './zohoTypes';

/** One authenticated /crm/v8 call as the handlers see it. */
export interface ZohoRequest {
	method: string;
	/** path segments after /crm/v8/ */
	segments: string[];
	url: URL;
	headers: IncomingHttpHeaders;
	body: Buffer;
	state: ZohoState;
}

/** A handler's answer; `credits` is what the call costs (default 1). */
export interface ZohoResult extends SandboxResponse {
	credits?: number;
}

export const MAX_WRITE_RECORDS = 100;

export function param(req: ZohoRequest, name: string): string | undefined {
	const value = req.url.searchParams.get(name);
	return value === null || value === '' ? undefined : value;
}

export function fieldsParam(req: ZohoRequest, required: boolean): string[] | undefined {
	const fields = param(req, 'fields');
	if (fields === undefined) {
		if (required)
			throw new ZohoError(
				400,
				'REQUIRED_PARAM_MISSING',
				'One of the expected parameter is missing',
				{ param: 'fields' },
			);
		return undefined;
	}
	return fields
		.split(',')
		.map((f) => f.trim())
		.filter((f) => f !== '');
}

export function pageParams(req: ZohoRequest, maxPerPage = 200): { page: number; perPage: number } {
	const page = Number(param(req, 'page') ?? '1');
	const perPage = Number(param(req, 'per_page') ?? String(maxPerPage));
	if (!Number.isInteger(page) || page < 1)
		throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'page' });
	if (!Number.isInteger(perPage) || perPage < 1 || perPage > maxPerPage) {
		throw new ZohoError(400, 'INVALID_DATA', 'invalid data', {
			param_name: 'per_page',
			maximum_length: maxPerPage,
		});
	}
	return { page, perPage };
}

/** One page of a list plus Zoho's `info` block. */
export function paginate<T>(
	items: T[],
	page: number,
	perPage: number,
): { data: T[]; info: Record<string, unknown> } {
	const data = items.slice((page - 1) * perPage, page * perPage);
	return {
		data,
		info: {
			per_page: perPage,
			count: data.length,
			page,
			more_records: items.length > page * perPage,
		},
	};
}

export function jsonBody(req: ZohoRequest): Record<string, unknown> {
	let body: unknown;
	try {
		body = parseJson(req.body);
	} catch {
		throw new ZohoError(400, 'INVALID_DATA', 'body', { expected_data_type: 'jsonobject' });
	}
	if (!isObject(body))
		throw new ZohoError(400, 'INVALID_DATA', 'body', { expected_data_type: 'jsonobject' });
	return body;
}

/** The `data` array of a write body (1..100 items). */
export function dataItems(req: ZohoRequest, body = jsonBody(req)): unknown[] {
	const data = body.data;
	if (!Array.isArray(data) || data.length === 0)
		throw new ZohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
			api_name: 'data',
			json_path: '$.data',
		});
	// Code chosen from the OAS error enum; Zoho documents the 100-record cap but not the exact error.
	if (data.length > MAX_WRITE_RECORDS)
		throw new ZohoError(400, 'LIMIT_EXCEEDED', 'the given limit exceeds', {
			limit: MAX_WRITE_RECORDS,
			json_path: '$.data',
		});
	return data;
}

/** Insert/update/upsert cost 1 credit per 10 records (api-limits page). */
export function writeCredits(count: number): number {
	return Math.max(1, Math.ceil(count / 10));
}

export function recordModule(req: ZohoRequest, apiName: string): ModuleDefinition {
	const module = req.state.module(apiName);
	if (!module)
		throw new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
	return module;
}

export type ConvertedFilter = 'true' | 'false' | 'both';

export function convertedParam(req: ZohoRequest): ConvertedFilter {
	const value = param(req, 'converted') ?? 'false';
	if (value !== 'true' && value !== 'false' && value !== 'both')
		throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'converted' });
	return value;
}

/** Converted leads are hidden unless converted=true (only them) or both. */
export function visible(record: StoredRecord, converted: ConvertedFilter): boolean {
	const isConverted = record.Converted__s === true;
	return converted === 'both' || (converted === 'true' ? isConverted : !isConverted);
}
