// Zoho's official TypeScript SDK (v8) against the sandbox: search, create and read records and notes.
// If the SDK can talk to it, the sandbox's paths, shapes and headers are close to real Zoho's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as ZOHOCRMSDK from '@zohocrm/typescript-sdk-8.0';

import { SANDBOX_STATIC_ACCESS_TOKEN, startSandbox, type RunningSandbox } from '../../../sandbox';

let sandbox: RunningSandbox;
let resourcePath: string;

beforeAll(async () => {
	// Zoho's SDK against the documented reading (a search right after a create: no index lag).
	sandbox = await startSandbox({ port: 0, reading: 'documented' });
	resourcePath = mkdtempSync(path.join(tmpdir(), 'zoho-sdk-'));
	const environment = new ZOHOCRMSDK.Environment(sandbox.url, sandbox.url, sandbox.url);
	const token = new ZOHOCRMSDK.OAuthBuilder().accessToken(SANDBOX_STATIC_ACCESS_TOKEN).build();
	await (await new ZOHOCRMSDK.InitializeBuilder())
		.environment(environment)
		.token(token)
		.SDKConfig(
			new ZOHOCRMSDK.SDKConfigBuilder().pickListValidation(false).autoRefreshFields(false).build(),
		)
		.resourcePath(resourcePath)
		.logger(new ZOHOCRMSDK.LogBuilder().level(ZOHOCRMSDK.Levels.OFF).build())
		.initialize();
});

afterAll(async () => {
	await sandbox.close();
	rmSync(resourcePath, { recursive: true, force: true });
});

it('creates a lead, finds it by phone, reads it, and adds and reads a note', async () => {
	const records = new ZOHOCRMSDK.Record.RecordOperations('Leads');
	const lead = new ZOHOCRMSDK.Record.Record();
	lead.addFieldValue(ZOHOCRMSDK.Record.Field.Leads.LAST_NAME, 'Sdk');
	lead.addFieldValue(ZOHOCRMSDK.Record.Field.Leads.FIRST_NAME, 'Official');
	lead.addKeyValue('Mobile', '+447700900700');
	const body = new ZOHOCRMSDK.Record.BodyWrapper();
	body.setData([lead]);
	const created = await records.createRecords(body, new ZOHOCRMSDK.HeaderMap());
	const createdObject = created?.getObject();
	expect(createdObject).toBeInstanceOf(ZOHOCRMSDK.Record.ActionWrapper);
	const action = (createdObject as ZOHOCRMSDK.Record.ActionWrapper).getData()[0];
	expect(action).toBeInstanceOf(ZOHOCRMSDK.Record.SuccessResponse);
	const id = String((action as ZOHOCRMSDK.Record.SuccessResponse).getDetails().get('id'));

	const search = new ZOHOCRMSDK.ParameterMap();
	await search.add(ZOHOCRMSDK.Record.SearchRecordsParam.CRITERIA, '(Mobile:equals:+447700900700)');
	const found = await records.searchRecords(search, new ZOHOCRMSDK.HeaderMap());
	expect(found?.getStatusCode()).toBe(200);
	const foundRecords = (found?.getObject() as ZOHOCRMSDK.Record.ResponseWrapper).getData();
	expect(foundRecords.map((record) => record.getId()?.toString())).toEqual([id]);

	const get = new ZOHOCRMSDK.ParameterMap();
	await get.add(ZOHOCRMSDK.Record.GetRecordParam.FIELDS, 'Last_Name,Mobile');
	const read = await records.getRecord(BigInt(id), get, new ZOHOCRMSDK.HeaderMap());
	const readRecord = (read?.getObject() as ZOHOCRMSDK.Record.ResponseWrapper).getData()[0];
	expect(readRecord.getKeyValue('Mobile')).toBe('+447700900700');

	const notes = new ZOHOCRMSDK.Notes.NotesOperations();
	const note = new ZOHOCRMSDK.Notes.Note();
	note.setNoteTitle('WhatsApp Chat with Official Sdk (25/11/2026)');
	note.setNoteContent('[10:00] ← Official Sdk: hello');
	const parent = new ZOHOCRMSDK.Record.Record();
	parent.setId(BigInt(id));
	const module = new ZOHOCRMSDK.Modules.MinifiedModule();
	module.setAPIName('Leads');
	const parentId = new ZOHOCRMSDK.Notes.ParentId();
	parentId.setModule(module);
	parentId.setId(BigInt(id));
	note.setParentId(parentId);
	const noteBody = new ZOHOCRMSDK.Notes.BodyWrapper();
	noteBody.setData([note]);
	const createdNote = await notes.createNotes(noteBody);
	const noteAction = (createdNote?.getObject() as ZOHOCRMSDK.Notes.ActionWrapper).getData()[0];
	expect(noteAction).toBeInstanceOf(ZOHOCRMSDK.Notes.SuccessResponse);
	const noteId = BigInt(
		String((noteAction as ZOHOCRMSDK.Notes.SuccessResponse).getDetails().get('id')),
	);

	const noteFields = new ZOHOCRMSDK.ParameterMap();
	await noteFields.add(ZOHOCRMSDK.Notes.GetNoteParam.FIELDS, 'Note_Title,Note_Content');
	const readNote = await notes.getNote(noteId, noteFields, new ZOHOCRMSDK.HeaderMap());
	const readNoteData = (readNote?.getObject() as ZOHOCRMSDK.Notes.ResponseWrapper).getData()[0];
	expect(readNoteData.getNoteContent()).toBe('[10:00] ← Official Sdk: hello');
	expect(sandbox.zoho.notesOf('Leads', id)).toHaveLength(1);
});
