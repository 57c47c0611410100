import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { cleanPhoneNumbersProperties } from './cleanPhoneNumbersProperties';
import { getPhoneFields, getPhoneModules } from '../shared/n8n/zohoLoadOptions';
import { toNodeError } from '../shared/n8n/toNodeError';
import { InvalidPhoneNumberError, toCountryCode } from '../shared/domain/phone';
import {
	scanLegacyNumbers,
	writeCreditsFor,
	writeLegacyNumbers,
} from '../shared/sync/legacyNumbers';
import { ZohoRecordsBulkHttpApi } from '../shared/transport/zoho/zohoRecordsBulk';
import { ZOHO_CREDENTIAL } from '../shared/transport/zoho/zohoRequest';

/** Every output item comes from the one pass the first input item started. */
const asItems = (values: IDataObject[]): INodeExecutionData[] =>
	values.map((json) => ({ json, pairedItem: { item: 0 } }));

export class ZohoCrmCleanPhoneNumbers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Clean Phone Numbers',
		name: 'zohoCrmCleanPhoneNumbers',
		icon: {
			light: 'file:zohoCrmCleanPhoneNumbers.svg',
			dark: 'file:zohoCrmCleanPhoneNumbers.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["mode"] === "write" ? "Write" : "Dry run"}}: {{$parameter["module"]}}',
		description:
			"Finds a module's phone values without a country code and writes their E.164 form in bulk (dry run first)",
		defaults: { name: 'Zoho CRM Clean Phone Numbers' },
		// Runs once per execution over a whole module: not a tool an agent calls per item.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Report', 'Values'],
		credentials: [{ name: ZOHO_CREDENTIAL, required: true }],
		properties: cleanPhoneNumbersProperties,
	};

	methods = { loadOptions: { getPhoneModules, getPhoneFields } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One pass over the module per execution, whatever the number of input items.
		const mode = this.getNodeParameter('mode', 0) as 'dryRun' | 'write';
		const module = this.getNodeParameter('module', 0) as string;
		const fields = this.getNodeParameter('phoneFields', 0) as string[];
		const defaultCountry = (this.getNodeParameter('defaultCountry', 0) as string).trim();
		const maxRecords = this.getNodeParameter('maxRecords', 0) as number;
		try {
			toCountryCode(defaultCountry);
		} catch (error) {
			const message = error instanceof InvalidPhoneNumberError ? error.message : String(error);
			throw new NodeOperationError(this.getNode(), message, { itemIndex: 0 });
		}
		if (fields.length === 0)
			throw new NodeOperationError(this.getNode(), 'Choose at least one phone field');
		const api = new ZohoRecordsBulkHttpApi(this);
		try {
			const scan = await scanLegacyNumbers(api, { module, fields, defaultCountry, maxRecords });
			const report = {
				mode: mode === 'write' ? 'write' : 'dry run',
				module,
				fields,
				defaultCountry,
				scanned: scan.scanned,
				complete: scan.complete,
				toFix: scan.fixes.length,
				ambiguous: scan.ambiguous.length,
				recordsToWrite: new Set(scan.fixes.map((fix) => fix.id)).size,
				readCredits: scan.readCredits,
				writeCredits: writeCreditsFor(scan.fixes),
			};
			const ambiguous = scan.ambiguous.map((value) => ({ ...value, status: 'ambiguous' }));
			if (mode !== 'write') {
				const values = [
					...scan.fixes.map((fix) => ({ ...fix, status: 'would write' })),
					...ambiguous,
				];
				return [asItems([report]), asItems(values)];
			}
			const before = api.callCount;
			const written = await writeLegacyNumbers(api, { module, fields }, scan.fixes);
			const count = (status: string) => written.filter((result) => result.status === status).length;
			const spent = {
				...report,
				writeCalls: api.callCount - before,
				written: count('written'),
				changedSinceScan: count('changed since the scan'),
				failed: count('failed'),
			};
			return [
				asItems([spent]),
				asItems([...written.map((result) => ({ ...result })), ...ambiguous]),
			];
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		}
	}
}
