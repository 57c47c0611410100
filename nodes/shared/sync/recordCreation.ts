import { shortenText } from '../domain/dailyNote';
import type { ZohoFieldMeta } from '../transport/zoho/zohoCrmApi';

/** How the contact's name goes into the new record (e.g. Leads: First_Name + Last_Name; a custom module: Name). */
export type NameMapping =
	| { mode: 'firstLast'; firstNameField: string; lastNameField: string }
	| { mode: 'single'; field: string };

export interface CreateSettings {
	name: string;
	nameMapping: NameMapping;
	chatLinkField?: string;
	chatUrl?: string;
	leadSourceField?: string;
	leadSourceValue?: string;
	ownerId?: string;
	additionalFields: Record<string, unknown>;
	/** Zoho `trigger` array; undefined = Zoho's default (workflows, approval, blueprint run). */
	trigger?: string[];
}

export class MissingMandatoryFieldsError extends Error {
	constructor(
		readonly module: string,
		readonly fields: string[],
	) {
		super(
			`Zoho requires ${fields.join(', ')} on ${module}, but the node does not fill ${fields.length > 1 ? 'them' : 'it'}`,
		);
	}
}

/**
 * Splits "Ana Maria Silva" into first "Ana Maria" / last "Silva". Leads and Contacts require
 * Last_Name, so a one-word name (or no name: the number is used) goes to the last name.
 */
export function splitContactName(name: string, fallback: string): { first?: string; last: string } {
	const words = name.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return { last: fallback };
	if (words.length === 1) return { last: words[0] };
	return { first: words.slice(0, -1).join(' '), last: words[words.length - 1] };
}

export function buildRecordData(
	phoneField: string,
	e164: string,
	settings: CreateSettings,
): Record<string, unknown> {
	const data: Record<string, unknown> = { ...settings.additionalFields };
	if (settings.nameMapping.mode === 'firstLast') {
		const { first, last } = splitContactName(settings.name, e164);
		if (first) data[settings.nameMapping.firstNameField] = first;
		data[settings.nameMapping.lastNameField] = last;
	} else {
		data[settings.nameMapping.field] = settings.name.trim() || e164;
	}
	// The number is stored in E.164 in the same field we search, so the next message matches it.
	data[phoneField] = e164;
	if (settings.chatLinkField && settings.chatUrl) data[settings.chatLinkField] = settings.chatUrl;
	if (settings.leadSourceField && settings.leadSourceValue)
		data[settings.leadSourceField] = settings.leadSourceValue;
	if (settings.ownerId) data.Owner = { id: settings.ownerId };
	return data;
}

/** Mandatory fields (fields metadata `system_mandatory`) the payload leaves empty. */
export function missingMandatoryFields(
	fields: ZohoFieldMeta[],
	data: Record<string, unknown>,
): string[] {
	return fields
		.filter((field) => field.system_mandatory === true && field.api_name !== 'Owner')
		.filter((field) => {
			const value = data[field.api_name];
			return value === undefined || value === null || value === '';
		})
		.map((field) => field.api_name);
}

/** Field types whose values can be shortened without losing what they are (not a URL, phone or e-mail). */
const FITTABLE_TYPES = new Set(['text', 'textarea']);

/**
 * Shortens text values that are longer than their field's `length` (fields metadata), so a long WhatsApp name
 * is shortened instead of refused (INVALID_DATA). Returns the data to send and the fields it shortened.
 */
export function fitToFieldLengths(
	fields: ZohoFieldMeta[],
	data: Record<string, unknown>,
): { data: Record<string, unknown>; shortened: string[] } {
	const fitted: Record<string, unknown> = { ...data };
	const shortened: string[] = [];
	for (const field of fields) {
		const value = fitted[field.api_name];
		if (typeof value !== 'string' || field.length === undefined) continue;
		if (!FITTABLE_TYPES.has(field.data_type) || value.length <= field.length) continue;
		fitted[field.api_name] = shortenText(value, field.length);
		shortened.push(field.api_name);
	}
	return { data: fitted, shortened };
}
