import {
	deleteAttachment,
	downloadAttachment,
	listAttachments,
	uploadAttachment,
} from './attachments';
import { convertLeadRequest } from './convertLead';
import { runCoql } from './coql';
import { getFields, getModules, getOrg, getUsers } from './metadata';
import {
	createNotes,
	createRecordNotes,
	deleteNote,
	getNote,
	listNotes,
	listRecordNotes,
	updateNotes,
} from './notes';
import {
	createRecords,
	deleteRecord,
	getRecord,
	listRecords,
	updateRecords,
	upsertRecords,
} from './records';
import { searchRecords } from './search';
import { ZohoError } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';

export interface CrmRoute {
	/** stable name for credit accounting, e.g. "search" */
	name: string;
	/** belongs to Zoho's sub-concurrency group (COQL, lead conversion) */
	heavy?: boolean;
	run: () => ZohoResult;
}

const methodError = (): ZohoError =>
	new ZohoError(
		405,
		'INVALID_REQUEST_METHOD',
		'The http request method type is not a valid one',
		{},
	);

/** Maps method + path segments (after /crm/v8/) to a handler. */
export function crmRoute(req: ZohoRequest): CrmRoute {
	const s = req.segments;
	const m = req.method;
	const route = (
		name: string,
		handlers: Partial<Record<string, () => ZohoResult>>,
		heavy = false,
	): CrmRoute => {
		const run = handlers[m];
		if (!run) throw methodError();
		return { name: `${m} ${name}`, run, heavy };
	};
	const [a, b, c, d] = s;
	if (a === 'users' && s.length <= 2) return route('users', { GET: () => getUsers(req, b) });
	if (a === 'org' && s.length === 1) return route('org', { GET: () => getOrg(req) });
	if (a === 'settings' && b === 'modules' && s.length <= 3)
		return route('settings/modules', { GET: () => getModules(req, c) });
	if (a === 'settings' && b === 'fields' && s.length === 2)
		return route('settings/fields', { GET: () => getFields(req) });
	if (a === 'coql' && s.length === 1) return route('coql', { POST: () => runCoql(req) }, true);
	if (a === 'Notes' && s.length === 1)
		return route('notes', {
			GET: () => listNotes(req),
			POST: () => createNotes(req),
			PUT: () => updateNotes(req),
		});
	if (a === 'Notes' && s.length === 2)
		return route('note', {
			GET: () => getNote(req, b),
			PUT: () => updateNotes(req, b),
			DELETE: () => deleteNote(req, b),
		});
	if (a === undefined || a === 'settings' || a === 'users' || a === 'org' || a === 'coql')
		throw new ZohoError(
			404,
			'INVALID_URL_PATTERN',
			'Please check if the URL trying to access is a correct one',
			{},
		);
	if (s.length === 1)
		return route('records', {
			GET: () => listRecords(req, a),
			POST: () => createRecords(req, a),
			PUT: () => updateRecords(req, a),
		});
	if (s.length === 2 && b === 'upsert')
		return route('upsert', { POST: () => upsertRecords(req, a) });
	if (s.length === 2 && b === 'search')
		return route('search', { GET: () => searchRecords(req, a) });
	if (s.length === 2)
		return route('record', {
			GET: () => getRecord(req, a, b),
			PUT: () => updateRecords(req, a, b),
			DELETE: () => deleteRecord(req, a, b),
		});
	if (s.length === 4 && a === 'Leads' && c === 'actions' && d === 'convert')
		return route('convert', { POST: () => convertLeadRequest(req, b) }, true);
	if (s.length === 3 && c === 'Notes')
		return route('record notes', {
			GET: () => listRecordNotes(req, a, b),
			POST: () => createRecordNotes(req, a, b),
		});
	if (s.length === 3 && c === 'Attachments')
		return route('attachments', {
			GET: () => listAttachments(req, a, b),
			POST: () => uploadAttachment(req, a, b),
		});
	if (s.length === 4 && c === 'Attachments')
		return route('attachment', {
			GET: () => downloadAttachment(req, a, b, d),
			DELETE: () => deleteAttachment(req, a, b, d),
		});
	throw new ZohoError(
		404,
		'INVALID_URL_PATTERN',
		'Please check if the URL trying to access is a correct one',
		{},
	);
}
