import { projectRecord } from './recordStore';
import { criteriaFields, matchesCriteria, parseCriteria } from './searchCriteria';
import { ZohoError } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import {
	convertedParam,
	fieldsParam,
	pageParams,
	paginate,
	param,
	recordModule,
	visible,
} from './zohoRequest';
import type { StoredRecord } from './zohoTypes';

/** Search pagination stops at 2,000 records (OAS module_search.json Max_records). */
export const SEARCH_RECORD_CAP = 2000;

const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');

/** GET /crm/v8/{module}/search — one mode per call, precedence criteria > email > phone > word. */
export function searchRecords(req: ZohoRequest, moduleName: string): ZohoResult {
	const module = recordModule(req, moduleName);
	const fields = fieldsParam(req, false);
	const converted = convertedParam(req);
	const { page, perPage } = pageParams(req);
	if ((page - 1) * perPage >= SEARCH_RECORD_CAP) {
		throw new ZohoError(400, 'LIMIT_REACHED', 'maximum response iteration limit reached', {
			limit: String(SEARCH_RECORD_CAP),
		});
	}
	const criteriaText = param(req, 'criteria');
	const email = param(req, 'email');
	const phone = param(req, 'phone');
	const word = param(req, 'word');
	let match: (record: StoredRecord) => boolean;
	if (criteriaText !== undefined) {
		const criteria = parseCriteria(criteriaText);
		const unknown = criteriaFields(criteria).find(
			(f) => f !== 'id' && !module.fields.some((m) => m.api_name === f),
		);
		if (unknown !== undefined)
			throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', {
				api_name: unknown,
				reason: 'the field is not available for search',
			});
		const equals = req.state.behaviour.searchEquals;
		match = (record) => matchesCriteria(record, criteria, equals);
	} else if (email !== undefined) {
		const emailFields = module.fields.filter((f) => f.data_type === 'email').map((f) => f.api_name);
		match = (record) => emailFields.some((f) => lower(record[f]) === email.toLowerCase());
	} else if (phone !== undefined) {
		// Formatting tolerance of phone search is UNVERIFIED: the stricter reading is a plain substring
		// match on the stored text, no digit normalisation.
		const phoneFields = module.fields.filter((f) => f.data_type === 'phone').map((f) => f.api_name);
		match = (record) => phoneFields.some((f) => lower(record[f]).includes(phone.toLowerCase()));
	} else if (word !== undefined) {
		const textFields = module.fields
			.filter((f) => ['text', 'email', 'phone', 'textarea', 'website'].includes(f.data_type))
			.map((f) => f.api_name);
		match = (record) => textFields.some((f) => lower(record[f]).includes(word.toLowerCase()));
	} else {
		throw new ZohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
			param: 'criteria',
		});
	}
	const found = [...req.state.recordsOf(module.api_name).values()]
		// Index lag (behaviour switch searchLagMs): a record created or re-numbered a moment ago is not found.
		.filter((r) => visible(r, converted) && req.state.searchable(r.id) && match(r))
		.slice(0, SEARCH_RECORD_CAP);
	const { data, info } = paginate(found, page, perPage);
	if (data.length === 0) return { status: 204 };
	const more = found.length > page * perPage && page * perPage < SEARCH_RECORD_CAP;
	return {
		status: 200,
		json: {
			data: data.map((r) => projectRecord(r, fields)),
			info: { ...info, more_records: more },
		},
	};
}
