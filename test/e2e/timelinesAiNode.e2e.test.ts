/**
 * The TimelinesAI node in real n8n 2.40.x (pack installed as a community package) against the sandbox:
 * the AI-tool variant n8n generates and the tool description it gives an agent (no agent or model needed),
 * and Download Attachment returning the file's bytes through a webhook workflow.
 * Requires `npm run build` first.
 */
import type { INode, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { PipelineStack } from '../../scripts/lib/pipelineStack';
import { setupOwner } from '../../scripts/lib/n8nRuntime';
import { waitFor } from './harness/waitFor';

const PACKAGE = 'n8n-nodes-timelinesai-zoho';
const OWNER = {
	email: 'owner@sandbox.example',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Owner-2026',
};

let stack: PipelineStack;
let nodeTypes: INodeTypeDescription[];

beforeAll(async () => {
	stack = await PipelineStack.start();
	// Logs in again (the owner exists): /types/nodes.json is what the editor loads, behind the session.
	const cookie = await setupOwner(stack.n8n.url, OWNER);
	const response = await fetch(`${stack.n8n.url}/types/nodes.json`, { headers: { cookie } });
	expect(response.status).toBe(200);
	nodeTypes = (await response.json()) as INodeTypeDescription[];
});

afterAll(async () => {
	await stack?.stop();
});

const typeNamed = (name: string) => nodeTypes.find((type) => type.name === `${PACKAGE}.${name}`);

describe('AI tools in n8n', () => {
	it('generates a TimelinesAI Tool with an ai_tool output and the tool-description parameters', () => {
		const tool = typeNamed('timelinesAiTool');
		expect(tool).toBeDefined();
		expect(tool?.displayName).toBe('TimelinesAI Tool');
		expect(tool?.outputs).toEqual(['ai_tool']);
		const names = tool?.properties.map((property) => property.name);
		expect(names).toEqual(expect.arrayContaining(['descriptionType', 'toolDescription']));
	});

	it.each([
		['chat', 'findByPhone', 'Find chats by phone number in TimelinesAI'],
		['message', 'getAll', 'Get many messages in TimelinesAI'],
		['message', 'sendToChat', 'Send a message to a chat in TimelinesAI'],
	])('describes %s → %s to an agent as n8n computes it: "%s"', (resource, operation, expected) => {
		const tool = typeNamed('timelinesAiTool') as INodeTypeDescription;
		const node = {
			parameters: { descriptionType: 'auto', resource, operation },
		} as unknown as INode;
		expect(NodeHelpers.getToolDescriptionForNode(node, { description: tool } as INodeType)).toBe(
			expected,
		);
	});

	it('generates no tool for the Zoho pipeline nodes or the triggers', () => {
		for (const name of [
			'zohoCrmMatchOrCreate',
			'zohoCrmResolveOwner',
			'zohoCrmUpsertDailyNote',
			'timelinesAiTrigger',
			'timelinesAiCatchUpTrigger',
		]) {
			expect(typeNamed(name)).toBeDefined();
			expect(typeNamed(`${name}Tool`)).toBeUndefined();
		}
	});

	it("carries the codex: search aliases and the node's documentation", () => {
		const node = typeNamed('timelinesAi') as INodeTypeDescription & {
			codex?: { alias?: string[]; resources?: { primaryDocumentation?: Array<{ url: string }> } };
		};
		expect(node.codex?.alias).toEqual(expect.arrayContaining(['WhatsApp', 'attachment']));
		expect(node.codex?.resources?.primaryDocumentation?.[0]?.url).toMatch(
			/^https:\/\/timelines\.ai\//,
		);
	});
});

describe('Download Attachment in n8n', () => {
	it("returns the attachment's bytes, fetched through a fresh link", async () => {
		const content = Buffer.from('%PDF-1.4 e2e quote ' + Date.now());
		const simulated = await stack.client.simulateMessage({
			phone: '+447700900777',
			name: 'Attachment Sender',
			text: 'the quote',
			attachments: [
				{
					filename: 'quote.pdf',
					mimetype: 'application/pdf',
					content_base64: content.toString('base64'),
				},
			],
		});
		const workflow = await stack.rest.createWorkflow({
			name: 'e2e: download attachment',
			nodes: [
				{
					id: 'webhook',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'c0ffee00-0000-4000-8000-00000000d0c5',
					parameters: {
						httpMethod: 'GET',
						path: 'e2e-download-attachment',
						responseMode: 'lastNode',
						responseData: 'firstEntryBinary',
						options: {},
					},
				},
				{
					id: 'download',
					name: 'Download Attachment',
					type: `${PACKAGE}.timelinesAi`,
					typeVersion: 2,
					position: [220, 0],
					parameters: {
						resource: 'message',
						operation: 'downloadAttachment',
						messageUid: '={{ $json.query.uid }}',
						binaryPropertyName: 'data',
					},
					credentials: { timelinesAiApi: stack.pipeline.credentials.timelinesAiApi },
				},
			],
			connections: {
				Webhook: { main: [[{ node: 'Download Attachment', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		});
		const activated = await stack.rest.activate(workflow.id);
		if (!activated.active) throw new Error(`not activated: ${JSON.stringify(activated)}`);

		const url = `${stack.n8n.url}/webhook/e2e-download-attachment?uid=${encodeURIComponent(simulated.message_uid)}`;
		// Registration of a new workflow's webhooks can trail the activation answer.
		const response = await waitFor(
			'the download webhook',
			async () => {
				const answer = await fetch(url);
				return answer.status === 404 ? undefined : answer;
			},
			15_000,
			500,
		);
		const body = Buffer.from(await response.arrayBuffer());
		if (response.status !== 200) throw new Error(`${response.status}: ${body}\n${stack.logs()}`);
		expect(body.equals(content)).toBe(true);
		expect(response.headers.get('content-type')).toMatch(/^application\/pdf/);
	});
});
