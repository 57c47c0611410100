import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { AUTOMATIC_INPUTS, readTextInput } from '../shared/n8n/automaticInputs';
import type { MatchSettings } from '../shared/sync/matchOrCreateRecord';
import type { NameMapping } from '../shared/sync/recordCreation';

/** Reads the node's parameters for one item into the plain settings matchOrCreateRecord takes. */
export function matchSettingsFor(
	context: IExecuteFunctions,
	index: number,
	credentialId: string,
): MatchSettings {
	const text = (name: string, fallback = '') =>
		String(context.getNodeParameter(name, index, fallback) ?? '').trim();
	const options = context.getNodeParameter('options', index, {}) as {
		cacheMinutes?: number;
		runAutomations?: boolean;
	};
	const nameMode = text('nameMapping', 'firstLast');
	const nameMapping: NameMapping =
		nameMode === 'single'
			? { mode: 'single', field: text('nameField', 'Name') }
			: {
					mode: 'firstLast',
					firstNameField: text('firstNameField', 'First_Name'),
					lastNameField: text('lastNameField', 'Last_Name'),
				};
	const nameFields =
		nameMapping.mode === 'single'
			? [nameMapping.field]
			: [nameMapping.firstNameField, nameMapping.lastNameField];
	const convertedModule = text('convertedModule');
	const settings: MatchSettings = {
		credentialId,
		module: text('module', 'Leads'),
		phoneField: text('phoneField', 'Mobile'),
		convertedModule: convertedModule || undefined,
		convertedPhoneField: convertedModule ? text('convertedPhoneField') || undefined : undefined,
		whenConverted: text('whenConverted', 'continue') === 'stop' ? 'stop' : 'continue',
		defaultCountry: text('defaultCountry') || undefined,
		nameFields,
		cacheTtlSeconds: (options.cacheMinutes ?? 10) * 60,
	};
	if (context.getNodeParameter('createIfNotFound', index, true) === true) {
		const extra =
			(context.getNodeParameter('additionalFields', index, {}) as { field?: IDataObject[] })
				.field ?? [];
		settings.create = {
			name: readTextInput(context, index, AUTOMATIC_INPUTS.chatName),
			nameMapping,
			chatLinkField: text('chatLinkField') || undefined,
			chatUrl: readTextInput(context, index, AUTOMATIC_INPUTS.chatUrl) || undefined,
			leadSourceField: text('leadSourceField') || undefined,
			leadSourceValue: text('leadSourceValue') || undefined,
			ownerId: readTextInput(context, index, AUTOMATIC_INPUTS.ownerId) || undefined,
			additionalFields: Object.fromEntries(
				extra
					.filter((f) => typeof f.name === 'string' && f.name)
					.map((f) => [String(f.name), f.value]),
			),
			trigger: options.runAutomations === false ? [] : undefined,
		};
	}
	return settings;
}
