// The Zoho CRM v8 behaviours the pack depends on, as the sandbox reproduces them (zoho-crm.md).
import { SANDBOX_CLIENT, startSandbox, type RunningSandbox } from '../../../sandbox';
import { zoho } from './zohoHttp';

let sandbox: RunningSandbox;

beforeEach(async () => {
	// These tests state the documented reading's answers (zohoReadings.test.ts: the other one).
	sandbox = await startSandbox({ port: 0, reading: 'documented' });
});

afterEach(async () => {
	await sandbox.close();
});

const criteria = (text: string): string => `criteria=${encodeURIComponent(text)}`;

describe('search', () => {
	it('answers 204 with an empty body when nothing matches', async () => {
		const answer = await zoho(
			sandbox.url,
			'GET',
			`/Leads/search?${criteria('(Mobile:equals:+15550000000)')}`,
		);
		expect(answer.status).toBe(204);
		expect(answer.text).toBe('');
	});

	it('treats equals like contains (v8), with + sent as %2B', async () => {
		sandbox.zoho.createRecord('Leads', { Last_Name: 'Doe', Mobile: '+447700900123' });
		const partial = await zoho(
			sandbox.url,
			'GET',
			`/Leads/search?${criteria('(Mobile:equals:7700900123)')}`,
		);
		expect(partial.status).toBe(200);
		expect(partial.json.data.map((r: { Mobile: string }) => r.Mobile)).toEqual(['+447700900123']);
		const encoded = await zoho(
			sandbox.url,
			'GET',
			`/Leads/search?${criteria('(Mobile:equals:+447700900123)')}`,
		);
		expect(encoded.json.data).toHaveLength(1);
	});

	it('reads a raw + in the query as a space, so it does not match', async () => {
		sandbox.zoho.createRecord('Leads', { Last_Name: 'Doe', Mobile: '+447700900123' });
		const raw = await zoho(
			sandbox.url,
			'GET',
			'/Leads/search?criteria=(Mobile:equals:+447700900123)',
		);
		expect(raw.status).toBe(204);
	});

	it('stops paging at 2,000 records', async () => {
		const answer = await zoho(
			sandbox.url,
			'GET',
			`/Leads/search?${criteria('(Last_Name:starts_with:A)')}&page=11&per_page=200`,
		);
		expect(answer.status).toBe(400);
		expect(answer.json.code).toBe('LIMIT_REACHED');
	});
});

describe('lead conversion', () => {
	it('hides converted leads unless converted=true|both, links the Contact, and refuses updates', async () => {
		const lead = sandbox.zoho.createRecord('Leads', {
			First_Name: 'Conv',
			Last_Name: 'Erted',
			Mobile: '+447700900200',
			Company: 'Conv Ltd',
		});
		const converted = await zoho(sandbox.url, 'POST', `/Leads/${lead.id}/actions/convert`, {
			data: [{ overwrite: true }],
		});
		expect(converted.status).toBe(200);
		const contactId = converted.json.data[0].details.Contacts.id;
		expect(contactId).toEqual(expect.any(String));

		expect(
			(await zoho(sandbox.url, 'GET', `/Leads/search?${criteria('(Mobile:equals:+447700900200)')}`))
				.status,
		).toBe(204);
		const both = await zoho(
			sandbox.url,
			'GET',
			`/Leads/search?${criteria('(Mobile:equals:+447700900200)')}&converted=both`,
		);
		expect(both.json.data[0]).toMatchObject({ id: lead.id, Converted__s: true });
		expect(
			both.json.data[0].Converted_Contact.id ?? both.json.data[0].$converted_detail?.contact?.id,
		).toBe(contactId);

		const hidden = await zoho(sandbox.url, 'GET', `/Leads/${lead.id}`);
		expect(hidden.status).toBe(204);
		expect((await zoho(sandbox.url, 'GET', `/Leads/${lead.id}?converted=true`)).status).toBe(200);

		const update = await zoho(sandbox.url, 'PUT', `/Leads/${lead.id}`, {
			data: [{ Company: 'changed' }],
		});
		expect(JSON.stringify(update.json)).toContain('CONVERTED_RECORD');
		const contact = await zoho(sandbox.url, 'GET', `/Contacts/${contactId}`);
		expect(contact.json.data[0].Mobile).toBe('+447700900200');
	});
});

describe('unique fields', () => {
	it('creates exactly one record from 20 concurrent creates with the same unique phone', async () => {
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				zoho(sandbox.url, 'POST', '/Leads', {
					data: [{ Last_Name: `Racer ${i}`, Mobile: '+447700900300' }],
				}),
			),
		);
		const items = answers.map((a) => a.json.data[0]);
		const created = items.filter((item) => item.code === 'SUCCESS');
		const duplicates = items.filter((item) => item.code === 'DUPLICATE_DATA');
		expect(created).toHaveLength(1);
		expect(duplicates).toHaveLength(19);
		for (const duplicate of duplicates)
			expect(duplicate.details.duplicate_record.id).toBe(created[0].details.id);
		expect(sandbox.zoho.records('Leads').filter((r) => r.Mobile === '+447700900300')).toHaveLength(
			1,
		);
	});
});

