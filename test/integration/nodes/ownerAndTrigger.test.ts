/**
 * Who owns a new record (Resolve Owner feeding Match or Create, as in the bundled workflow), and the
 * TimelinesAI Trigger's door: its secret and its repeated-delivery guard. Same harness as
 * syncPipeline.test.ts: real node classes, the sandbox over HTTP, assertions on Zoho's stored state.
 */
import { randomUUID } from 'node:crypto';

import { startPipelineFixture, type PipelineFixture } from './harness/pipelineFixture';
import type { SimulatedMessage, ZohoRecordView } from './harness/sandboxApi';

let f: PipelineFixture;

/** A connected WhatsApp number whose owner left: a Zoho user, but deactivated (seed: former.employee@…). */
const FORMER_EMPLOYEES_NUMBER = '+447700900003';

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: 'Europe/London', numberPrefix: '+3461231' });
	f.sandbox.timelines.state.accounts.push({
		id: '447700900003@s.whatsapp.net',
		phone: FORMER_EMPLOYEES_NUMBER,
		account_name: 'Sandbox Former',
		owner_email: 'former.employee@sandbox.example',
		owner_name: 'Former Employee',
		status: 'active',
		connected: 0, // the oldest: never the default sender of the other tests' messages
	});
});

afterAll(async () => {
	await f?.close();
});

beforeEach(() => f.use());

describe('the owner of a new record', () => {
	async function createdLead(message: Omit<SimulatedMessage, 'phone'>) {
		const phone = f.newNumber();
		await f.api.simulateMessage({ phone, text: 'Hello', ...message });
		const [execution] = await f.pipeline.settle();
		expect(execution.created).toHaveLength(1);
		const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
		return { lead, owner: execution.owner[0].json.owner as { id: string; rule: string } };
	}
	const ownerId = (record: ZohoRecordView) => (record.Owner as { id: string }).id;

	it("is the chat's responsible teammate when their email is a Zoho user", async () => {
		// On the sales number (owner Sam), assigned to Priya: the responsible wins.
		const { lead, owner } = await createdLead({
			name: 'Resp Onsible',
			responsible_email: 'priya.support@sandbox.example',
		});
		expect(ownerId(lead)).toBe((await f.api.userByEmail('priya.support@sandbox.example')).id);
		expect(owner.rule).toBe('chat_responsible');
	});

	it("is the WhatsApp number's owner when the chat has no responsible", async () => {
		const { lead, owner } = await createdLead({
			name: 'Acc Owner',
			whatsapp_account_phone: '+447700900001',
		});
		expect(ownerId(lead)).toBe((await f.api.userByEmail('sam.sales@sandbox.example')).id);
		expect(owner.rule).toBe('whatsapp_account_owner');
	});

	it('falls back to the Zoho user who connected the credential when no email is an active Zoho user', async () => {
		const { lead, owner } = await createdLead({
			name: 'Fall Back',
			whatsapp_account_phone: FORMER_EMPLOYEES_NUMBER,
		});
		const [connectingUser] = await f.api.users('CurrentUser');
		// Zoho would make the API user the owner anyway when Owner is left out: check the node chose it.
		expect(owner).toMatchObject({ id: connectingUser.id, rule: 'connecting_user' });
		expect(ownerId(lead)).toBe(connectingUser.id);
	});

	it('falls back to the user chosen in the node when one is set', async () => {
		const sam = await f.api.userByEmail('sam.sales@sandbox.example');
		f.use({ 'Resolve Owner': { fallbackUserId: sam.id } });
		const { lead, owner } = await createdLead({
			name: 'Cho Sen',
			whatsapp_account_phone: FORMER_EMPLOYEES_NUMBER,
		});
		expect(ownerId(lead)).toBe(sam.id);
		expect(owner.rule).toBe('fallback_user');
	});
});

describe('the TimelinesAI Trigger', () => {
	/** A genuine delivery's body, with a message uid nobody delivered yet. */
	async function freshPayload(): Promise<{ body: Record<string, unknown>; phone: string }> {
		const phone = f.newNumber();
		await f.api.simulateMessage({ phone, name: 'Real Delivery', text: 'A genuine message' });
		await f.pipeline.settle();
		const body = structuredClone(f.pipeline.received.at(-1)?.body) as {
			message: Record<string, unknown>;
		};
		body.message.message_uid = randomUUID();
		body.message.text = 'A forged message';
		return { body, phone };
	}
	const post = async (query: string, body: unknown) => {
		const response = await fetch(`${f.pipeline.webhookUrl}${query}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return response.status;
	};

	it('answers 401 and starts no execution for a call without the secret or with a wrong one', async () => {
		const { body, phone } = await freshPayload();
		const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
		const notesBefore = (await f.api.notesOf('Leads', lead.id))[0].Note_Content;

		expect(await post('', body)).toBe(401);
		expect(await post('?secret=not-the-secret', body)).toBe(401);
		expect(await f.pipeline.settle()).toEqual([]);
		expect((await f.api.notesOf('Leads', lead.id))[0].Note_Content).toBe(notesBefore);
		// The same body with the registered secret is accepted: the 401s were the secret's doing.
		const registered =
			f.pipeline.received.find((call) => call.answer.status === 200 && call.query.secret)?.query
				.secret ?? '';
		expect(await post(`?secret=${registered}`, body)).toBe(200);
		await f.pipeline.settle();
		expect((await f.api.notesOf('Leads', lead.id))[0].Note_Content).toContain('A forged message');
	});

	it('acknowledges a repeated delivery of a message without starting another execution (default)', async () => {
		const phone = f.newNumber();
		const { message_uid } = await f.api.simulateMessage({
			phone,
			name: 'Rep Eated',
			text: 'Once is enough',
		});
		await f.api.redeliver(message_uid);
		await f.api.redeliver(message_uid);

		expect(await f.pipeline.settle()).toHaveLength(1);
		expect(f.pipeline.received.slice(-2).map((call) => call.answer)).toEqual([
			{ status: 200, body: { status: 'ignored', reason: 'repeated delivery' } },
			{ status: 200, body: { status: 'ignored', reason: 'repeated delivery' } },
		]);
	});
});

describe('the Zoho credential', () => {
	// Last in the file: after this every credential copy holds an expired token and refreshes once
	// (Zoho allows 10 refreshes per 10 minutes per refresh token).
	it('gets a new access token when Zoho answers 401 INVALID_TOKEN, and the message still lands', async () => {
		const expired = await fetch(`${f.sandbox.url}/__control/zoho/tokens/expire`, {
			method: 'POST',
		});
		expect(expired.status).toBe(200);
		const phone = f.newNumber();
		await f.api.simulateMessage({ phone, name: 'Token Expired', text: 'Written after a refresh' });
		const [execution] = await f.pipeline.settle();

		expect(execution.notes).toHaveLength(1);
		const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
		expect((await f.api.notesOf('Leads', lead.id))[0].Note_Content).toContain(
			'Written after a refresh',
		);
		expect([...f.pipeline.credentials.refreshes.values()]).toEqual([1]);
	});
});
