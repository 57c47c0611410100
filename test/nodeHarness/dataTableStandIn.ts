/**
 * Stand-in for n8n-nodes-base.dataTable (row: insert with columns defined or mapped from the input, rowExists,
 * rowNotExists) over tables kept in memory:
 * the bundled sync workflow's sync log. Conditions are ANDed `eq` tests, as the workflow uses them.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { DATA_TABLE_SYSTEM_COLUMNS } from 'n8n-workflow';

type Row = Record<string, unknown>;

/** Every stand-in table of this process, by name (tests read and clear them). */
export const standInDataTables = new Map<string, Row[]>();

function tableName(context: IExecuteFunctions, index: number): string {
	const locator = context.getNodeParameter('dataTableId', index) as { value?: unknown };
	return String(locator.value ?? '').toLowerCase();
}

function matches(context: IExecuteFunctions, index: number, row: Row): boolean {
	const filters = context.getNodeParameter('filters', index, {}) as {
		conditions?: Array<{ keyName: string; keyValue: unknown }>;
	};
	return (filters.conditions ?? []).every(
		(condition) => String(row[condition.keyName]) === String(condition.keyValue),
	);
}

function withoutSystemColumns(json: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(json).filter(([key]) => !DATA_TABLE_SYSTEM_COLUMNS.includes(key)),
	);
}

export class DataTableStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Data table',
		name: 'dataTable',
		group: ['input'],
		version: [1, 1.1],
		description: 'Stand-in for n8n-nodes-base.dataTable',
		defaults: { name: 'Data table' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'string', default: 'row' },
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'insert' },
			{ displayName: 'Table', name: 'dataTableId', type: 'json', default: {} },
			{ displayName: 'Match', name: 'matchType', type: 'string', default: 'anyCondition' },
			{ displayName: 'Filters', name: 'filters', type: 'json', default: {} },
			{ displayName: 'Columns', name: 'columns', type: 'json', default: {} },
			{ displayName: 'Options', name: 'options', type: 'json', default: {} },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let index = 0; index < items.length; index++) {
			const name = tableName(this, index);
			const rows = standInDataTables.get(name) ?? [];
			standInDataTables.set(name, rows);
			const operation = this.getNodeParameter('operation', index) as string;
			if (operation === 'insert') {
				// autoMapInputData: the item is the row, without n8n's system columns (as n8n's addRow does)
				const value =
					this.getNodeParameter('columns.mappingMode', index, 'defineBelow') === 'autoMapInputData'
						? withoutSystemColumns(items[index].json)
						: (this.getNodeParameter('columns.value', index, {}) as IDataObject);
				const row = { id: rows.length + 1, ...value };
				rows.push(row);
				out.push({ json: row, pairedItem: { item: index } });
			} else {
				const exists = rows.some((row) => matches(this, index, row));
				if (exists === (operation === 'rowExists'))
					out.push({ ...items[index], pairedItem: { item: index } });
			}
		}
		return [out];
	}
}
