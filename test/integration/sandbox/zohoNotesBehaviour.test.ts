// The sandbox's Zoho CRM v8 notes: limits, 412, persistence, and what Zoho answers about a note or record it
// no longer has (undocumented, docs/api-facts.md Zoho §11: both readings are playable).
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { zoho } from './zohoHttp';

let sandbox: RunningSandbox;

beforeEach(async () => {
	// These tests state the documented reading's answers (zohoReadings.test.ts: the other one).
	sandbox = await startSandbox({ port: 0, reading: 'documented' });
});

afterEach(async () => {
	await sandbox.close();
});

describe('notes', () => {
	it('requires fields on list, enforces the content limit, and refuses a stale If-Unmodified-Since with 412', async () => {
		const lead = sandbox.zoho.createRecord('Leads', {
			Last_Name: 'Noted',
			Mobile: '+447700900400',
		});
		expect((await zoho(sandbox.url, 'GET', `/Leads/${lead.id}/Notes`)).json.code).toBe(
			'REQUIRED_PARAM_MISSING',
		);

		sandbox.zoho.setFaults({ noteMaxLength: 100 });
		const tooLong = await zoho(sandbox.url, 'POST', `/Leads/${lead.id}/Notes`, {
			data: [{ Note_Title: 't', Note_Content: 'x'.repeat(101) }],
		});
		expect(tooLong.json.data[0]).toMatchObject({
			code: 'INVALID_DATA',
			details: { maximum_length: 100 },
		});

		const created = await zoho(sandbox.url, 'POST', `/Leads/${lead.id}/Notes`, {
			data: [{ Note_Title: 't', Note_Content: 'first' }],
		});
		const noteId = created.json.data[0].details.id;
		const read = await zoho(
			sandbox.url,
			'GET',
			`/Notes/${noteId}?fields=Note_Content,Modified_Time`,
		);
		const modified = read.json.data[0].Modified_Time;
		const fresh = await zoho(
			sandbox.url,
			'PUT',
			`/Notes/${noteId}`,
			{ data: [{ Note_Content: 'second' }] },
			undefined,
			{ 'If-Unmodified-Since': new Date(modified).toUTCString() },
		);
		expect(fresh.status).toBe(200);
		const stale = await zoho(
			sandbox.url,
			'PUT',
			`/Notes/${noteId}`,
			{ data: [{ Note_Content: 'lost update' }] },
			undefined,
			{ 'If-Unmodified-Since': new Date(modified).toUTCString() },
		);
		expect(stale.status).toBe(412);
		expect(sandbox.zoho.notesOf('Leads', lead.id)[0].Note_Content).toBe('second');
	});

	it('refuses the pre-v8 Parent_Id shape on POST /Notes', async () => {
		const lead = sandbox.zoho.createRecord('Leads', {
			Last_Name: 'Shape',
			Mobile: '+447700900401',
		});
		const old = await zoho(sandbox.url, 'POST', '/Notes', {
			data: [{ Note_Content: 'x', Parent_Id: lead.id, se_module: 'Leads' }],
		});
		expect(old.json.data[0].code).toBe('INVALID_DATA');
		const v8 = await zoho(sandbox.url, 'POST', '/Notes', {
			data: [{ Note_Content: 'x', Parent_Id: { module: { api_name: 'Leads' }, id: lead.id } }],
		});
		expect(v8.json.data[0].code).toBe('SUCCESS');
	});
});

