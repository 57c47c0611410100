// What the bundled sync workflow's catch-up needs in n8n, done as the owner through n8n's REST API (the
// editor's calls): the Data Table "timelinesai_sync_log" its two Data Table nodes address by name, and the
// catch-up period. A user importing the workflow by hand creates the table once (README, catch-up).
import type { N8nRest } from './n8nRest';

export const SYNC_LOG_TABLE = 'timelinesai_sync_log';

/** The columns the workflow's "Sync Log" node writes (and "Not in Sync Log" reads: settled_uid). */
export const SYNC_LOG_COLUMNS = [
	{ name: 'uid', type: 'string' },
	{ name: 'chat_id', type: 'number' },
	{ name: 'outcome', type: 'string' },
	{ name: 'record_id', type: 'string' },
	{ name: 'note_id', type: 'string' },
	{ name: 'phone', type: 'string' },
	{ name: 'contact_name', type: 'string' },
	{ name: 'module', type: 'string' },
	{ name: 'reason', type: 'string' },
	{ name: 'message_at', type: 'string' },
	{ name: 'source', type: 'string' },
	// The uid again unless the message failed: what "Not in Sync Log" looks up (n8n's Row Exists / Not
	// Exists compare for equality only, so "uid and not failed" is one column).
	{ name: 'settled_uid', type: 'string' },
] as const;

const CATCH_UP_TYPE = 'n8n-nodes-timelinesai-zoho.timelinesAiCatchUpTrigger';

export interface CatchUpOptions {
	/** false: the catch-up trigger is deployed disabled (the benchmark routes webhooks by hand and measures
	 * each pipeline on its own numbers; a catch-up pass would re-enable the pack's webhook and send the
	 * baseline's messages through the pack). */
	enabled?: boolean;
	/** Poll period in minutes (n8n's Poll Times); `npm start` uses 1 so a dropped delivery shows up soon. */
	everyMinutes?: number;
	/** The node's Minimum Message Age (seconds). */
	minAgeSeconds?: number;
	lookBackMinutes?: number;
}

interface DataTable {
	id: string;
	name: string;
	projectId?: string;
	project?: { id: string };
}

/** The project of a Data Table (listed tables carry it one way or the other; else the owner's personal one). */
async function projectIdOf(rest: N8nRest, table: DataTable): Promise<string> {
	return (
		table.projectId ??
		table.project?.id ??
		(await rest.call<{ id: string }>('GET', '/projects/personal')).id
	);
}

/** The sync log table, as n8n lists it, if it exists. */
async function findSyncLogTable(rest: N8nRest): Promise<DataTable | undefined> {
	const filter = encodeURIComponent(JSON.stringify({ name: SYNC_LOG_TABLE }));
	const listed = await rest.call<{ data?: DataTable[] } | DataTable[]>(
		'GET',
		`/data-tables-global?filter=${filter}&take=50`,
	);
	const tables = Array.isArray(listed) ? listed : (listed.data ?? []);
	return tables.find((table) => table.name === SYNC_LOG_TABLE);
}

export type SyncLogRow = Record<string, unknown>;
export type SyncLogFilter = { columnName: string; condition: string; value: string | number };
export type SyncLogReader<Row = SyncLogRow> = (...filters: SyncLogFilter[]) => Promise<Row[]>;

/**
 * Reads the sync log as n8n's Data tables UI does: the table is looked up once, then each call returns the
 * rows matching all filters, oldest first (up to 100).
 */
export async function syncLogReader<Row = SyncLogRow>(rest: N8nRest): Promise<SyncLogReader<Row>> {
	const table = await findSyncLogTable(rest);
	if (!table) throw new Error(`n8n has no Data Table "${SYNC_LOG_TABLE}"`);
	const rowsUrl = `/projects/${await projectIdOf(rest, table)}/data-tables/${table.id}/rows`;
	return async (...filters) => {
		const filter = encodeURIComponent(JSON.stringify({ type: 'and', filters }));
		const page = await rest.call<{ data: Row[] } | Row[]>(
			'GET',
			`${rowsUrl}?filter=${filter}&take=100&sortBy=id:asc`,
		);
		return Array.isArray(page) ? page : page.data;
	};
}

