import { ZohoError } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import { pageParams, paginate, param } from './zohoRequest';
import type { FieldDefinition, ModuleDefinition, SandboxUser } from './zohoTypes';

const USER_TYPES: Record<string, (u: SandboxUser, me: SandboxUser) => boolean> = {
	AllUsers: () => true,
	ActiveUsers: (u) => u.status === 'active',
	DeactiveUsers: (u) => u.status === 'disabled',
	ConfirmedUsers: (u) => u.confirm,
	NotConfirmedUsers: (u) => !u.confirm,
	ActiveConfirmedUsers: (u) => u.status === 'active' && u.confirm,
	AdminUsers: (u) => u.isAdmin,
	ActiveConfirmedAdmins: (u) => u.isAdmin && u.status === 'active' && u.confirm,
	CurrentUser: (u, me) => u.id === me.id,
};

function userView(u: SandboxUser): Record<string, unknown> {
	return {
		id: u.id,
		email: u.email,
		first_name: u.first_name,
		last_name: u.last_name,
		full_name: u.full_name,
		status: u.status,
		confirm: u.confirm,
		role: u.role,
		profile: u.profile,
		zuid: u.zuid,
		time_zone: u.time_zone,
		locale: 'en_GB',
		language: 'en_GB',
		country_locale: 'en_GB',
		country: 'GB',
		date_format: 'dd/MM/yyyy',
		time_format: 'HH:mm',
		status_reason__s: null,
		created_time: '2025-01-06T09:00:00+00:00',
		Modified_Time: '2025-01-06T09:00:00+00:00',
		type__s: 'OrgUser',
	};
}

/** GET /users (type, page/per_page ≤200) and /users/{id}. */
export function getUsers(req: ZohoRequest, id?: string): ZohoResult {
	const me = req.state.currentUser;
	let users: SandboxUser[];
	if (id !== undefined) users = req.state.users.filter((u) => u.id === id);
	else {
		const type = param(req, 'type') ?? 'AllUsers';
		const filter = USER_TYPES[type];
		if (!filter) throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'type' });
		users = req.state.users.filter((u) => filter(u, me));
	}
	const { page, perPage } = pageParams(req);
	const { data, info } = paginate(users, page, perPage);
	if (data.length === 0) return { status: 204 };
	return { status: 200, json: { users: data.map(userView), info } };
}

export function getOrg(req: ZohoRequest): ZohoResult {
	const admin = req.state.currentUser;
	const type =
		req.state.edition === 'free'
			? 'Free'
			: req.state.edition.charAt(0).toUpperCase() + req.state.edition.slice(1);
	const org = {
		country: 'United Kingdom',
		photo_id: null,
		city: 'London',
		description: null,
		mc_status: false,
		gapps_enabled: false,
		translation_enabled: false,
		street: null,
		domain_name: 'org80000123',
		alias: null,
		currency: 'Pound Sterling - GBP',
		id: '80000123',
		state: null,
		fax: null,
		zip: null,
		employee_count: '10',
		website: 'https://sandbox.example',
		currency_symbol: '£',
		mobile: null,
		currency_locale: 'en_GB',
		primary_zuid: admin.zuid,
		zia_portal_id: null,
		time_zone: req.state.timeZone,
		zgid: '80000123',
		country_code: 'GB',
		deletable_org_account: false,
		license_details: {
			paid_expiry: null,
			users_license_purchased: 3,
			trial_type: null,
			trial_expiry: null,
			paid: req.state.edition !== 'free',
			paid_type: type,
			trial_action: null,
		},
		hierarchy_preferences: { type: 'Role_Hierarchy', strictly_reporting: false },
		phone: '+44 20 7946 0999',
		company_name: 'Sandbox Trading Ltd',
		privacy_settings: false,
		primary_email: admin.email,
		iso_code: 'GBP',
		hipaa_compliance_enabled: false,
		lite_users_enabled: false,
		max_per_page: 200,
		ezgid: '80000123e',
		call_icon: 'call',
		oauth_presence: true,
		zia_zgid: 0,
		checkin_preferences: { location_type: 'current', enabled: false },
		type: 'Production',
		created_time: '2025-01-06T09:00:00+00:00',
	};
	return { status: 200, json: { org: [org] } };
}

