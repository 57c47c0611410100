import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { moduleFields } from '../shared/sync/moduleFields';
import type { ZohoCrmApi, ZohoFieldMeta, ZohoRecord } from '../shared/transport/zoho/zohoCrmApi';
import { ZohoCrmHttpApi } from '../shared/transport/zoho/zohoCrmHttpApi';
import { zohoCredentialKey } from '../shared/transport/zoho/zohoRequest';

/** The fields the chat page reads from a record of one module. */
export interface RecordFieldPlan {
	/** Every phone-type field of the module, in metadata order. */
	phoneFields: string[];
	/** The name fields the module has (Leads/Contacts: Full_Name, First/Last; custom modules: Name). */
	nameFields: string[];
}

// Zoho's record-name fields by module family: people, custom modules (`Name`), accounts, deals, vendors.
const NAME_FIELDS = [
	'Full_Name',
	'First_Name',
	'Last_Name',
	'Name',
	'Account_Name',
	'Deal_Name',
	'Vendor_Name',
];

export function recordFieldPlan(fields: ZohoFieldMeta[]): RecordFieldPlan {
	const names = new Set(fields.map((field) => field.api_name));
	return {
		phoneFields: fields
			.filter((field) => field.data_type === 'phone')
			.map((field) => field.api_name),
		nameFields: NAME_FIELDS.filter((name) => names.has(name)),
	};
}

export const planFields = (plan: RecordFieldPlan): string[] => [
	...plan.nameFields,
	...plan.phoneFields,
];

const covers = (known: RecordFieldPlan, fresh: RecordFieldPlan): boolean => {
	const asked = new Set(planFields(known));
	return planFields(fresh).every((field) => asked.has(field));
};

// The last plan seen per credential and module, kept past the metadata cache's expiry: with it, a page
// opening asks Zoho for the record and (when the cache has expired) for the metadata at the same time,
// one round trip instead of two. A field added in Zoho since is caught by the fresh metadata (then the
// record is read again). Bounded: the oldest entry goes first.
const MAX_KNOWN_PLANS = 500;
const knownPlans = new Map<string, RecordFieldPlan>();

function remember(key: string, plan: RecordFieldPlan): void {
	knownPlans.delete(key);
	knownPlans.set(key, plan);
	if (knownPlans.size > MAX_KNOWN_PLANS) knownPlans.delete(knownPlans.keys().next().value!);
}

/** Forgets every remembered plan (tests). */
export function forgetRecordFieldPlans(): void {
	knownPlans.clear();
}

/**
 * The record with the plan's fields: one sequential Zoho round trip when the module's plan is known
 * (warmed at activation or from an earlier opening), two the very first time.
 */
export async function readRecordWithPlan(
	zoho: ZohoCrmApi,
	credentialKey: string,
	module: string,
	recordId: string,
): Promise<{ values: ZohoRecord | undefined; plan: RecordFieldPlan }> {
	const key = `${credentialKey}\u0000${module}`;
	const freshPlan = moduleFields(zoho, credentialKey, module).then(recordFieldPlan);
	const known = knownPlans.get(key);
	if (!known) {
		const plan = await freshPlan;
		remember(key, plan);
		return { values: await zoho.getRecord(module, recordId, { fields: planFields(plan) }), plan };
	}
	const [values, plan] = await Promise.all([
		zoho.getRecord(module, recordId, { fields: planFields(known) }),
		freshPlan,
	]);
	remember(key, plan);
	if (!values || covers(known, plan)) return { values, plan };
	return { values: await zoho.getRecord(module, recordId, { fields: planFields(plan) }), plan };
}

/**
 * Reads the field metadata of the modules at activation, so the first page opening costs one Zoho round
 * trip. Best effort: a failure is logged and the first opening reads the metadata itself.
 */
export async function warmRecordFieldPlans(
	context: IHookFunctions,
	modules: string[],
): Promise<void> {
	// The Zoho transport uses the context's node, credentials and httpRequestWithAuthentication only,
	// which n8n's activation context (HookContext) has like a webhook call's.
	const zohoContext = context as unknown as IWebhookFunctions;
	const zoho = new ZohoCrmHttpApi(zohoContext, 'interactive');
	const credentialKey = zohoCredentialKey(zohoContext);
	await Promise.all(
		modules.map(async (module) => {
			try {
				const plan = recordFieldPlan(await moduleFields(zoho, credentialKey, module));
				remember(`${credentialKey}\u0000${module}`, plan);
			} catch (error) {
				context.logger.warn(
					`TimelinesAI Live Chat: field metadata of ${module} not read at activation (${(error as Error).message})`,
				);
			}
		}),
	);
}
