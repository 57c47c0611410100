/** Shared types of the Zoho half of the sandbox. */

/** A stored record (or note): Zoho field api_name → JSON value, always with an id. */
export type StoredRecord = Record<string, unknown> & { id: string };

export type FieldDataType =
	| 'text'
	| 'textarea'
	| 'email'
	| 'phone'
	| 'website'
	| 'picklist'
	| 'multiselectpicklist'
	| 'lookup'
	| 'ownerlookup'
	| 'boolean'
	| 'datetime'
	| 'bigint'
	| 'integer';

export interface FieldDefinition {
	api_name: string;
	field_label: string;
	data_type: FieldDataType;
	length?: number;
	system_mandatory?: boolean;
	read_only?: boolean;
	custom_field?: boolean;
	/** Zoho "Do not allow duplicate values"; case-insensitive unless casesensitive. */
	unique?: { casesensitive: boolean };
	pick_list_values?: string[];
	lookup_module?: string;
}

export interface ModuleDefinition {
	api_name: string;
	module_name: string;
	singular_label: string;
	plural_label: string;
	id: string;
	fields: FieldDefinition[];
}

export interface SandboxUser {
	id: string;
	email: string;
	first_name: string;
	last_name: string;
	full_name: string;
	status: 'active' | 'disabled';
	confirm: boolean;
	role: { name: string; id: string };
	profile: { name: string; id: string };
	zuid: string;
	time_zone: string;
	isAdmin: boolean;
}

export interface StoredAttachment {
	id: string;
	parentModule: string;
	parentId: string;
	File_Name: string;
	Size: number;
	contentType: string;
	/** base64 of the file, absent for link attachments */
	contentBase64?: string;
	linkUrl?: string;
	Created_Time: string;
	Modified_Time: string;
	ownerId: string;
}

export type Edition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';