/** A table created by an earlier version lacks the newer columns; the Data Table node refuses unknown ones. */
async function addMissingColumns(
	rest: N8nRest,
	table: DataTable,
	log: (line: string) => void,
): Promise<void> {
	const projectId = await projectIdOf(rest, table);
	const base = `/projects/${projectId}/data-tables/${table.id}/columns`;
	const columns = await rest.call<Array<{ name: string }>>('GET', base);
	const present = new Set(columns.map((column) => column.name));
	for (const column of SYNC_LOG_COLUMNS) {
		if (present.has(column.name)) continue;
		await rest.call('POST', base, column);
		log(`  added the column "${column.name}" to the Data Table "${SYNC_LOG_TABLE}"`);
	}
}

/** Creates the sync log table in the owner's personal project unless a table of that name exists. */
export async function ensureSyncLogTable(
	rest: N8nRest,
	log: (line: string) => void = () => {},
): Promise<DataTable> {
	const existing = await findSyncLogTable(rest);
	if (existing) {
		await addMissingColumns(rest, existing, log);
		return existing;
	}
	const project = await rest.call<{ id: string }>('GET', '/projects/personal');
	const created = await rest.call<DataTable>('POST', `/projects/${project.id}/data-tables`, {
		name: SYNC_LOG_TABLE,
		columns: SYNC_LOG_COLUMNS,
	});
	log(`  created the Data Table "${SYNC_LOG_TABLE}" (the sync workflow's sync log)`);
	return created;
}

interface WorkflowNodes {
	nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
}

/** The workflow with its catch-up trigger set to these options (other nodes untouched). */
export function withCatchUpOptions<T extends WorkflowNodes>(
	workflow: T,
	options: CatchUpOptions,
): T {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (node.type !== CATCH_UP_TYPE) return node;
			const parameters = { ...node.parameters };
			if (options.everyMinutes !== undefined)
				parameters.pollTimes = {
					item: [
						options.everyMinutes === 1
							? { mode: 'everyMinute' }
							: { mode: 'everyX', value: options.everyMinutes, unit: 'minutes' },
					],
				};
			if (options.minAgeSeconds !== undefined) parameters.minAgeSeconds = options.minAgeSeconds;
			if (options.lookBackMinutes !== undefined)
				parameters.lookBackMinutes = options.lookBackMinutes;
			return options.enabled === false
				? { ...node, parameters, disabled: true }
				: { ...node, parameters };
		}),
	};
}

const TRIGGER_TYPE = 'n8n-nodes-timelinesai-zoho.timelinesAiTrigger';
const DROPPED_SINK = 'Dropped (extend here)';

/**
 * The sync workflow with its trigger's Output Dropped Deliveries on and the Dropped output wired to the
 * "Dropped (extend here)" node (→ Sync Log), as the workflow's sticky note tells a user to do.
 */
export function withDroppedDeliveriesLogged<
	T extends {
		nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
		connections: unknown;
	},
>(workflow: T): T {
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);
	if (!trigger || !workflow.nodes.some((node) => node.name === DROPPED_SINK)) return workflow;
	const connections = workflow.connections as Record<string, { main: unknown[][] }>;
	const own = connections[trigger.name]?.main ?? [[]];
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node === trigger
				? {
						...node,
						parameters: {
							...node.parameters,
							options: {
								...(node.parameters.options as Record<string, unknown> | undefined),
								outputDropped: true,
							},
						},
					}
				: node,
		),
		connections: {
			...connections,
			[trigger.name]: {
				main: [own[0] ?? [], [{ node: DROPPED_SINK, type: 'main', index: 0 }]],
			},
		},
	};
}
