import nock from 'nock';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { handleChatRequest } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';
import { liveChatBackend } from '../../../../nodes/TimelinesAiLiveChat/liveChatBackend';
import { forgetRecordFieldPlans } from '../../../../nodes/TimelinesAiLiveChat/recordFieldPlan';
import { TimelinesAiLiveChat } from '../../../../nodes/TimelinesAiLiveChat/TimelinesAiLiveChat.node';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { nodeUnderTest, NODE_UNDER_TEST } from '../../../nodeHarness/runNode';
import { TestN8n } from '../../../nodeHarness/testN8n';
import {
	ACCESS_TOKEN,
	ACCOUNTS_SERVER,
	API_DOMAIN,
	v8,
	zohoApi,
} from '../../transport/zoho/zohoExecution';
import { BASE_URL, TOKEN } from '../TimelinesAi/runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from '../TimelinesAi/timelinesApi';
import { chatConfig, dependencies, request, signedQuery } from './chatFixtures';

setUpNock();
afterEach(() => {
	forgetRecordFieldPlans();
	jest.restoreAllMocks();
});

const zohoCredential = {
	grantType: 'authorizationCode',
	authentication: 'body',
	clientId: 'client-id',
	clientSecret: 'client-secret',
	accessTokenUrl: `${ACCOUNTS_SERVER}/oauth/v2/token`,
	scope: '',
	apiDomain: '',
	oauthTokenData: {
		access_token: ACCESS_TOKEN,
		refresh_token: 'r',
		token_type: 'Bearer',
		api_domain: API_DOMAIN,
	},
} as unknown as ICredentialDataDecryptedObject;

/** A live chat node with its Zoho and TimelinesAI credentials; each test its own Zoho credential (caches). */
function liveChatNode(zohoCredentialId: string, allowedModules: string[] = ['Patients']) {
	const n8n = new TestN8n();
	n8n.credentials.set('timelines-test', { apiToken: TOKEN, baseUrl: BASE_URL });
	n8n.credentials.set(zohoCredentialId, zohoCredential);
	const node = nodeUnderTest({
		type: packType(new TimelinesAiLiveChat()),
		parameters: { allowedModules },
		credentials: {
			timelinesAiApi: { id: 'timelines-test', data: {} },
			zohoCrmOrgOAuth2Api: { id: zohoCredentialId, data: {} },
		},
	});
	node.webhookId = 'live-chat-test';
	const workflow = n8n.workflow({ nodes: [node] });
	const response = { status: () => response, json: () => response };
	return {
		backend: () =>
			liveChatBackend(
				n8n.webhookContext(
					workflow,
					NODE_UNDER_TEST,
					{ method: 'GET', query: {}, body: {}, headers: {} },
					response,
				),
				{ defaultCountry: 'GB' },
			),
		activate: async () =>
			await new TimelinesAiLiveChat().webhookMethods.default.create.call(
				n8n.hookContext(workflow, NODE_UNDER_TEST),
			),
	};
}

/** A custom module with two phone fields and a `Name`. */
const PATIENT_FIELDS = [
	{ api_name: 'Name', data_type: 'text' },
	{ api_name: 'Phone_1', data_type: 'phone' },
	{ api_name: 'Email', data_type: 'email' },
	{ api_name: 'Mobile_2', data_type: 'phone' },
];
const PATIENT = {
	id: '9001',
	Name: 'Bea Costa',
	Phone_1: '07700 900123',
	Mobile_2: '+49 151 23456789',
};

/**
 * Zoho answers after a short pause and records when each call started and ended: the longest chain of calls
 * where each started after the one before had ended is the number of sequential round trips (no timing).
 */
function zohoWithRoundTrips(
	fields: () => unknown[] = () => PATIENT_FIELDS,
	record: Record<string, unknown> = PATIENT,
) {
	const events: Array<{ kind: 'start' | 'end'; call: number; path: string }> = [];
	let calls = 0;
	const answer = (body: () => unknown) =>
		async function (this: { req: { path: string } }): Promise<[number, unknown]> {
			const call = calls++;
			events.push({ kind: 'start', call, path: this.req.path });
			await new Promise((resolve) => setTimeout(resolve, 30));
			events.push({ kind: 'end', call, path: this.req.path });
			return [200, body()];
		};
	zohoApi()
		.get(v8('/settings/fields'))
		.query(true)
		.times(5)
		.reply(answer(() => ({ fields: fields() })))
		.get(v8(`/Patients/${String(record.id)}`))
		.query(true)
		.times(5)
		.reply(answer(() => ({ data: [record] })));
	return {
		/** Forget the calls so far (e.g. activation's): the count is then the page opening's. */
		reset: () => {
			events.length = 0;
		},
		paths: () => events.filter((e) => e.kind === 'start').map((e) => e.path),
		sequentialRoundTrips(): number {
			const depth = new Map<number, number>();
			const ended: number[] = [];
			for (const event of events) {
				if (event.kind === 'end') ended.push(event.call);
				else depth.set(event.call, 1 + Math.max(0, ...ended.map((call) => depth.get(call) ?? 0)));
			}
			return Math.max(0, ...depth.values());
		},
	};
}

const chat = (id: number, phone: string) => ({ id, name: `chat ${id}`, phone, is_group: false });
const fillerChats = (from: number) =>
	Array.from({ length: 50 }, (_, index) =>
		chat(from + index, `+44770091${String(from + index).padStart(4, '0')}`),
	);

