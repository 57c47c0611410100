import type { IExecuteFunctions } from 'n8n-workflow';

import {
	checkModuleCreationFields,
	withoutMissingFields,
	type CreationFieldCheck,
} from '../shared/sync/creationFieldCheck';
import type { MatchSettings } from '../shared/sync/matchOrCreateRecord';
import type { CreateSettings } from '../shared/sync/recordCreation';
import type { ZohoCrmApi } from '../shared/transport/zoho/zohoCrmApi';

/**
 * One execution's checks of the creation settings against the module's fields (checkCreationFields), shown
 * as execution hints in the output pane: each distinct setting is checked once (items of one execution
 * usually share it) and each hint is added once per execution, not per item.
 */
export class CreationFieldHints {
	private readonly checks = new Map<string, Promise<CreationFieldCheck | undefined>>();
	private readonly shown = new Set<string>();

	constructor(private readonly context: IExecuteFunctions) {}

	/** The item's creation settings without fields the module lacks; hints added for what was found. */
	async apply(
		api: ZohoCrmApi,
		settings: MatchSettings,
		create: CreateSettings,
	): Promise<CreateSettings> {
		const { module, credentialId } = settings;
		const key = JSON.stringify([
			credentialId,
			module,
			create.chatLinkField,
			create.leadSourceField,
			create.leadSourceValue,
		]);
		let pending = this.checks.get(key);
		if (!pending) {
			// Advisory: if the field metadata cannot be read, the item goes on as before (creating a record
			// reads the same metadata and reports the failure where it matters).
			pending = checkModuleCreationFields(api, credentialId, module, create).catch(() => undefined);
			this.checks.set(key, pending);
		}
		const check = await pending;
		if (!check) return create;
		for (const message of check.hints) {
			if (this.shown.has(message)) continue;
			this.shown.add(message);
			this.context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
		}
		return withoutMissingFields(create, check);
	}
}
