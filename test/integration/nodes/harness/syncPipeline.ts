/**
 * The bundled sync workflow (workflows/timelinesai-zoho-sync.json) run by the test n8n (test/nodeHarness):
 * on start, n8n-core's HookContext activates the TimelinesAI Trigger (it registers its webhook at the
 * sandbox); a loopback HTTP server plays n8n's webhook endpoint: it calls the trigger's webhook() with
 * n8n-core's WebhookContext and, when it emits, starts an execution with n8n-core's WorkflowExecute over
 * the workflow's own connections — Trigger → Resolve Owner → Match or Create (Matched and Created → Upsert
 * Daily Note, Skipped → a No Operation). Parameters are the workflow's, with per-test overrides.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	IWebhookResponseData,
} from 'n8n-workflow';
import type { Workflow } from 'n8n-workflow';

import type { TestCredentialsHelper } from '../../../nodeHarness/testCredentialsHelper';
import {
	assertSucceeded,
	outputOf,
	TestN8n,
	type WebhookResponse,
} from '../../../nodeHarness/testN8n';

export type PipelineNode =
	| 'TimelinesAI Trigger'
	| 'Resolve Owner'
	| 'Match or Create Record'
	| 'Upsert Daily Note';

export interface PipelineSettings {
	/** Each test uses its own: the nodes' caches and locks are per credential id. */
	zohoCredentialId: string;
	/** Overrides of the workflow's parameters; object values (e.g. options) are merged one level deep. */
	parameters?: Partial<Record<PipelineNode, IDataObject>>;
}

/** The output of every node of one execution (empty arrays for nodes that did not run). */
export interface Execution {
	trigger: INodeExecutionData[];
	owner: INodeExecutionData[];
	/** Matched and Converted (version 2's output for a record of the converted-records module). */
	matched: INodeExecutionData[];
	created: INodeExecutionData[];
	converted: INodeExecutionData[];
	skipped: INodeExecutionData[];
	notes: INodeExecutionData[];
}

export interface WebhookAnswer {
	status: number;
	body: unknown;
}

export interface ReceivedCall {
	query: Record<string, string>;
	body: unknown;
	answer: WebhookAnswer;
}

const WORKFLOW = JSON.parse(
	readFileSync(path.resolve(__dirname, '../../../../workflows/timelinesai-zoho-sync.json'), 'utf8'),
) as { nodes: INode[]; connections: Workflow['connectionsBySourceNode'] };
const TRIGGER: PipelineNode = 'TimelinesAI Trigger';
const TIMELINES_CREDENTIAL_TYPE = 'timelinesAiApi';
const ZOHO_CREDENTIAL_TYPE = 'zohoCrmOrgOAuth2Api';
const TIMELINES_CREDENTIAL_ID = 'timelines-sandbox';

function merged(base: IDataObject, override: IDataObject = {}): IDataObject {
	const out: IDataObject = { ...base };
	for (const [key, value] of Object.entries(override)) {
		const current = out[key];
		const bothObjects = [current, value].every(
			(v) => typeof v === 'object' && v !== null && !Array.isArray(v),
		);
		out[key] = bothObjects ? { ...(current as IDataObject), ...(value as IDataObject) } : value;
	}
	return out;
}

export class SyncPipeline {
	readonly executions: Array<Promise<Execution>> = [];
	/** Every call the webhook endpoint received, with what it answered. */
	readonly received: ReceivedCall[] = [];
	readonly n8n = new TestN8n();
	/** The workflow's static data, kept across executions as n8n stores it. */
	private readonly staticData: IDataObject = {};
	private settings: PipelineSettings = { zohoCredentialId: 'zoho-default' };
	/** The workflow for the current settings (built once per configure, as n8n builds it once per activation). */
	private current?: { settings: PipelineSettings; workflow: Workflow };
	private readonly server: Server;
	private baseUrl = '';

