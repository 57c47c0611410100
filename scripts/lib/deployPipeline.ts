// Puts the pack's pipeline into a running n8n the way a user would in the editor: the credentials (the two
// Zoho ones connected through the OAuth2 consent flow, the live chat's link secret), the sync and live-chat
// workflows with those credentials chosen, active, and the history backfill workflow (inactive: run by
// hand). Idempotent: a second run reuses what exists (by name), and moves a live-chat workflow of an older
// run that still holds the secret as a parameter onto the credential.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	ensureSyncLogTable,
	withCatchUpOptions,
	withDroppedDeliveriesLogged,
} from './catchUpSetup';
import type { CatchUpOptions } from './catchUpSetup';
import type { N8nCredentialRef, N8nRest, N8nWorkflow } from './n8nRest';

export interface PipelineTarget {
	/** Base URL of the Zoho accounts server (the sandbox, or a real one with dataCentre 'custom'). */
	zohoAccountsUrl: string;
	zohoClientId: string;
	zohoClientSecret: string;
	/** The org's edition (sets the credential's cap on Zoho calls in flight) */
	zohoEdition?: string;
	/** The Zoho credential's Daily Credit Budget (default none). */
	zohoCreditBudget?: number;
	timelinesApiBase: string;
	timelinesToken: string;
	chatLinkSecret?: string;
	/** Queue mode: the Redis the Zoho nodes take their lock in (their "Queue Mode Lock" set to Redis). */
	queueModeRedis?: { host: string; port: number; password?: string; database?: number };
	/** The sync workflow's catch-up trigger settings (default: the workflow file's). */
	catchUp?: CatchUpOptions;
	/** The trigger's Output Dropped Deliveries on, its Dropped output wired to the sync log (README). */
	logDroppedDeliveries?: boolean;
}

type PipelineCredential =
	| 'timelinesAiApi'
	| 'timelinesAiLiveChatLinkApi'
	| 'zohoCrmOrgOAuth2Api'
	| 'zohoCrmPersonalOAuth2Api';

export interface DeployedPipeline {
	credentials: Record<PipelineCredential, N8nCredentialRef> & {
		queueModeRedisApi?: N8nCredentialRef;
	};
	sync: N8nWorkflow;
	liveChat: N8nWorkflow;
	/** The history backfill: imported, not active (a person starts it; its trigger is a Manual Trigger). */
	backfill: N8nWorkflow;
	/** Legacy phone numbers cleaned: imported, not active (Manual Trigger, dry run by default). */
	legacyNumbers: N8nWorkflow;
	/** Owner follows the chat: imported, not active (opt-in: activating it turns it on). */
	ownerFollowsChat: N8nWorkflow;
	triggerWebhookUrl: string;
	chatViewUrl: string;
	/** What signs chat links (tests, bench, `npm run chat-link`): kept by the caller, never read from n8n. */
	chatLinkSecret: string;
}

interface WorkflowFile {
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		webhookId?: string;
		credentials?: Record<string, N8nCredentialRef>;
	}>;
	connections: unknown;
	settings?: unknown;
}

const PACKAGE = 'n8n-nodes-timelinesai-zoho';

// Which credentials each node of the pack uses in the bundled workflows (its description's required ones).
const NODE_CREDENTIALS: Record<string, PipelineCredential[]> = {
	[`${PACKAGE}.timelinesAiTrigger`]: ['timelinesAiApi'],
	[`${PACKAGE}.timelinesAiCatchUpTrigger`]: ['timelinesAiApi'],
	[`${PACKAGE}.timelinesAiBackfill`]: ['timelinesAiApi', 'zohoCrmOrgOAuth2Api'],
	[`${PACKAGE}.timelinesAi`]: ['timelinesAiApi'],
	[`${PACKAGE}.zohoCrmResolveOwner`]: ['zohoCrmOrgOAuth2Api'],
	[`${PACKAGE}.zohoCrmMatchOrCreate`]: ['zohoCrmOrgOAuth2Api'],
	[`${PACKAGE}.zohoCrmUpsertDailyNote`]: ['zohoCrmOrgOAuth2Api'],
	[`${PACKAGE}.zohoCrmCleanPhoneNumbers`]: ['zohoCrmOrgOAuth2Api'],
	[`${PACKAGE}.zohoCrmOwnerFollowsChat`]: ['zohoCrmOrgOAuth2Api'],
	[`${PACKAGE}.timelinesAiLiveChat`]: [
		'timelinesAiLiveChatLinkApi',
		'zohoCrmOrgOAuth2Api',
		'timelinesAiApi',
	],
};