describe('limits', () => {
	it('answers 429 TOO_MANY_REQUESTS above the concurrency limit', async () => {
		sandbox.zoho.setFaults({ latencyMs: 300, concurrencyLimit: 3 });
		const answers = await Promise.all(
			Array.from({ length: 8 }, () => zoho(sandbox.url, 'GET', '/org')),
		);
		expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
		const refused = answers.filter((a) => a.status === 429);
		expect(refused).toHaveLength(5);
		expect(refused[0].json.code).toBe('TOO_MANY_REQUESTS');
	});

	it('reports the remaining credits once half the day is used (or always, in the other reading), and they go down', async () => {
		const header = async () =>
			(await zoho(sandbox.url, 'GET', '/org')).headers.get('x-api-credits-remaining');
		sandbox.zoho.setBehaviour({ creditsRemainingHeader: 'fromHalfUsed' });
		expect(await header()).toBeNull();
		sandbox.zoho.setCreditsUsed(Math.ceil(sandbox.zoho.credits().remaining * 0.6));
		const a = Number(await header());
		const b = Number(await header());
		expect(a).toBeGreaterThan(0);
		expect(b).toBeLessThan(a);
		sandbox.zoho.setCreditsUsed(0);
		sandbox.zoho.setBehaviour({ creditsRemainingHeader: 'always' });
		expect(Number(await header())).toBeGreaterThan(0);
	});

	it('injects 500s on demand', async () => {
		sandbox.zoho.setFaults({ rate500: 1 });
		const answer = await zoho(sandbox.url, 'GET', '/org');
		expect(answer.status).toBe(500);
		expect(answer.json.code).toBe('INTERNAL_ERROR');
	});

	it('takes the org limits through the control API as its README says (concurrency, note length)', async () => {
		const before = sandbox.zoho.faults();
		try {
			const response = await fetch(`${sandbox.url}/__control/zoho/faults`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ concurrencyLimit: 4, noteMaxLength: 1234 }),
			});
			expect(response.status).toBe(200);
			expect(sandbox.zoho.faults()).toMatchObject({ concurrencyLimit: 4, noteMaxLength: 1234 });
		} finally {
			sandbox.zoho.setFaults({
				concurrencyLimit: before.concurrencyLimit,
				noteMaxLength: before.noteMaxLength,
			});
		}
	});
});

describe('OAuth2', () => {
	async function authorize(): Promise<{ code: string; location: URL }> {
		const redirect = 'http://127.0.0.1:1/callback';
		const url = `${sandbox.url}/oauth/v2/auth?response_type=code&client_id=${SANDBOX_CLIENT.clientId}&scope=ZohoCRM.modules.ALL&redirect_uri=${encodeURIComponent(redirect)}&access_type=offline&prompt=consent&state=xyz`;
		const consent = await fetch(url, { redirect: 'manual' });
		expect(consent.status).toBe(302);
		const location = new URL(String(consent.headers.get('location')));
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(location.searchParams.get('location')).toBe('us');
		expect(location.searchParams.get('accounts-server')).toBe(sandbox.url);
		return { code: String(location.searchParams.get('code')), location };
	}

	const token = async (params: Record<string, string>) =>
		(await (
			await fetch(`${sandbox.url}/oauth/v2/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams(params),
			})
		).json()) as Record<string, string | number>;

	it('grants tokens for a code; an expired token answers 401 INVALID_TOKEN; the refresh token gets a working one', async () => {
		const { code } = await authorize();
		const grant = await token({
			grant_type: 'authorization_code',
			code,
			client_id: SANDBOX_CLIENT.clientId,
			client_secret: SANDBOX_CLIENT.clientSecret,
			redirect_uri: 'http://127.0.0.1:1/callback',
		});
		expect(grant).toMatchObject({
			api_domain: sandbox.url,
			token_type: 'Bearer',
			expires_in: 3600,
		});
		expect(
			(await zoho(sandbox.url, 'GET', '/org', undefined, String(grant.access_token))).status,
		).toBe(200);

		sandbox.zoho.expireTokens();
		const expired = await zoho(sandbox.url, 'GET', '/org', undefined, String(grant.access_token));
		expect(expired.status).toBe(401);
		expect(expired.json.code).toBe('INVALID_TOKEN');

		const refreshed = await token({
			grant_type: 'refresh_token',
			refresh_token: String(grant.refresh_token),
			client_id: SANDBOX_CLIENT.clientId,
			client_secret: SANDBOX_CLIENT.clientSecret,
		});
		expect(
			(await zoho(sandbox.url, 'GET', '/org', undefined, String(refreshed.access_token))).status,
		).toBe(200);
	});

	it('refuses a wrong client secret', async () => {
		const { code } = await authorize();
		const answer = await token({
			grant_type: 'authorization_code',
			code,
			client_id: SANDBOX_CLIENT.clientId,
			client_secret: 'wrong',
			redirect_uri: 'http://127.0.0.1:1/callback',
		});
		expect(answer.error).toBe('invalid_client');
		expect(answer.access_token).toBeUndefined();
	});
});