function moduleView(m: ModuleDefinition): Record<string, unknown> {
	return {
		id: m.id,
		api_name: m.api_name,
		module_name: m.module_name,
		singular_label: m.singular_label,
		plural_label: m.plural_label,
		api_supported: true,
		creatable: true,
		editable: true,
		deletable: true,
		viewable: true,
		convertable: m.api_name === 'Leads',
		generated_type: 'default',
		status: 'visible',
		visible: true,
		modified_time: '2025-01-06T09:00:00+00:00',
		sequence_number: 1,
	};
}

const NOTES_MODULE: ModuleDefinition = {
	api_name: 'Notes',
	module_name: 'Notes',
	singular_label: 'Note',
	plural_label: 'Notes',
	id: '5725767000000002195',
	fields: [],
};
const ATTACHMENTS_MODULE: ModuleDefinition = {
	api_name: 'Attachments',
	module_name: 'Attachments',
	singular_label: 'Attachment',
	plural_label: 'Attachments',
	id: '5725767000000002197',
	fields: [],
};

export function getModules(req: ZohoRequest, apiName?: string): ZohoResult {
	const all = [...req.state.modules, NOTES_MODULE, ATTACHMENTS_MODULE];
	const list =
		apiName === undefined
			? all
			: all.filter((m) => m.api_name.toLowerCase() === apiName.toLowerCase() || m.id === apiName);
	if (list.length === 0) return { status: 204 };
	return { status: 200, json: { modules: list.map(moduleView) } };
}

const JSON_TYPES: Record<string, string> = {
	multiselectpicklist: 'jsonarray',
	lookup: 'jsonobject',
	ownerlookup: 'jsonobject',
	boolean: 'boolean',
	bigint: 'string',
	integer: 'integer',
};

function fieldView(
	module: ModuleDefinition,
	f: FieldDefinition,
	index: number,
): Record<string, unknown> {
	return {
		id: `${module.id.slice(0, -4)}${String(3000 + index)}`,
		api_name: f.api_name,
		field_label: f.field_label,
		display_label: f.field_label,
		column_name: f.api_name.toUpperCase(),
		data_type: f.data_type,
		json_type: JSON_TYPES[f.data_type] ?? 'string',
		length: f.length ?? null,
		custom_field: f.custom_field ?? false,
		read_only: f.read_only ?? false,
		field_read_only: f.read_only ?? false,
		system_mandatory: f.system_mandatory ?? false,
		visible: true,
		searchable: !['multiselectpicklist'].includes(f.data_type),
		sortable: true,
		unique: f.unique ?? {},
		external: null,
		crypt: null,
		created_source: f.custom_field ? 'crm' : 'default',
		pick_list_values: (f.pick_list_values ?? []).map((v, i) => ({
			display_value: v,
			actual_value: v,
			sequence_number: i + 1,
			id: `${module.id.slice(0, -4)}${5000 + i}`,
			type: 'used',
		})),
		lookup: f.lookup_module
			? {
					module: { api_name: f.lookup_module, id: '' },
					display_label: f.field_label,
					api_name: f.api_name,
				}
			: {},
	};
}

/** GET /settings/fields?module= (module required). */
export function getFields(req: ZohoRequest): ZohoResult {
	const moduleName = param(req, 'module');
	if (moduleName === undefined)
		throw new ZohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
			param: 'module',
		});
	const module = req.state.module(moduleName);
	if (!module)
		throw new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {
			param: 'module',
		});
	return { status: 200, json: { fields: module.fields.map((f, i) => fieldView(module, f, i)) } };
}