export function readWorkflowFile(repoDir: string, file: string): WorkflowFile {
	return JSON.parse(readFileSync(path.join(repoDir, 'workflows', file), 'utf8')) as WorkflowFile;
}

async function ensureZohoCredential(
	rest: N8nRest,
	type: string,
	name: string,
	target: PipelineTarget,
): Promise<N8nCredentialRef> {
	const credential = await rest.ensureCredential(name, type, {
		dataCentre: 'custom',
		customAccountsUrl: target.zohoAccountsUrl,
		clientId: target.zohoClientId,
		clientSecret: target.zohoClientSecret,
		...(type === 'zohoCrmOrgOAuth2Api' && target.zohoEdition
			? { crmEdition: target.zohoEdition }
			: {}),
		...(type === 'zohoCrmOrgOAuth2Api' && target.zohoCreditBudget
			? { dailyCreditBudget: target.zohoCreditBudget }
			: {}),
	});
	if (credential.created) await rest.connectOAuth2(credential.id);
	return credential;
}

// The nodes that read-modify-write Zoho and take the queue-mode lock.
const LOCKING_NODES = [`${PACKAGE}.zohoCrmMatchOrCreate`, `${PACKAGE}.zohoCrmUpsertDailyNote`];

function withCredentials(
	workflow: WorkflowFile,
	credentials: DeployedPipeline['credentials'],
): WorkflowFile {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			const types = NODE_CREDENTIALS[node.type];
			if (!types) return node;
			const refs = Object.fromEntries(types.map((type) => [type, credentials[type]]));
			if (credentials.queueModeRedisApi && LOCKING_NODES.includes(node.type)) {
				return {
					...node,
					parameters: { ...node.parameters, queueModeLock: 'redis' },
					credentials: { ...refs, queueModeRedisApi: credentials.queueModeRedisApi },
				};
			}
			return { ...node, credentials: refs };
		}),
	};
}

/**
 * A live-chat workflow deployed before the link secret became a credential holds it as the node's
 * `linkSecret` parameter: drop the parameter and select the credential (then the JSON holds no secret).
 */
async function moveLinkSecretToCredential(
	rest: N8nRest,
	workflow: N8nWorkflow,
	linkCredential: N8nCredentialRef,
	log: (line: string) => void,
): Promise<N8nWorkflow> {
	const isChat = (node: N8nWorkflow['nodes'][number]) =>
		node.type === `${PACKAGE}.timelinesAiLiveChat`;
	const stale = workflow.nodes.some(
		(node) =>
			isChat(node) &&
			('linkSecret' in node.parameters || !node.credentials?.timelinesAiLiveChatLinkApi),
	);
	if (!stale) return workflow;
	log(`  moved the link secret of "${workflow.name}" into its credential`);
	return await rest.updateWorkflow(workflow.id, (current) => {
		for (const node of current.nodes.filter(isChat)) {
			delete node.parameters.linkSecret;
			node.credentials = { ...node.credentials, timelinesAiLiveChatLinkApi: linkCredential };
		}
	});
}

async function ensureActiveWorkflow(
	rest: N8nRest,
	workflow: WorkflowFile,
	log: (line: string) => void,
): Promise<N8nWorkflow> {
	const existing = (await rest.workflows()).find((w) => w.name === workflow.name);
	const created =
		existing ?? (await rest.createWorkflow(workflow as unknown as Record<string, unknown>));
	if (!existing) log(`  imported workflow "${workflow.name}"`);
	if (!created.active) await rest.activate(created.id);
	return await rest.workflow(created.id);
}

