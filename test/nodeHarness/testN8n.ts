/**
 * A test n8n around n8n-core's real execution engine: a `Workflow` (n8n-workflow) over the pack's node
 * types, `WorkflowExecute` running it from a start node with given items (parameter defaults, expressions,
 * per-item `getNodeParameter`, `continueOnFail`/`onError` and error outputs, pairedItem — all n8n's own),
 * and n8n-core's real context classes where a test reaches a node's code without an execution:
 * `ExecuteContext` (a transport function given `this`), `WebhookContext` (a webhook call) and
 * `HookContext` (webhook registration on activation). HTTP goes through n8n-core's request helpers (axios
 * over node:http, so nock or the sandbox answers); credentials through TestCredentialsHelper.
 */
import { randomUUID } from 'node:crypto';

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	HookContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	IRun,
	IWebhookData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { PackNodeTypes } from './packNodeTypes';
import { TestCredentialsHelper } from './testCredentialsHelper';

export interface WorkflowDefinition {
	nodes: INode[];
	connections?: IConnections;
	/** The workflow's static data (kept by the caller across executions, as n8n stores it). */
	staticData?: IDataObject;
}

/** The express request and response n8n's webhook server hands a webhook node (the parts nodes read). */
export interface WebhookRequest {
	method: string;
	query: IDataObject;
	body: unknown;
	headers: Record<string, string>;
}

export interface WebhookResponse {
	status(code: number): WebhookResponse;
	json(body: unknown): WebhookResponse;
	[key: string]: unknown;
}

export class TestN8n {
	readonly credentials = new TestCredentialsHelper();
	readonly nodeTypes: PackNodeTypes;
	/** n8n's production webhook base URL (`WEBHOOK_URL` + `/webhook`). */
	webhookBaseUrl: string;

	constructor(options: { webhookBaseUrl?: string; nodeTypes?: PackNodeTypes } = {}) {
		this.webhookBaseUrl = options.webhookBaseUrl ?? 'http://127.0.0.1:5678/webhook';
		this.nodeTypes = options.nodeTypes ?? new PackNodeTypes();
	}

	workflow(definition: WorkflowDefinition): Workflow {
		return new Workflow({
			id: 'test-workflow',
			name: 'Test workflow',
			nodes: definition.nodes,
			connections: definition.connections ?? {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: definition.staticData,
			settings: { executionOrder: 'v1' },
		});
	}

	additionalData(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWorkflowExecuteAdditionalData {
		const executionId = randomUUID();
		const workflowData = {
			id: workflow.id,
			name: workflow.name,
			active: true,
			activeVersionId: null,
			isArchived: false,
			nodes: Object.values(workflow.nodes),
			connections: workflow.connectionsBySourceNode,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as IWorkflowBase;
		const base = 'http://127.0.0.1:5678';
		const unsupported = (what: string) => async () => {
			throw new Error(`Test n8n: ${what} is not supported`);
		};
		const data = {
			credentialsHelper: this.credentials,
			hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
			executionId,
			executeWorkflow: unsupported('a sub-workflow'),
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: this.webhookBaseUrl,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			variables: {},
			logAiEvent: () => undefined,
			startRunnerTask: unsupported('a task runner'),
			...extra,
		};
		return data as unknown as IWorkflowExecuteAdditionalData;
	}

	/** One execution of the workflow from `startNode`, which receives `items` as its input (n8n's WebhookHelpers start an execution the same way). */
	async execute(
		workflow: Workflow,
		startNode: string,
		items: INodeExecutionData[][],
		mode: WorkflowExecuteMode = 'trigger',
	): Promise<IRun> {
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{ node: this.node(workflow, startNode), data: { main: items }, source: null },
				],
			},
		});
		const additionalData = this.additionalData(workflow, mode);
		return await new WorkflowExecute(
			additionalData,
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
	}

	/** n8n-core's ExecuteContext for a node of the workflow given `items`, as WorkflowExecute builds it for a run. */
	executeContext(
		workflow: Workflow,
		nodeName: string,
		items: INodeExecutionData[] = [{ json: {} }],
	): ExecuteContext {
		const node = this.node(workflow, nodeName);
		const executeData: IExecuteData = { node, data: { main: [items] }, source: null };
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [executeData] },
		});
		return new ExecuteContext(
			workflow,
			node,
			this.additionalData(workflow, 'manual'),
			'manual',
			runExecutionData,
			0,
			items,
			{ main: [items] },
			executeData,
			[],
		);
	}

	/** n8n-core's WebhookContext for a call to the node's webhook `name` (its first webhook of that method). */
	webhookContext(
		workflow: Workflow,
		nodeName: string,
		request: WebhookRequest,
		response: WebhookResponse,
	): WebhookContext {
		const node = this.node(workflow, nodeName);
		const additionalData = this.additionalData(workflow, 'webhook', {
			httpRequest: {
				params: {},
				...request,
			} as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
			httpResponse: response as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		});
		return new WebhookContext(
			workflow,
			node,
			additionalData,
			'webhook',
			this.webhookData(workflow, node, additionalData, request.method),
			[],
			null,
		);
	}

	/** n8n-core's HookContext: what n8n gives `webhookMethods` when it activates (or deactivates) the workflow. */
	hookContext(
		workflow: Workflow,
		nodeName: string,
		activation: WorkflowActivateMode = 'activate',
	): HookContext {
		const node = this.node(workflow, nodeName);
		const additionalData = this.additionalData(workflow, 'trigger');
		return new HookContext(
			workflow,
			node,
			additionalData,
			'trigger',
			activation,
			this.webhookData(workflow, node, additionalData, 'POST'),
		);
	}

	private node(workflow: Workflow, name: string): INode {
		const node = workflow.getNode(name);
		if (!node) throw new Error(`Test n8n: the workflow has no node "${name}"`);
		return node;
	}

	private webhookData(
		workflow: Workflow,
		node: INode,
		additionalData: IWorkflowExecuteAdditionalData,
		method: string,
	): IWebhookData {
		const { webhooks = [] } = this.nodeTypes.getByNameAndVersion(
			node.type,
			node.typeVersion,
		).description;
		const description =
			webhooks.find((webhook) => String(webhook.httpMethod).toUpperCase() === method) ??
			webhooks[0];
		if (!description) throw new Error(`Test n8n: node "${node.name}" has no webhook`);
		return {
			httpMethod: method as IWebhookData['httpMethod'],
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: String(workflow.id),
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
	}
}

/** A node's items on output `output`, over all its runs in the execution (a node runs once per incoming connection that carries items). */
export function outputOf(run: IRun, nodeName: string, output = 0): INodeExecutionData[] {
	return (run.data.resultData.runData[nodeName] ?? []).flatMap(
		(task) => task.data?.main[output] ?? [],
	);
}

/**
 * The error of a failed execution as n8n reports it: WorkflowExecute stores a node's error as a plain copy
 * (`{ ...error, message, stack }`, its class only in `name`), so this is an Error carrying those fields.
 */
export class ReportedExecutionError extends Error {
	description?: string | null;
	context: IDataObject = {};
	httpCode?: string | null;

	constructor(reported: IDataObject) {
		super(String(reported.message));
		Object.assign(this, reported);
	}
}

/** Throws the execution's error (the failing node's error, as n8n reports it), if any. */
export function assertSucceeded(run: IRun): IRun {
	const { error } = run.data.resultData;
	if (error) throw new ReportedExecutionError(error as unknown as IDataObject);
	return run;
}
