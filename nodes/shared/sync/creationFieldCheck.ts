import type { ZohoCrmApi, ZohoFieldMeta } from '../transport/zoho/zohoCrmApi';
import { moduleFields } from './moduleFields';
import type { CreateSettings } from './recordCreation';

/** What the node's creation settings ask of the module that its field metadata does not have. */
export interface CreationFieldCheck {
	/** Optional fields the settings name that the module does not have: left out of created records. */
	missingFields: string[];
	/** Warnings for the person who set up the node, in their words. */
	hints: string[];
}

type CheckedSettings = Pick<
	CreateSettings,
	'chatLinkField' | 'leadSourceField' | 'leadSourceValue'
>;

const SETTINGS_PATH = 'Zoho CRM → Settings → Modules and Fields';
const labelOf = (field: ZohoFieldMeta) =>
	field.display_label ?? field.field_label ?? field.api_name;

/**
 * Checks the Chat Link and Lead Source settings against the module's field metadata. A chat link or lead
 * source field the module does not have would make Zoho refuse every new record (INVALID_DATA on an unknown
 * api_name), so it is left out with a warning; a lead source value the picklist does not offer is only
 * warned about (Zoho's picklists are edited by people, the node does not guess another value).
 */
export function checkCreationFields(
	module: string,
	fields: ZohoFieldMeta[],
	settings: CheckedSettings,
): CreationFieldCheck {
	const check: CreationFieldCheck = { missingFields: [], hints: [] };
	const find = (apiName: string) => fields.find((field) => field.api_name === apiName);
	const { chatLinkField, leadSourceField, leadSourceValue } = settings;
	if (chatLinkField && !find(chatLinkField)) {
		check.missingFields.push(chatLinkField);
		check.hints.push(
			`Chat Link Field "${chatLinkField}" does not exist in ${module}: records are created without the link to the TimelinesAI chat. Create a URL field in ${SETTINGS_PATH} → ${module}, or pick an existing field in Chat Link Field.`,
		);
	}
	// The lead source is written only when both are set (buildRecordData).
	if (!leadSourceField || !leadSourceValue) return check;
	const leadSource = find(leadSourceField);
	if (!leadSource) {
		check.missingFields.push(leadSourceField);
		check.hints.push(
			`Lead Source Field "${leadSourceField}" does not exist in ${module}: records are created without a lead source. Pick an existing field in Lead Source Field, or clear it.`,
		);
		return check;
	}
	const values = leadSource.pick_list_values;
	if (leadSource.data_type !== 'picklist' || !values) return check;
	const offered = values.some(
		(value) => value.actual_value === leadSourceValue || value.display_value === leadSourceValue,
	);
	if (!offered) {
		const label = labelOf(leadSource);
		check.hints.push(
			`Lead Source Value "${leadSourceValue}" is not a value of the ${label} picklist (${leadSourceField}) in ${module}: new records carry a lead source the picklist does not offer. Add it in ${SETTINGS_PATH} → ${module} → ${label} → add value "${leadSourceValue}", or set Lead Source Value to one of its values.`,
		);
	}
	return check;
}

/** The creation settings without the fields the module does not have. */
export function withoutMissingFields(
	create: CreateSettings,
	check: CreationFieldCheck,
): CreateSettings {
	if (check.missingFields.length === 0) return create;
	const missing = new Set(check.missingFields);
	return {
		...create,
		chatLinkField:
			create.chatLinkField && missing.has(create.chatLinkField) ? undefined : create.chatLinkField,
		leadSourceField:
			create.leadSourceField && missing.has(create.leadSourceField)
				? undefined
				: create.leadSourceField,
	};
}

/** The check over the module's cached field metadata (one GET /settings/fields when not cached). */
export async function checkModuleCreationFields(
	api: ZohoCrmApi,
	credentialId: string,
	module: string,
	settings: CheckedSettings,
): Promise<CreationFieldCheck> {
	return checkCreationFields(module, await moduleFields(api, credentialId, module), settings);
}