describe('every chat of the record', () => {
	it('walks every page of GET /chats?phone= and keeps the chats whose number is the same once normalised', async () => {
		timelinesApi()
			.get(api('/chats'))
			.query({ phone: '+447700900123', page: '1' })
			.reply(
				200,
				ok({ has_more_pages: true, chats: [...fillerChats(100), chat(1, '+447700900123')] }),
			)
			.get(api('/chats'))
			.query({ phone: '+447700900123', page: '2' })
			.reply(
				200,
				ok({
					has_more_pages: false,
					// A national spelling of the same number (default country GB), and a longer number containing it.
					chats: [chat(2, '07700 900123'), chat(3, '+4477009001234')],
				}),
			);
		const chats = await liveChatNode('zoho-pages').backend().findChatsByPhone('+447700900123');
		expect(chats.map((found) => found.id)).toEqual([1, 2]);
	});

	it('opens a record of a custom module and lists the chats of both its phone fields, one beyond the first page', async () => {
		zohoWithRoundTrips();
		timelinesApi()
			.get(api('/chats'))
			.query({ phone: '+447700900123', page: '1' })
			.reply(200, ok({ has_more_pages: true, chats: fillerChats(100) }))
			.get(api('/chats'))
			.query({ phone: '+447700900123', page: '2' })
			.reply(200, ok({ has_more_pages: false, chats: [chat(21, '+447700900123')] }))
			.get(api('/chats'))
			.query({ phone: '+4915123456789', page: '1' })
			.reply(200, ok({ has_more_pages: false, chats: [chat(22, '+4915123456789')] }))
			.get(api('/chats/21/messages'))
			.query(true)
			.reply(200, ok({ has_more_pages: false, messages: [] }))
			.get(api('/whatsapp_accounts'))
			.query(true)
			.reply(200, ok({ whatsapp_accounts: [] }))
			.get(api('/templates'))
			.query(true)
			.reply(200, ok({ templates: [] }));
		const deps = {
			...dependencies(undefined, chatConfig({ allowedModules: ['Patients'] })),
			backend: liveChatNode('zoho-custom').backend(),
		};
		const page = await handleChatRequest(
			request({ query: signedQuery({ module: 'Patients', recordId: '9001' }) }),
			deps,
		);
		const html = String(page.body);
		expect({ status: page.status, html: page.status === 200 ? '' : html }).toEqual({
			status: 200,
			html: '',
		});
		expect(html).toContain('Bea Costa');
		expect(html).toContain('+447700900123 · +4915123456789');
		expect(html).toContain('data-chat-id="21"');
		expect(html).toContain('data-chat-id="22"');
	});

	it('refuses a module the node does not allow, before any call', async () => {
		const deps = {
			...dependencies(undefined, chatConfig({ allowedModules: ['Leads'] })),
			backend: liveChatNode('zoho-refused').backend(),
		};
		const page = await handleChatRequest(
			request({ query: signedQuery({ module: 'Patients', recordId: '9001' }) }),
			deps,
		);
		expect(page.status).toBe(403);
	});
});

describe('first opening: sequential Zoho round trips', () => {
	it('is two (metadata, then record) on a process that has never seen the module', async () => {
		const zoho = zohoWithRoundTrips();
		const record = await liveChatNode('zoho-cold').backend().getRecord('Patients', '9001');
		expect(record?.phoneValues).toEqual(['07700 900123', '+49 151 23456789']);
		expect(zoho.sequentialRoundTrips()).toBe(2);
	});

	it('is one after activation warmed the metadata: the record only', async () => {
		const zoho = zohoWithRoundTrips();
		const node = liveChatNode('zoho-warm');
		await node.activate();
		expect(zoho.paths()).toEqual([expect.stringContaining('/settings/fields?module=Patients')]);
		zoho.reset();
		const record = await node.backend().getRecord('Patients', '9001');
		expect(record).toEqual({
			displayName: 'Bea Costa',
			phoneValues: ['07700 900123', '+49 151 23456789'],
		});
		expect(zoho.paths()).toEqual([
			expect.stringContaining('/Patients/9001?fields=Name%2CPhone_1%2CMobile_2'),
		]);
		expect(zoho.sequentialRoundTrips()).toBe(1);
	});

	it('stays one when the metadata cache has expired: metadata and record are read at the same time', async () => {
		const zoho = zohoWithRoundTrips();
		const node = liveChatNode('zoho-expired');
		await node.activate();
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + 11 * 60_000);
		zoho.reset();
		await node.backend().getRecord('Patients', '9001');
		expect(zoho.paths()).toHaveLength(2);
		expect(zoho.sequentialRoundTrips()).toBe(1);
	});

	it('reads the record again when a phone field was added in Zoho since the plan was made', async () => {
		let fields: unknown[] = PATIENT_FIELDS;
		const zoho = zohoWithRoundTrips(() => fields, { ...PATIENT, Home_Phone: '+33 6 12 34 56 78' });
		const node = liveChatNode('zoho-added');
		await node.activate();
		fields = [...PATIENT_FIELDS, { api_name: 'Home_Phone', data_type: 'phone' }];
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + 11 * 60_000);
		const record = await node.backend().getRecord('Patients', '9001');
		expect(record?.phoneValues).toEqual(['07700 900123', '+49 151 23456789', '+33 6 12 34 56 78']);
		expect(zoho.paths()).toHaveLength(4);
		expect(zoho.paths()[3]).toContain('Home_Phone');
	});
	it('activates even when Zoho fails to answer the metadata (the opening reads it then)', async () => {
		zohoApi()
			.get(v8('/settings/fields'))
			.query(true)
			.times(3)
			.reply(500, { code: 'INTERNAL_ERROR' });
		const node = liveChatNode('zoho-down');
		await expect(node.activate()).resolves.toBe(true);
		nock.cleanAll();
		const zoho = zohoWithRoundTrips();
		expect((await node.backend().getRecord('Patients', '9001'))?.displayName).toBe('Bea Costa');
		expect(zoho.sequentialRoundTrips()).toBe(2);
	});
});
