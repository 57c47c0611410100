// The sandbox's switches for what Zoho leaves undocumented (sandbox/zoho/zohoBehaviour.ts, sandbox/README.md):
// the control API, options and environment that set them, and what each reading does to the API.
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { OTHER_BEHAVIOUR } from '../../../sandbox/timelines/timelinesBehaviour';
import {
	DOCUMENTED_ZOHO_BEHAVIOUR,
	OTHER_ZOHO_BEHAVIOUR,
} from '../../../sandbox/zoho/zohoBehaviour';
import { zoho } from './zohoHttp';

let sandbox: RunningSandbox;

afterEach(async () => {
	await sandbox?.close();
});

async function control(path: string, body?: unknown): Promise<Record<string, unknown>> {
	const response = await fetch(`${sandbox.url}/__control/${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as Record<string, unknown>;
}

const search = async (value: string) =>
	await zoho(
		sandbox.url,
		'GET',
		`/Leads/search?criteria=${encodeURIComponent(`(Mobile:equals:${value})`)}`,
	);

async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
	const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
	Object.assign(process.env, vars);
	try {
		return await run();
	} finally {
		for (const [key, value] of Object.entries(before))
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
	}
}

describe('setting the readings', () => {
	it('GET shows them, POST changes the valid ones and ignores the rest, reset restores the start', async () => {
		sandbox = await startSandbox({ port: 0, reading: 'documented' });
		expect(await control('zoho/behaviour')).toEqual(DOCUMENTED_ZOHO_BEHAVIOUR);
		const changed = await control('zoho/behaviour', {
			searchEquals: 'exact',
			searchLagMs: 250,
			honourIfUnmodifiedSince: 'no', // not a boolean: ignored
			noteTitleMaxLength: 200, // neither 120 nor 255: ignored
			unknownSwitch: true,
		});
		expect(changed).toEqual({
			...DOCUMENTED_ZOHO_BEHAVIOUR,
			searchEquals: 'exact',
			searchLagMs: 250,
		});
		// The faults route keeps its aliases for the two readings it used to hold.
		await control('zoho/faults', { noteTitleMaxLength: 255, deletedNoteAnswer: 'not_allowed' });
		expect(await control('zoho/behaviour')).toMatchObject({
			noteTitleMaxLength: 255,
			deletedNoteAnswer: 'not_allowed',
		});
		await control('reset', {});
		expect(await control('zoho/behaviour')).toEqual(DOCUMENTED_ZOHO_BEHAVIOUR);
	});

	it("SANDBOX_READING=other flips every switch of both APIs; an option's own value wins; reset keeps the reading", async () => {
		sandbox = await withEnv(
			{ SANDBOX_READING: 'other' },
			async () => await startSandbox({ port: 0, zoho: { behaviour: { searchLagMs: 0 } } }),
		);
		expect(await control('zoho/behaviour')).toEqual({ ...OTHER_ZOHO_BEHAVIOUR, searchLagMs: 0 });
		expect(await control('timelines/behaviour')).toEqual(OTHER_BEHAVIOUR);
		await control('reset', {});
		expect(await control('zoho/behaviour')).toEqual({ ...OTHER_ZOHO_BEHAVIOUR, searchLagMs: 0 });
	});

	it('takes single switches from SANDBOX_ZOHO_* and SANDBOX_TIMELINES_* (npm start, npm run sandbox)', async () => {
		sandbox = await withEnv(
			{
				SANDBOX_READING: 'documented',
				SANDBOX_ZOHO_SEARCH_EQUALS: 'exact',
				SANDBOX_ZOHO_HONOUR_IF_UNMODIFIED_SINCE: 'false',
				SANDBOX_ZOHO_SEARCH_LAG_MS: '5000',
				SANDBOX_TIMELINES_GROUP_SENDER_PHONE: 'false',
			},
			async () => await startSandbox({ port: 0 }),
		);
		expect(await control('zoho/behaviour')).toEqual({
			...DOCUMENTED_ZOHO_BEHAVIOUR,
			searchEquals: 'exact',
			honourIfUnmodifiedSince: false,
			searchLagMs: 5000,
		});
		expect(await control('timelines/behaviour')).toMatchObject({ groupSenderPhone: false });
	});
});

describe('what each reading does', () => {
	beforeEach(async () => {
		sandbox = await startSandbox({ port: 0, reading: 'documented' });
	});

	it("searchEquals 'exact': only the stored text itself matches (case-insensitive)", async () => {
		sandbox.zoho.createRecord('Leads', { Last_Name: 'Doe', Mobile: '+447700900123' });
		expect((await search('7700900123')).status).toBe(200);
		sandbox.zoho.setBehaviour({ searchEquals: 'exact' });
		expect((await search('7700900123')).status).toBe(204);
		expect((await search('+447700900123')).json.data).toHaveLength(1);
	});

	it('searchLagMs: a record created or re-numbered through the API is found by search only after the lag; COQL and GET see it at once', async () => {
		sandbox.zoho.setBehaviour({ searchLagMs: 400 });
		const created = await zoho(sandbox.url, 'POST', '/Leads', {
			data: [{ Last_Name: 'Lag', Mobile: '+447700900124' }],
		});
		const id = created.json.data[0].details.id as string;
		expect((await search('+447700900124')).status).toBe(204);
		const coql = await zoho(sandbox.url, 'POST', '/coql', {
			select_query: "select id from Leads where Mobile = '+447700900124'",
		});
		expect(coql.json.data).toEqual([{ id }]);
		expect((await zoho(sandbox.url, 'GET', `/Leads/${id}?fields=Mobile`)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 450));
		expect((await search('+447700900124')).json.data).toHaveLength(1);

		await zoho(sandbox.url, 'PUT', `/Leads/${id}`, { data: [{ Mobile: '+447700900125' }] });
		expect((await search('+447700900125')).status).toBe(204);
		await zoho(sandbox.url, 'PUT', `/Leads/${id}`, { data: [{ Last_Name: 'Renamed' }] });
		await new Promise((resolve) => setTimeout(resolve, 450));
		expect((await search('+447700900125')).json.data).toHaveLength(1);
		// A change that leaves the phone alone keeps the record findable.
		await zoho(sandbox.url, 'PUT', `/Leads/${id}`, { data: [{ Last_Name: 'Again' }] });
		expect((await search('+447700900125')).json.data).toHaveLength(1);
		// Set-up data (control API, seed) stands for records that were there before: found at once.
		sandbox.zoho.createRecord('Leads', { Last_Name: 'Old', Mobile: '+447700900126' });
		expect((await search('+447700900126')).json.data).toHaveLength(1);
	});

	it('honourIfUnmodifiedSince false: PUT /Notes with a stale If-Unmodified-Since succeeds', async () => {
		const lead = sandbox.zoho.createRecord('Leads', { Last_Name: 'N', Mobile: '+447700900127' });
		const created = await zoho(sandbox.url, 'POST', `/Leads/${lead.id}/Notes`, {
			data: [{ Note_Title: 't', Note_Content: 'first' }],
		});
		const noteId = created.json.data[0].details.id as string;
		const stale = { 'If-Unmodified-Since': '2020-01-01T00:00:00+00:00' };
		const put = (content: string) =>
			zoho(
				sandbox.url,
				'PUT',
				`/Notes/${noteId}`,
				{ data: [{ Note_Content: content }] },
				undefined,
				stale,
			);
		expect((await put('refused')).status).toBe(412);
		sandbox.zoho.setBehaviour({ honourIfUnmodifiedSince: false });
		expect((await put('overwritten')).status).toBe(200);
		expect(sandbox.zoho.notesOf('Leads', lead.id)[0].Note_Content).toBe('overwritten');
	});
});