export async function deployPipeline(
	rest: N8nRest,
	repoDir: string,
	target: PipelineTarget,
	log: (line: string) => void = () => {},
): Promise<DeployedPipeline> {
	const timelines = await rest.ensureCredential('TimelinesAI (sandbox)', 'timelinesAiApi', {
		apiToken: target.timelinesToken,
		baseUrl: target.timelinesApiBase,
	});
	const credentials = {
		timelinesAiApi: { id: timelines.id, name: timelines.name },
		zohoCrmOrgOAuth2Api: await ensureZohoCredential(
			rest,
			'zohoCrmOrgOAuth2Api',
			'Zoho CRM organization (sandbox)',
			target,
		),
		zohoCrmPersonalOAuth2Api: await ensureZohoCredential(
			rest,
			'zohoCrmPersonalOAuth2Api',
			'Zoho CRM personal (sandbox)',
			target,
		),
	};
	// The secret the stack signs links with goes into n8n's encrypted credential store only.
	const chatLinkSecret = target.chatLinkSecret ?? randomBytes(24).toString('hex');
	const linkCredential = await rest.ensureCredential(
		'TimelinesAI live chat link (sandbox)',
		'timelinesAiLiveChatLinkApi',
		{ linkSecret: chatLinkSecret },
	);
	if (!linkCredential.created)
		await rest.updateCredential(
			linkCredential.id,
			linkCredential.name,
			'timelinesAiLiveChatLinkApi',
			{
				linkSecret: chatLinkSecret,
			},
		);
	const strip = ({ id, name }: N8nCredentialRef) => ({ id, name });
	const refs: DeployedPipeline['credentials'] = {
		timelinesAiApi: strip(credentials.timelinesAiApi),
		timelinesAiLiveChatLinkApi: strip(linkCredential),
		zohoCrmOrgOAuth2Api: strip(credentials.zohoCrmOrgOAuth2Api),
		zohoCrmPersonalOAuth2Api: strip(credentials.zohoCrmPersonalOAuth2Api),
	};
	if (target.queueModeRedis) {
		const { host, port, password = '', database = 0 } = target.queueModeRedis;
		refs.queueModeRedisApi = strip(
			await rest.ensureCredential('Queue mode Redis (lock)', 'queueModeRedisApi', {
				host,
				port,
				user: '',
				password,
				database,
				ssl: false,
			}),
		);
	}
	// The sync log the workflow's Data Table nodes address by name must exist before it runs.
	await ensureSyncLogTable(rest, log);
	const sync = await ensureActiveWorkflow(
		rest,
		withCatchUpOptions(
			(target.logDroppedDeliveries ? withDroppedDeliveriesLogged : <T>(file: T) => file)(
				withCredentials(readWorkflowFile(repoDir, 'timelinesai-zoho-sync.json'), refs),
			),
			target.catchUp ?? {},
		),
		log,
	);
	const liveChat = await moveLinkSecretToCredential(
		rest,
		await ensureActiveWorkflow(
			rest,
			withCredentials(readWorkflowFile(repoDir, 'timelinesai-zoho-live-chat.json'), refs),
			log,
		),
		refs.timelinesAiLiveChatLinkApi,
		log,
	);
	const backfillFile = withCredentials(
		readWorkflowFile(repoDir, 'timelinesai-zoho-backfill.json'),
		refs,
	);
	let backfill = (await rest.workflows()).find((w) => w.name === backfillFile.name);
	if (!backfill) {
		backfill = await rest.createWorkflow(backfillFile as unknown as Record<string, unknown>);
		log(`  imported workflow "${backfill.name}" (run it by hand: Execute workflow)`);
	}
	const legacyNumbersFile = withCredentials(
		readWorkflowFile(repoDir, 'zoho-legacy-numbers.json'),
		refs,
	);
	let legacyNumbers = (await rest.workflows()).find((w) => w.name === legacyNumbersFile.name);
	if (!legacyNumbers) {
		legacyNumbers = await rest.createWorkflow(
			legacyNumbersFile as unknown as Record<string, unknown>,
		);
		log(`  imported workflow "${legacyNumbers.name}" (run it by hand: Execute workflow)`);
	}
	const ownerFile = withCredentials(
		readWorkflowFile(repoDir, 'timelinesai-zoho-owner-follows-chat.json'),
		refs,
	);
	let ownerFollowsChat = (await rest.workflows()).find((w) => w.name === ownerFile.name);
	if (!ownerFollowsChat) {
		ownerFollowsChat = await rest.createWorkflow(ownerFile as unknown as Record<string, unknown>);
		log(`  imported workflow "${ownerFollowsChat.name}" (opt-in: activate it)`);
	}
	const trigger = sync.nodes.find((n) => n.type === `${PACKAGE}.timelinesAiTrigger`);
	const chat = liveChat.nodes.find((n) => n.type === `${PACKAGE}.timelinesAiLiveChat`);
	return {
		credentials: refs,
		sync,
		liveChat,
		backfill,
		legacyNumbers,
		ownerFollowsChat,
		triggerWebhookUrl: `${rest.url}/webhook/${trigger?.webhookId}/webhook`,
		chatViewUrl: `${rest.url}/webhook/${String(chat?.parameters.path ?? 'timelinesai-live-chat')}`,
		chatLinkSecret,
	};
}
