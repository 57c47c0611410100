import type { SandboxResponse } from '../server/http';
import { isObject, parseJson } from '../server/http';
import type { ZohoSandbox } from './zohoSandbox';
import { zohoBehaviourPatch } from './zohoBehaviour';
import { ZohoError } from './zohoError';
import type { BehaviourSettings, FaultSettings } from './zohoOptions';
import { DELETED_NOTE_ANSWERS, NO_FAULTS } from './zohoOptions';

function body(raw: Buffer): Record<string, unknown> {
	const parsed = parseJson(raw);
	return isObject(parsed) ? parsed : {};
}

/** Keeps only known numeric fault settings from a control-API body. */
export function faultPatch(
	input: Record<string, unknown>,
): Partial<FaultSettings & BehaviourSettings> {
	const patch: Partial<FaultSettings & BehaviourSettings> = {};
	for (const key of Object.keys(NO_FAULTS) as Array<keyof FaultSettings>) {
		const value = input[key];
		if (typeof value === 'number' && Number.isFinite(value) && value >= 0) patch[key] = value;
	}
	// Limits of the org, settable like the faults (sandbox README): positive integers only.
	for (const key of ['concurrencyLimit', 'noteMaxLength', 'noteTitleMaxLength'] as const) {
		const value = input[key];
		if (typeof value === 'number' && Number.isInteger(value) && value > 0) patch[key] = value;
	}
	const answer = DELETED_NOTE_ANSWERS.find((reading) => reading === input.deletedNoteAnswer);
	if (answer) patch.deletedNoteAnswer = answer;
	return patch;
}

/** /__control/zoho/* — no auth: the router admits loopback, same-host, JSON requests only (server/controlGuard.ts). */
export function zohoControl(
	zoho: ZohoSandbox,
	method: string,
	segments: string[],
	raw: Buffer,
): SandboxResponse | undefined {
	const [a, b, c, d] = segments;
	const ok = (json: unknown): SandboxResponse => ({ status: 200, json });
	if (method === 'GET' && a === 'state') return ok(zoho.snapshot());
	if (method === 'POST' && a === 'reset') return ok((zoho.reset(), { reset: true }));
	if (a === 'credits' && method === 'GET') return ok(zoho.credits());
	if (a === 'credits' && method === 'POST') {
		const used = body(raw).used;
		if (typeof used === 'number') zoho.setCreditsUsed(used);
		return ok(zoho.credits());
	}
	if (a === 'connection-user' && method === 'POST') {
		const admin = body(raw).admin;
		if (typeof admin !== 'boolean')
			return { status: 400, json: { error: 'admin must be true or false' } };
		return ok(zoho.setConnectionUserAdmin(admin));
	}
	if (a === 'behaviour' && b === undefined && method === 'GET') return ok(zoho.behaviour());
	if (a === 'behaviour' && b === undefined && method === 'POST')
		return ok(zoho.setBehaviour(zohoBehaviourPatch(body(raw))));
	if (a === 'faults' && method === 'GET') return ok(zoho.faults());
	if (a === 'faults' && method === 'POST') {
		const input = body(raw);
		if (input.expireTokens === true) zoho.expireTokens();
		return ok(
			zoho.setFaults(
				input.reset === true ? { ...NO_FAULTS, ...faultPatch(input) } : faultPatch(input),
			),
		);
	}
	if (a === 'tokens' && b === 'expire' && method === 'POST')
		return ok({ expired: zoho.expireTokens() });
	if (a === 'tokens' && b === undefined && method === 'POST') {
		const lifetime = body(raw).expires_in;
		return ok({
			access_token: zoho.issueAccessToken(typeof lifetime === 'number' ? lifetime : undefined),
			token_type: 'Bearer',
			api_domain: zoho.baseUrl(),
		});
	}
	if (a === 'records' && b !== undefined && c === undefined) {
		if (method === 'GET') return ok({ data: zoho.records(b) });
		if (method === 'POST') {
			const input = body(raw);
			const items = Array.isArray(input.data) ? input.data : [input];
			try {
				return {
					status: 201,
					json: { data: items.map((item) => zoho.createRecord(b, isObject(item) ? item : {})) },
				};
			} catch (error) {
				if (error instanceof ZohoError) return { status: error.httpStatus, json: error.body };
				throw error;
			}
		}
	}
	if (a === 'Leads' && b !== undefined && c === 'convert' && d === undefined && method === 'POST') {
		try {
			return ok(zoho.convertLead(b, body(raw)));
		} catch (error) {
			if (error instanceof ZohoError) return { status: error.httpStatus, json: error.body };
			throw error;
		}
	}
	if (a === 'notes' && method === 'GET') return ok({ data: zoho.notes() });
	if (a === 'attachments' && method === 'GET')
		return ok({ data: zoho.attachments().map(({ contentBase64: _content, ...rest }) => rest) });
	return undefined;
}
