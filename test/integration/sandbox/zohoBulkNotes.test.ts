// The sandbox's Zoho bulk note calls (docs/api-facts.md Zoho §10): credits per call as the credit table says
// for records, or per note (how Zoho meters notes is not documented: both readings), per-item results of a
// partly refused bulk write (207 or 202), and the admin-only GET /Notes?ids=.
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { zoho } from './zohoHttp';

let sandbox: RunningSandbox;

beforeEach(async () => {
	sandbox = await startSandbox({ port: 0, reading: 'documented' });
});

afterEach(async () => {
	await sandbox.close();
});

const creditsUsed = () => sandbox.zoho.credits().used;

/** `count` notes on one new lead, created one per call; their ids. */
async function notesOnALead(count: number): Promise<string[]> {
	const lead = sandbox.zoho.createRecord('Leads', { Last_Name: 'Bulk', Mobile: '+447700900777' });
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		const created = await zoho(sandbox.url, 'POST', `/Leads/${lead.id}/Notes`, {
			data: [{ Note_Title: `note ${index}`, Note_Content: 'first' }],
		});
		ids.push(created.json.data[0].details.id);
	}
	return ids;
}

describe('bulk note writes', () => {
	it.each([
		['perTenRecords', [1, 1, 2, 3, 10]],
		['perNote', [1, 10, 11, 25, 100]],
	] as const)(
		'charge %s: PUT /Notes of 1, 10, 11, 25 and 100 notes',
		async (metering, expected) => {
			sandbox.zoho.setBehaviour({ noteWriteMetering: metering });
			const ids = await notesOnALead(100);
			const charged: number[] = [];
			for (const count of [1, 10, 11, 25, 100]) {
				const before = creditsUsed();
				const answer = await zoho(sandbox.url, 'PUT', '/Notes', {
					data: ids.slice(0, count).map((id) => ({ id, Note_Content: `now ${count}` })),
				});
				expect(answer.status).toBe(200);
				charged.push(creditsUsed() - before);
			}
			expect(charged).toEqual(expected);
		},
	);

	it.each([207, 202] as const)(
		'answer %s when some notes are written and one is refused, each item with its own result',
		async (partial) => {
			sandbox.zoho.setBehaviour({ partialSuccessStatus: partial });
			const [first, second] = await notesOnALead(2);
			const answer = await zoho(sandbox.url, 'PUT', '/Notes', {
				data: [
					{ id: first, Note_Content: 'written' },
					{ id: '999999999999999999', Note_Content: 'no such note' },
					{ id: second, Note_Content: 'written too' },
				],
			});
			expect(answer.status).toBe(partial);
			expect(answer.json.data.map((item: { status: string }) => item.status)).toEqual([
				'success',
				'error',
				'success',
			]);
			const read = await zoho(sandbox.url, 'GET', `/Notes/${second}?fields=Note_Content`);
			expect(read.json.data[0].Note_Content).toBe('written too');
		},
	);

	it('creates up to 100 notes across records in one POST /Notes at the records rate', async () => {
		const leads = ['+447700900701', '+447700900702', '+447700900703'].map((Mobile, index) =>
			sandbox.zoho.createRecord('Leads', { Last_Name: `L${index}`, Mobile }),
		);
		const before = creditsUsed();
		const answer = await zoho(sandbox.url, 'POST', '/Notes', {
			data: leads.map((lead) => ({
				Note_Title: 'WhatsApp Chat with L (01/12/2026)',
				Note_Content: 'hello',
				Parent_Id: { module: { api_name: 'Leads' }, id: lead.id },
			})),
		});
		expect(answer.status).toBe(201);
		expect(creditsUsed() - before).toBe(1);
		const tooMany = await zoho(sandbox.url, 'POST', '/Notes', {
			data: Array.from({ length: 101 }, () => ({
				Note_Title: 't',
				Note_Content: 'c',
				Parent_Id: { module: { api_name: 'Leads' }, id: leads[0].id },
			})),
		});
		expect(tooMany.status).toBe(400);
	});
});

describe('GET /Notes?ids= (administrators only)', () => {
	it('reads the named notes in one call for 1 credit when the connection is an admin', async () => {
		const ids = await notesOnALead(5);
		const before = creditsUsed();
		const answer = await zoho(
			sandbox.url,
			'GET',
			`/Notes?ids=${[ids[1], ids[3]].join(',')}&fields=Note_Content,Modified_Time`,
		);
		expect(answer.status).toBe(200);
		expect(answer.json.data.map((note: { id: string }) => note.id).sort()).toEqual(
			[ids[1], ids[3]].sort(),
		);
		expect(creditsUsed() - before).toBe(1);
	});

	it('answers 403 NO_PERMISSION when the connection user is not an administrator', async () => {
		const ids = await notesOnALead(1);
		const control = await fetch(`${sandbox.url}/__control/zoho/connection-user`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ admin: false }),
		});
		expect(await control.json()).toEqual({ admin: false, email: 'sam.sales@sandbox.example' });
		const answer = await zoho(sandbox.url, 'GET', `/Notes?ids=${ids[0]}&fields=Note_Content`);
		expect(answer.status).toBe(403);
		expect(answer.json.code).toBe('NO_PERMISSION');
		// The note itself stays readable by id, as for any user who can see its record.
		const byId = await zoho(sandbox.url, 'GET', `/Notes/${ids[0]}?fields=Note_Content`);
		expect(byId.status).toBe(200);
		const me = await zoho(sandbox.url, 'GET', '/users?type=CurrentUser');
		expect(me.json.users[0].profile.name).toBe('Standard');
	});
});
