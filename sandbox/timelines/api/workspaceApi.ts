// The workspace: WhatsApp accounts, GET /workspace (quotas), teammates, text templates (Public API 1.3.0).
import type { SandboxResponse } from '../../server/http';
import { notFound } from '../timelinesApiError';
import { accountView, teammateView, templateView } from '../timelinesViews';
import { ApiRequest, ok } from './apiRequest';

export function listWhatsappAccounts(r: ApiRequest): SandboxResponse {
	return ok({ whatsapp_accounts: r.sb.state.accounts.map(accountView) });
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** WorkspaceInfo: identity, seats, messaging and API-call quotas (the calendar month here). */
export function getWorkspace(r: ApiRequest): SandboxResponse {
	const { usage, teammates } = r.sb.state;
	const now = new Date();
	const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
	const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 1000;
	const period = { period_start: iso(start), period_end: iso(end) };
	return ok({
		workspace_id: 'sandbox-workspace',
		display_name: 'Sandbox workspace',
		plan: 'Business',
		seats: { total: Math.max(5, teammates.length), used: teammates.length },
		messaging_quota: { total: r.sb.messageQuota, used: usage.messages, ...period },
		api_calls_quota: { total: r.sb.apiCallsQuota, used: usage.apiCalls, ...period },
		non_recurring_quota: { remaining_balance: 0, last_updated_at: iso(start) },
	});
}

export function listTeammates(r: ApiRequest): SandboxResponse {
	const { state } = r.sb;
	const teams = [...new Set(state.teammates.map((t) => t.team))].map((title) => ({ title }));
	return ok({ teams, teammates: state.teammates.map((t) => teammateView(state, t)) });
}

/** The teammate the API token belongs to. */
export function getTokenTeammate(r: ApiRequest): SandboxResponse {
	const me = r.sb.state.teammates[0];
	if (!me) throw notFound('Teammate not found');
	return ok(teammateView(r.sb.state, me));
}

/** "ordered by updated_at descending. Not paginated, not filtered." */
export function listTemplates(r: ApiRequest): SandboxResponse {
	const templates = [...r.sb.state.templates].sort((a, b) => b.updated - a.updated || b.id - a.id);
	return ok({ templates_count: templates.length, templates: templates.map(templateView) });
}

export function getTemplate(r: ApiRequest): SandboxResponse {
	const id = r.params.template_id;
	const template = /^\d+$/.test(id)
		? r.sb.state.templates.find((t) => t.id === Number(id))
		: undefined;
	if (!template) throw notFound('Template not found');
	return ok(templateView(template));
}
