import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { PerCredentialCache } from '../coordination/boundedTtlCache';
import { ZOHO_CREDENTIAL, ZohoCrmHttpApi } from '../transport/zoho/zohoCrmHttpApi';
import type { ZohoFieldMeta, ZohoUser } from '../transport/zoho/zohoCrmApi';

// Metadata for dropdowns, cached per credential for 10 min: opening a dropdown again costs nothing.
const fieldsByModule = new PerCredentialCache<string, ZohoFieldMeta[]>(10 * 60_000, 300);
// Active users for the user picker, per credential for 2 min: n8n calls the list search again on every
// search term typed, and each GET /users costs a Zoho credit.
const activeUsersCache = new PerCredentialCache<string, ZohoUser[]>(2 * 60_000, 100);
// Modules that can hold a synced contact: API-supported, creatable, not Zoho's own sub-resources.
const EXCLUDED_MODULES = new Set([
	'Notes',
	'Attachments',
	'Tasks',
	'Events',
	'Calls',
	'Activities',
	'Visits',
	'Approvals',
]);
// "Single-value fields only" (integration guide): these hold lists and cannot be searched by one number.
const MULTI_VALUE_TYPES = new Set([
	'multiselectpicklist',
	'multiselectlookup',
	'multiuserlookup',
	'imageupload',
	'fileupload',
	'subform',
]);

function credentialId(context: ILoadOptionsFunctions): string {
	return context.getNode().credentials?.[ZOHO_CREDENTIAL]?.id ?? 'default';
}

async function fieldsOf(context: ILoadOptionsFunctions, module: string): Promise<ZohoFieldMeta[]> {
	const cache = fieldsByModule.for(credentialId(context));
	const cached = cache.get(module);
	if (cached) return cached;
	const fields = await new ZohoCrmHttpApi(context).listFields(module);
	cache.set(module, fields);
	return fields;
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);
const fieldOption = (field: ZohoFieldMeta): INodePropertyOptions => ({
	name: field.display_label ?? field.field_label ?? field.api_name,
	value: field.api_name,
	description: `${field.api_name} (${field.data_type})`,
});

/** Modules with at least one phone-type field (the destination must be searchable by number). */
export async function getPhoneModules(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const modules = (await new ZohoCrmHttpApi(this).listModules()).filter(
		(m) =>
			m.api_supported !== false &&
			m.creatable !== false &&
			!EXCLUDED_MODULES.has(m.api_name) &&
			m.generated_type !== 'linking',
	);
	const options: INodePropertyOptions[] = [];
	for (const module of modules.slice(0, 40)) {
		const fields = await fieldsOf(this, module.api_name);
		if (fields.some((f) => f.data_type === 'phone'))
			options.push({ name: module.plural_label ?? module.api_name, value: module.api_name });
	}
	return options.sort(byName);
}

function moduleParameter(context: ILoadOptionsFunctions, parameter: string): string {
	const value = context.getCurrentNodeParameter(parameter);
	return typeof value === 'string' ? value : '';
}

async function phoneFieldsFor(
	context: ILoadOptionsFunctions,
	module: string,
): Promise<INodePropertyOptions[]> {
	if (!module) return [];
	return (await fieldsOf(context, module))
		.filter((f) => f.data_type === 'phone')
		.map(fieldOption)
		.sort(byName);
}

export async function getPhoneFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await phoneFieldsFor(this, moduleParameter(this, 'module'));
}

export async function getConvertedPhoneFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await phoneFieldsFor(this, moduleParameter(this, 'convertedModule'));
}

/** Single-value writable fields of the destination module (for name, chat link, lead source, extra fields). */
export async function getWritableFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const module = moduleParameter(this, 'module');
	if (!module) return [];
	return (await fieldsOf(this, module))
		.filter(
			(f) =>
				!MULTI_VALUE_TYPES.has(f.data_type) && f.read_only !== true && f.field_read_only !== true,
		)
		.map(fieldOption)
		.sort(byName);
}

const userOption = (user: ZohoUser): INodeListSearchItems => ({
	name: user.full_name ? `${user.full_name} (${user.email})` : user.email,
	value: user.id,
});

export async function getActiveUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const users = await new ZohoCrmHttpApi(this).listActiveUsers();
	return users.map(userOption).sort(byName);
}

/**
 * The user picker (resource locator, From List): the org's active users whose name or e-mail contains the
 * search term. Zoho's GET /users has no name filter, so the transport reads every page (200 users each) and
 * the term filters here; one list, no pagination token. No `url`: the pack builds no Zoho web links.
 */
export async function searchActiveUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const cache = activeUsersCache.for(credentialId(this));
	let users = cache.get('active');
	if (!users) {
		users = await new ZohoCrmHttpApi(this).listActiveUsers();
		cache.set('active', users);
	}
	const term = filter?.trim().toLowerCase() ?? '';
	const matching = term
		? users.filter((u) => `${u.full_name ?? ''} ${u.email}`.toLowerCase().includes(term))
		: users;
	return { results: matching.map(userOption).sort(byName) };
}