describe('persistence', () => {
	it('keeps records across a restart with a state file', async () => {
		const { mkdtempSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const stateFile = `${mkdtempSync(`${tmpdir()}/sandbox-state-`)}/state.json`;
		const first = await startSandbox({ port: 0, stateFile });
		const lead = first.zoho.createRecord('Leads', {
			Last_Name: 'Persistent',
			Mobile: '+447700900500',
		});
		await first.close();
		const second = await startSandbox({ port: 0, stateFile });
		try {
			expect(second.zoho.record('Leads', lead.id)?.Last_Name).toBe('Persistent');
		} finally {
			await second.close();
		}
	});
});

describe('a note or record Zoho no longer has', () => {
	const noteOf = async (recordId: string, title = 't') =>
		(
			await zoho(sandbox.url, 'POST', `/Leads/${recordId}/Notes`, {
				data: [{ Note_Title: title, Note_Content: 'first' }],
			})
		).json.data[0].details.id as string;

	it('answers a deleted note: GET 204, PUT 400 INVALID_DATA naming the id (default reading)', async () => {
		const lead = sandbox.zoho.createRecord('Leads', { Last_Name: 'Gone', Mobile: '+447700900410' });
		const noteId = await noteOf(lead.id);
		expect((await zoho(sandbox.url, 'DELETE', `/Notes/${noteId}`)).status).toBe(200);
		expect((await zoho(sandbox.url, 'GET', `/Notes/${noteId}?fields=Note_Content`)).status).toBe(
			204,
		);
		const put = await zoho(sandbox.url, 'PUT', `/Notes/${noteId}`, {
			data: [{ Note_Content: 'again' }],
		});
		expect(put.status).toBe(400);
		expect(put.json.data[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'id' } });
	});

	it('plays the other reading on demand: NOT_ALLOWED', async () => {
		const lead = sandbox.zoho.createRecord('Leads', { Last_Name: 'Gone', Mobile: '+447700900411' });
		const noteId = await noteOf(lead.id);
		await zoho(sandbox.url, 'DELETE', `/Notes/${noteId}`);
		const control = await fetch(`${sandbox.url}/__control/zoho/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ deletedNoteAnswer: 'not_allowed' }),
		});
		expect(((await control.json()) as { deletedNoteAnswer: string }).deletedNoteAnswer).toBe(
			'not_allowed',
		);
		const put = await zoho(sandbox.url, 'PUT', `/Notes/${noteId}`, {
			data: [{ Note_Content: 'again' }],
		});
		expect(put.json.data[0]).toMatchObject({ code: 'NOT_ALLOWED', details: { id: noteId } });
	});

	it('deletes a record with its notes: the record GET 204, its notes list and new notes INVALID_DATA', async () => {
		const lead = sandbox.zoho.createRecord('Leads', {
			Last_Name: 'Merged',
			Mobile: '+447700900412',
		});
		const noteId = await noteOf(lead.id);
		const deleted = await zoho(sandbox.url, 'DELETE', `/Leads/${lead.id}`);
		expect(deleted.json.data[0]).toMatchObject({ code: 'SUCCESS', details: { id: lead.id } });
		expect((await zoho(sandbox.url, 'GET', `/Leads/${lead.id}`)).status).toBe(204);
		expect((await zoho(sandbox.url, 'GET', `/Notes/${noteId}?fields=Note_Content`)).status).toBe(
			204,
		);
		const list = await zoho(sandbox.url, 'GET', `/Leads/${lead.id}/Notes?fields=Note_Title`);
		expect(list.json.code).toBe('INVALID_DATA');
		const create = await zoho(sandbox.url, 'POST', `/Leads/${lead.id}/Notes`, {
			data: [{ Note_Title: 't', Note_Content: 'x' }],
		});
		expect(create.json.data[0]).toMatchObject({
			code: 'INVALID_DATA',
			details: { api_name: 'Parent_Id' },
		});
	});

	it('refuses a note title over 120 characters, or over 255 when set to play that limit', async () => {
		const lead = sandbox.zoho.createRecord('Leads', {
			Last_Name: 'Title',
			Mobile: '+447700900413',
		});
		const post = async (length: number) =>
			await zoho(sandbox.url, 'POST', `/Leads/${lead.id}/Notes`, {
				data: [{ Note_Title: 'T'.repeat(length), Note_Content: 'x' }],
			});
		expect((await post(120)).json.data[0].code).toBe('SUCCESS');
		expect((await post(121)).json.data[0]).toMatchObject({
			code: 'INVALID_DATA',
			details: { api_name: 'Note_Title', maximum_length: 120 },
		});
		sandbox.zoho.setFaults({ noteTitleMaxLength: 255 });
		expect((await post(255)).json.data[0].code).toBe('SUCCESS');
		expect((await post(256)).json.data[0].details.maximum_length).toBe(255);
	});

	it("gives the field lengths the pack fits values to (Leads' First_Name 40, Last_Name 80, Mobile 30)", async () => {
		const fields = (await zoho(sandbox.url, 'GET', '/settings/fields?module=Leads')).json
			.fields as Array<{ api_name: string; length: number | null }>;
		const length = (name: string) => fields.find((f) => f.api_name === name)?.length;
		expect([length('First_Name'), length('Last_Name'), length('Mobile')]).toEqual([40, 80, 30]);
	});
});
