/**
 * Issue 14, "the link-open limit is per IP, so behind a proxy everyone shares it": the Live Chat node itself
 * (its webhook() in n8n-core's WebhookContext) counts refused links against Express's `req.ip`, never the raw
 * X-Forwarded-For header. n8n sets Express's `trust proxy` from N8N_PROXY_HOPS: without it `req.ip` is the
 * socket's address, with it the forwarded client's. Both are replayed as the request object n8n hands over.
 */
import { randomUUID } from 'node:crypto';

import { TimelinesAiLiveChat } from '../../nodes/TimelinesAiLiveChat/TimelinesAiLiveChat.node';
import { packType } from '../nodeHarness/packNodeTypes';
import { nodeUnderTest, NODE_UNDER_TEST } from '../nodeHarness/runNode';
import { TestN8n } from '../nodeHarness/testN8n';

const LINK_SECRET = 'hostile-suite-link-secret-0123456789';

/** A Live Chat node of its own (its own runtime, so its own rate limits), 10 requests a minute. */
function liveChat() {
	const n8n = new TestN8n();
	n8n.credentials.set('link', { linkSecret: LINK_SECRET });
	// Read for the workspace key only: a forged link never reaches TimelinesAI or Zoho.
	n8n.credentials.set('timelines', {
		apiToken: 'token',
		baseUrl: 'http://127.0.0.1:9/integrations/api',
	});
	const node = nodeUnderTest({
		type: packType(new TimelinesAiLiveChat()),
		parameters: { allowedModules: ['Leads'], options: { requestsPerMinute: 10 } },
		credentials: {
			timelinesAiLiveChatLinkApi: { id: 'link', data: {} },
			timelinesAiApi: { id: 'timelines', data: {} },
		},
	});
	node.webhookId = randomUUID();
	const workflow = n8n.workflow({ nodes: [node] });
	/** Opens a forged link as a request from `ip` (what Express computed) carrying `forwardedFor`. */
	return async (ip: string, forwardedFor: string): Promise<number> => {
		let status = 0;
		const response = {
			status: (code: number) => ((status = code), response),
			setHeader: () => response,
			end: () => response,
			json: () => response,
		};
		const query = { m: 'Leads', r: '1', e: 'a@example.com', x: '9999999999', s: 'forged' };
		const context = n8n.webhookContext(
			workflow,
			NODE_UNDER_TEST,
			{
				method: 'GET',
				query,
				body: {},
				headers: { 'x-forwarded-for': forwardedFor },
				ip,
				originalUrl: `/webhook/chat?${new URLSearchParams(query)}`,
				secure: false,
			} as Parameters<TestN8n['webhookContext']>[2],
			response as unknown as Parameters<TestN8n['webhookContext']>[3],
		);
		await new TimelinesAiLiveChat().webhook.call(context);
		return status;
	};
}

describe('the Live Chat node behind a proxy', () => {
	it('ignores X-Forwarded-For when n8n does not trust the proxy: a new header value earns no new budget', async () => {
		const open = liveChat();
		const statuses: number[] = [];
		for (let index = 0; index < 12; index++)
			statuses.push(await open('10.0.0.2', `198.51.100.${index}`));
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
		expect(statuses.slice(10)).toEqual([429, 429]);
	});

	it("counts each client on its own when n8n trusts the proxy (req.ip is the forwarded client's)", async () => {
		const open = liveChat();
		const statuses: number[] = [];
		// 12 clients behind one proxy, one forged link each: none pays for the others.
		for (let index = 0; index < 12; index++)
			statuses.push(await open(`198.51.100.${index}`, `198.51.100.${index}`));
		expect(statuses).toEqual(Array(12).fill(403));
	});
});
