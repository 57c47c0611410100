/**
 * The bundled sync workflow (workflows/timelinesai-zoho-sync.json) run by a tiny n8n stand-in: the
 * TimelinesAI Trigger registers its webhook at the sandbox on activation; a loopback HTTP server plays
 * n8n's webhook endpoint, calls the trigger's webhook() and, when it emits, starts an execution that
 * passes items along the workflow's connections — Trigger → Resolve Owner → Match or Create (Matched and
 * Created → Upsert Daily Note, Skipped → a NoOp). Parameters are the workflow's, with per-test overrides.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { TimelinesAiTrigger } from '../../../../nodes/TimelinesAiTrigger/TimelinesAiTrigger.node';
import { ZohoCrmMatchOrCreate } from '../../../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { ZohoCrmResolveOwner } from '../../../../nodes/ZohoCrmResolveOwner/ZohoCrmResolveOwner.node';
import { ZohoCrmUpsertDailyNote } from '../../../../nodes/ZohoCrmUpsertDailyNote/ZohoCrmUpsertDailyNote.node';
import {
	CredentialVault,
	TIMELINES_CREDENTIAL_TYPE,
	ZOHO_CREDENTIAL_TYPE,
} from './credentialVault';
import {
	executeContext,
	hookContext,
	webhookContext,
	type NodeSetup,
	type WebhookAnswer,
} from './nodeContexts';

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
	matched: INodeExecutionData[];
	created: INodeExecutionData[];
	skipped: INodeExecutionData[];
	notes: INodeExecutionData[];
}

const WORKFLOW = JSON.parse(
	readFileSync(path.resolve(__dirname, '../../../../workflows/timelinesai-zoho-sync.json'), 'utf8'),
) as {
	nodes: Array<{ name: string; parameters: IDataObject }>;
};
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

export interface ReceivedCall {
	query: Record<string, string>;
	body: unknown;
	answer: WebhookAnswer;
}

export class SyncPipeline {
	readonly executions: Array<Promise<Execution>> = [];
	/** Every call the webhook endpoint received, with what it answered. */
	readonly received: ReceivedCall[] = [];
	private readonly staticData: IDataObject = {};
	private readonly webhookId = randomUUID();
	private settings: PipelineSettings = { zohoCredentialId: 'zoho-default' };
	private readonly trigger = new TimelinesAiTrigger();
	private readonly nodes = {
		owner: new ZohoCrmResolveOwner(),
		match: new ZohoCrmMatchOrCreate(),
		note: new ZohoCrmUpsertDailyNote(),
	};

	private readonly server: Server;
	private baseUrl = '';

	private constructor(
		readonly vault: CredentialVault,
		private readonly zohoCredential: ICredentialDataDecryptedObject,
	) {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				void this.receive(req.url ?? '/', Buffer.concat(chunks))
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
		const vault = new CredentialVault();
		vault.set(TIMELINES_CREDENTIAL_ID, {
			apiToken: options.timelinesToken,
			baseUrl: options.timelinesApiBase,
		});
		const pipeline = new SyncPipeline(vault, options.zohoCredential);
		await new Promise<void>((resolve) => pipeline.server.listen(0, '127.0.0.1', () => resolve()));
		pipeline.baseUrl = `http://127.0.0.1:${(pipeline.server.address() as AddressInfo).port}`;
		const hooks = pipeline.trigger.webhookMethods.default;
		const activation = hookContext(
			pipeline.setup('TimelinesAI Trigger', pipeline.trigger),
			pipeline.webhookUrl,
			pipeline.staticData,
		);
		if (!(await hooks.checkExists.call(activation))) await hooks.create.call(activation);
		return pipeline;
	}

	/** n8n's production URL of the trigger's webhook (without the secret the trigger appends). */
	get webhookUrl(): string {
		return `${this.baseUrl}/webhook/${this.webhookId}/webhook`;
	}

	configure(settings: PipelineSettings): void {
		this.settings = settings;
		this.vault.set(settings.zohoCredentialId, this.zohoCredential);
	}

	/** Waits for every execution started so far; rethrows a node error of any of them. */
	async settle(): Promise<Execution[]> {
		const started = this.executions.splice(0);
		return await Promise.all(started);
	}

	async close(): Promise<void> {
		await this.settle().catch(() => undefined);
		const activation = hookContext(
			this.setup('TimelinesAI Trigger', this.trigger),
			this.webhookUrl,
			this.staticData,
		);
		await this.trigger.webhookMethods.default.delete.call(activation);
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private setup(name: PipelineNode, type: INodeType, settings = this.settings): NodeSetup {
		const { description } = type;
		const base = WORKFLOW.nodes.find((n) => n.name === name);
		if (!base) throw new Error(`the bundled workflow has no node "${name}"`);
		const credentialType = description.credentials?.[0]?.name;
		const credentialId =
			credentialType === TIMELINES_CREDENTIAL_TYPE
				? TIMELINES_CREDENTIAL_ID
				: settings.zohoCredentialId;
		if (credentialType !== TIMELINES_CREDENTIAL_TYPE && credentialType !== ZOHO_CREDENTIAL_TYPE)
			throw new Error(`unexpected credential ${credentialType}`);
		const node: INode = {
			id: `${name}-id`,
			name,
			type: `n8n-nodes-timelinesai-zoho.${description.name}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: merged(base.parameters, settings.parameters?.[name]) as INode['parameters'],
			credentials: {
				[credentialType]: { id: credentialId, name: `${credentialType} ${credentialId}` },
			},
		};
		return { node, properties: description.properties, vault: this.vault };
	}

	private async receive(url: string, raw: Buffer): Promise<WebhookAnswer> {
		const target = new URL(url, this.baseUrl);
		if (target.pathname !== new URL(this.webhookUrl).pathname)
			return { status: 404, body: { message: 'webhook not registered' } };
		let body: unknown;
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			body = raw.toString('utf8');
		}
		const settings = this.settings; // an execution keeps the workflow as it was when the call came in
		const query = Object.fromEntries(target.searchParams);
		const { context, answer } = webhookContext(
			this.setup('TimelinesAI Trigger', this.trigger, settings),
			{ query, body, staticData: this.staticData },
		);
		const result = await (this.trigger.webhook as NonNullable<INodeType['webhook']>).call(context);
		const emitted = result.workflowData?.[0];
		let response: WebhookAnswer = answer() ?? {
			status: 500,
			body: { message: 'the trigger neither answered nor emitted' },
		};
		if (emitted) {
			const execution = this.execute(emitted, settings);
			execution.catch(() => undefined); // handled: settle() rethrows it
			this.executions.push(execution);
			// responseMode onReceived: n8n answers at once and runs the workflow.
			response = { status: 200, body: { message: 'Workflow was started' } };
		}
		this.received.push({ query, body, answer: response });
		return response;
	}

	/** One execution in n8n's v1 order: a node runs once per incoming connection that carries items. */
	private async execute(
		trigger: INodeExecutionData[],
		settings: PipelineSettings,
	): Promise<Execution> {
		const run = async (name: PipelineNode, type: INodeType, items: INodeExecutionData[]) =>
			(await (type.execute as NonNullable<INodeType['execute']>).call(
				executeContext(this.setup(name, type, settings), items),
			)) as INodeExecutionData[][];
		const [owner] = await run('Resolve Owner', this.nodes.owner, trigger);
		const [matched, created, skipped] = await run(
			'Match or Create Record',
			this.nodes.match,
			owner,
		);
		const notes: INodeExecutionData[] = [];
		for (const input of [matched, created])
			if (input.length > 0)
				notes.push(...(await run('Upsert Daily Note', this.nodes.note, input))[0]);
		return { trigger, owner, matched, created, skipped, notes };
	}
}
