/**
 * Group chats logged per participant (opt-in), through the bundled sync workflow against the sandbox
 * (same harness as syncPipeline.test.ts): the trigger's Include Group Chats on, Match or Create's Group
 * Chats "Log to Each Participant's Record". Whether TimelinesAI sends a group sender's phone is UNVERIFIED:
 * under SANDBOX_READING=other it does not (the pack then finds the sender by name among the group's
 * members); every assertion here holds in both readings.
 */
import { DateTime } from 'luxon';

import {
	messageLines,
	occurrences,
	startPipelineFixture,
	type PipelineFixture,
} from './harness/pipelineFixture';

const ORG_TIME_ZONE = 'Europe/Berlin';
let f: PipelineFixture;

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: ORG_TIME_ZONE, numberPrefix: '+3461233' });
});

afterAll(async () => {
	await f?.close();
});

const perParticipant = (create = false) =>
	f.use({
		'TimelinesAI Trigger': {
			options: { includeGroupChats: true, ignoreRepeatedDeliveries: false },
		},
		'Match or Create Record': { groupChats: 'perParticipant', createGroupParticipants: create },
	});

interface Group {
	name: string;
	ana: { phone: string; id: string };
	ben: { phone: string; id: string };
	carol: { phone: string };
	members: Array<{ name: string; phone: string }>;
}

let groups = 0;
/** A group whose participants Ana and Ben have leads (entered by a person) and Carol has none. */
async function group(): Promise<Group> {
	const name = `Falcon ${++groups}`;
	const [ana, ben, carol] = [f.newNumber(), f.newNumber(), f.newNumber()];
	const anaLead = await f.api.createRecord('Leads', { Last_Name: `Ana ${name}`, Mobile: ana });
	const benLead = await f.api.createRecord('Leads', { Last_Name: `Ben ${name}`, Mobile: ben });
	return {
		name,
		ana: { phone: ana, id: anaLead.id },
		ben: { phone: ben, id: benLead.id },
		carol: { phone: carol },
		members: [
			{ name: `Ana ${name}`, phone: ana },
			{ name: `Ben ${name}`, phone: ben },
			{ name: `Carol ${name}`, phone: carol },
		],
	};
}

const title = (name: string) => `WhatsApp Group ${name} (${f.orgDay(DateTime.now())})`;

async function groupNotes(recordId: string) {
	return (await f.api.notesOf('Leads', recordId)).filter((note) =>
		(note.Note_Title ?? '').startsWith('WhatsApp Group'),
	);
}

describe('group chats logged to each participant', () => {
	it("logs a received group message to its sender's record only, in a note titled with the group", async () => {
		perParticipant();
		const g = await group();
		await f.api.simulateMessage({
			phone: g.ana.phone,
			name: `Ana ${g.name}`,
			is_group: true,
			group_name: g.name,
			group_members: g.members,
			text: 'Ana writes to the group',
		});
		const [execution] = await f.pipeline.settle();

		expect(execution.matched.map((item) => (item.json.zoho as { id: string }).id)).toEqual([
			g.ana.id,
		]);
		const [note] = await groupNotes(g.ana.id);
		expect(note.Note_Title).toBe(title(g.name));
		expect(note.Note_Content).toContain(`← Ana ${g.name}`);
		expect(note.Note_Content).toContain('Ana writes to the group');
		expect(await groupNotes(g.ben.id)).toEqual([]);
	});

	it('logs a sent group message to every participant already in Zoho, once each even when delivered again, and creates nobody', async () => {
		perParticipant();
		const g = await group();
		const leadsBefore = (await f.api.records('Leads')).length;
		const { message_uid } = await f.api.simulateMessage({
			phone: g.ana.phone,
			direction: 'sent',
			is_group: true,
			group_name: g.name,
			group_members: g.members,
			text: 'Team, the delivery is on Monday',
		});
		await f.api.redeliver(message_uid);
		const executions = await f.pipeline.settle();

		expect(executions).toHaveLength(2);
		for (const execution of executions) {
			expect(execution.matched.map((item) => (item.json.zoho as { id: string }).id).sort()).toEqual(
				[g.ana.id, g.ben.id].sort(),
			);
			// both fan-out items are paired with the one message item
			expect(execution.matched.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
			expect(execution.notes).toHaveLength(2);
		}
		for (const id of [g.ana.id, g.ben.id]) {
			const notes = await groupNotes(id);
			expect(notes.map((note) => note.Note_Title)).toEqual([title(g.name)]);
			expect(messageLines(notes[0].Note_Content)).toBe(1);
			expect(occurrences(notes[0].Note_Content, 'Team, the delivery is on Monday')).toBe(1);
		}
		expect(await f.api.recordsWhere('Leads', 'Mobile', g.carol.phone)).toEqual([]);
		expect((await f.api.records('Leads')).length).toBe(leadsBefore);
	});

	it('skips a received message whose sender has no record, saying why, unless records are created for participants', async () => {
		perParticipant();
		const g = await group();
		await f.api.simulateMessage({
			phone: g.carol.phone,
			name: `Carol ${g.name}`,
			is_group: true,
			group_name: g.name,
			group_members: g.members,
			text: 'Carol says hi',
		});
		const [skippedRun] = await f.pipeline.settle();
		expect(skippedRun.skipped.map((item) => item.json.sync)).toEqual([
			expect.objectContaining({
				outcome: 'skipped',
				reason: expect.stringContaining(`The group sender Carol ${g.name} (`),
			}),
		]);
		expect(await f.api.recordsWhere('Leads', 'Mobile', g.carol.phone)).toEqual([]);

		perParticipant(true);
		await f.api.simulateMessage({
			phone: g.carol.phone,
			name: `Carol ${g.name}`,
			is_group: true,
			group_name: g.name,
			text: 'Carol again',
		});
		const [createdRun] = await f.pipeline.settle();
		expect(createdRun.created).toHaveLength(1);
		const [carol] = await f.api.recordsWhere('Leads', 'Mobile', g.carol.phone);
		// named after the participant, not the group
		expect(`${String(carol.First_Name)} ${String(carol.Last_Name)}`).toBe(`Carol ${g.name}`);
		expect(carol.Lead_Source).toBe('TimelinesAI');
		const [note] = await groupNotes(carol.id);
		expect(note.Note_Title).toBe(title(g.name));
		expect(note.Note_Content).toContain('Carol again');
	});
});