	private constructor(private readonly zohoCredential: ICredentialDataDecryptedObject) {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				void this.receive(req.url ?? '/', req.headers, Buffer.concat(chunks))
					.catch((error: unknown) => ({
						status: 500,
						body: { message: error instanceof Error ? error.message : String(error) },
					}))
					.then(({ status, body }) => {
						res.writeHead(status, { 'Content-Type': 'application/json' });
						res.end(JSON.stringify(body));
					});
			});
		});
		this.configure(this.settings);
	}

	/** Starts the webhook endpoint and activates the trigger (it registers its webhook at the sandbox). */
	static async start(options: {
		zohoCredential: ICredentialDataDecryptedObject;
		timelinesApiBase: string;
		timelinesToken: string;
	}): Promise<SyncPipeline> {
		const pipeline = new SyncPipeline(options.zohoCredential);
		pipeline.n8n.credentials.set(TIMELINES_CREDENTIAL_ID, {
			apiToken: options.timelinesToken,
			baseUrl: options.timelinesApiBase,
		});
		await new Promise<void>((resolve) => pipeline.server.listen(0, '127.0.0.1', () => resolve()));
		pipeline.baseUrl = `http://127.0.0.1:${(pipeline.server.address() as AddressInfo).port}`;
		pipeline.n8n.webhookBaseUrl = `${pipeline.baseUrl}/webhook`;
		const hooks = pipeline.triggerType().webhookMethods?.default;
		if (!hooks) throw new Error('the TimelinesAI Trigger has no webhook methods');
		const activation = pipeline.n8n.hookContext(pipeline.workflow(), TRIGGER, 'activate');
		if (!(await hooks.checkExists.call(activation))) await hooks.create.call(activation);
		return pipeline;
	}

	/** The credentials n8n holds (token refreshes per credential id included). */
	get credentials(): TestCredentialsHelper {
		return this.n8n.credentials;
	}

	/** n8n's production URL of the trigger's webhook (without the secret the trigger appends). */
	get webhookUrl(): string {
		const node = this.workflow().getNode(TRIGGER);
		return `${this.n8n.webhookBaseUrl}/${String(node?.webhookId)}/webhook`;
	}

	configure(settings: PipelineSettings): void {
		this.settings = settings;
		this.n8n.credentials.set(settings.zohoCredentialId, this.zohoCredential);
	}

	/** Waits for every execution started so far; rethrows a node error of any of them. */
	async settle(): Promise<Execution[]> {
		const started = this.executions.splice(0);
		return await Promise.all(started);
	}

	async close(): Promise<void> {
		await this.settle().catch(() => undefined);
		const hooks = this.triggerType().webhookMethods?.default;
		await hooks?.delete.call(this.n8n.hookContext(this.workflow(), TRIGGER, 'manual'));
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private triggerType() {
		const node = WORKFLOW.nodes.find((n) => n.name === TRIGGER);
		if (!node) throw new Error(`the bundled workflow has no node "${TRIGGER}"`);
		return this.n8n.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	}

	/** The bundled workflow with the current settings' parameters and credentials. */
	private workflow(): Workflow {
		if (this.current?.settings !== this.settings)
			this.current = { settings: this.settings, workflow: this.build(this.settings) };
		return this.current.workflow;
	}

	private build(settings: PipelineSettings): Workflow {
		const nodes = WORKFLOW.nodes.map((base): INode => {
			const description = this.n8n.nodeTypes.getByNameAndVersion(
				base.type,
				base.typeVersion,
			).description;
			// Every TimelinesAI and Zoho credential the node lists (Match or Create's TimelinesAI one is used
			// only with Group Chats: Log to Each Participant's Record).
			const credentials = (description.credentials ?? [])
				.map(({ name }) => name)
				.filter((type) => type === TIMELINES_CREDENTIAL_TYPE || type === ZOHO_CREDENTIAL_TYPE)
				.map((type) => {
					const id =
						type === TIMELINES_CREDENTIAL_TYPE
							? TIMELINES_CREDENTIAL_ID
							: settings.zohoCredentialId;
					return [type, { id, name: `${type} ${id}` }] as const;
				});
			return {
				...base,
				parameters: merged(
					base.parameters,
					settings.parameters?.[base.name as PipelineNode],
				) as INode['parameters'],
				...(credentials.length > 0 ? { credentials: Object.fromEntries(credentials) } : {}),
			};
		});
		return this.n8n.workflow({
			nodes,
			connections: WORKFLOW.connections,
			staticData: this.staticData,
		});
	}

	private async receive(
		url: string,
		headers: Record<string, string | string[] | undefined>,
		raw: Buffer,
	): Promise<WebhookAnswer> {
		const target = new URL(url, this.baseUrl);
		if (target.pathname !== new URL(this.webhookUrl).pathname)
			return { status: 404, body: { message: 'webhook not registered' } };
		let body: unknown;
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			body = raw.toString('utf8');
		}
		// An execution keeps the workflow as it was when the call came in.
		const workflow = this.workflow();
		const query = Object.fromEntries(target.searchParams);
		let answer: WebhookAnswer | undefined;
		const response: WebhookResponse & { statusCode: number } = {
			statusCode: 200,
			status(code: number) {
				response.statusCode = code;
				return response;
			},
			json(json: unknown) {
				answer = { status: response.statusCode, body: json };
				return response;
			},
		};
		const context = this.n8n.webhookContext(
			workflow,
			TRIGGER,
			{ method: 'POST', query, body, headers: headers as Record<string, string> },
			response,
		);
		const trigger = this.triggerType();
		if (!trigger.webhook) throw new Error('the TimelinesAI Trigger has no webhook()');
		const result: IWebhookResponseData = await trigger.webhook.call(context);
		let reply: WebhookAnswer = answer ?? {
			status: 500,
			body: { message: 'the trigger neither answered nor emitted' },
		};
		if (result.workflowData) {
			const execution = this.execute(workflow, result.workflowData);
			execution.catch(() => undefined); // handled: settle() rethrows it
			this.executions.push(execution);
			// responseMode onReceived: n8n answers at once and runs the workflow.
			reply = { status: 200, body: { message: 'Workflow was started' } };
		}
		this.received.push({ query, body, answer: reply });
		return reply;
	}

	/** One execution by n8n-core's WorkflowExecute, started at the trigger with what it emitted. */
	private async execute(workflow: Workflow, emitted: INodeExecutionData[][]): Promise<Execution> {
		const run = assertSucceeded(await this.n8n.execute(workflow, TRIGGER, emitted, 'webhook'));
		return {
			trigger: outputOf(run, TRIGGER),
			owner: outputOf(run, 'Resolve Owner'),
			matched: [
				...outputOf(run, 'Match or Create Record', 0),
				...outputOf(run, 'Match or Create Record', 2),
			],
			created: outputOf(run, 'Match or Create Record', 1),
			converted: outputOf(run, 'Match or Create Record', 2),
			skipped: outputOf(run, 'Match or Create Record', 3),
			notes: outputOf(run, 'Upsert Daily Note'),
		};
	}
}
