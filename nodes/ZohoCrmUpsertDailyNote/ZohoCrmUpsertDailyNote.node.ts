import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { at, inputField } from '../shared/nodeInput';
import { credentialIdOf } from '../shared/zoho/credentialIdOf';
import { dailyNoteDay, type NoteMessage } from '../shared/zoho/domainPort';
import { orgTimeZone } from '../shared/zoho/orgTimeZone';
import { queueModeLockFor, queueModeRedisConnectionTest } from '../shared/zoho/queueModeLock';
import { toNodeError } from '../shared/zoho/toNodeError';
import { upsertDailyNote, type DailyNoteOptions, type DailyNoteTarget } from '../shared/zoho/upsertDailyNote';
import { ZOHO_CREDENTIAL, ZohoCrmHttpApi } from '../shared/transport/zoho/zohoCrmHttpApi';
import { noteMessageFrom } from './noteMessageFrom';
import { upsertDailyNoteProperties } from './upsertDailyNoteProperties';

interface Group {
	target: DailyNoteTarget;
	options: DailyNoteOptions;
	entries: Array<{ index: number; message: NoteMessage }>;
}

export class ZohoCrmUpsertDailyNote implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Upsert Daily Note',
		name: 'zohoCrmUpsertDailyNote',
		icon: { light: 'file:zohoCrmUpsertDailyNote.svg', dark: 'file:zohoCrmUpsertDailyNote.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'One note per record per day',
		description: 'Appends WhatsApp messages, exactly once each, to the record\'s Zoho CRM note of the day',
		defaults: { name: 'Zoho CRM Upsert Daily Note' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: ZOHO_CREDENTIAL, required: true },
			{ name: 'queueModeRedisApi', required: true, testedBy: 'queueModeRedisConnectionTest', displayOptions: { show: { queueModeLock: ['redis'] } } },
		],
		properties: upsertDailyNoteProperties,
	};

	methods = { credentialTest: { queueModeRedisConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const api = new ZohoCrmHttpApi(this);
		const credentialId = credentialIdOf(this);
		const results: Array<INodeExecutionData | undefined> = items.map(() => undefined);
		// Zoho calls made for one item before its group is written (the org time zone lookup), so that
		// sync.creditsSpent counts every credit the item cost.
		const callsBeforeWrite: number[] = items.map(() => 0);
		const groups = new Map<string, Group>();
		const fail = (index: number, error: unknown) => {
			const nodeError = toNodeError(this.getNode(), error, index);
			if (!this.continueOnFail()) throw nodeError;
			results[index] = { json: { ...items[index].json, error: nodeError.message }, pairedItem: { item: index } };
		};
		// Group the execution's items by (record, day): one batch per note instead of one write per item.
		for (let index = 0; index < items.length; index++) {
			try {
				const param = (name: string, automatic: (json: IDataObject) => unknown) => String(inputField(this, index, name, automatic) ?? '').trim();
				const options = this.getNodeParameter('options', index, {}) as IDataObject;
				const rawMessage = inputField(this, index, 'message', (json) => at(json, 'message'), {});
				const message = noteMessageFrom(rawMessage);
				if (typeof message === 'string') throw new NodeOperationError(this.getNode(), `Cannot write the note: ${message}`, { itemIndex: index });
				const [module, recordId] = [param('module', (json) => at(json, 'zoho', 'module')), param('recordId', (json) => at(json, 'zoho', 'id'))];
				if (!module || !recordId) throw new NodeOperationError(this.getNode(), 'Module and Record ID are required (connect the Matched and Created outputs of Zoho CRM Match or Create)', { itemIndex: index });
				const callsBefore = api.callCount;
				const timeZone = String(options.timeZone ?? '').trim() || (await orgTimeZone(api, credentialId));
				callsBeforeWrite[index] = api.callCount - callsBefore;
				const target: DailyNoteTarget = {
					credentialId,
					module,
					recordId,
					day: dailyNoteDay(message.timestamp, timeZone),
					contactName: param('contactName', (json) => at(json, 'zoho', 'name') || at(json, 'message', 'chatName')),
					chatUrl: String(at((rawMessage ?? {}) as IDataObject, 'chatUrl') ?? ''),
					timeZone,
				};
				const noteOptions: DailyNoteOptions = {
					writeMode: options.writeMode === 'conditionalWrite' ? 'conditionalWrite' : 'readBeforeWrite',
					maxNoteLength: Number(options.maxNoteLength ?? 32000),
					attachments: { upload: options.uploadAttachments !== false, maxBytes: Number(options.maxAttachmentMb ?? 20) * 1024 * 1024 },
					lock: await queueModeLockFor(this, index),
				};
				const key = `${module}|${recordId}|${target.day}`;
				const group = groups.get(key) ?? { target, options: noteOptions, entries: [] };
				group.entries.push({ index, message });
				groups.set(key, group);
			} catch (error) {
				fail(index, error);
			}
		}
		const download = async (url: string): Promise<Buffer> => {
			// TimelinesAI's temporary_download_url is pre-signed: no credential is sent with it.
			const body = (await this.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer' })) as ArrayBuffer | Buffer;
			return Buffer.isBuffer(body) ? body : Buffer.from(body);
		};
		await Promise.all(
			[...groups.values()].map(async (group) => {
				try {
					const noteResults = await upsertDailyNote(api, download, group.target, group.entries.map((e) => e.message), group.options);
					group.entries.forEach(({ index }, position) => {
						const { creditsSpent, ...note } = noteResults[position];
						const previous = (items[index].json.sync as IDataObject | undefined) ?? {};
						const sync = { ...previous, noteId: note.noteId, creditsSpent: Number(previous.creditsSpent ?? 0) + callsBeforeWrite[index] + creditsSpent };
						results[index] = { json: { ...items[index].json, note: note as unknown as IDataObject, sync }, pairedItem: { item: index } };
					});
				} catch (error) {
					for (const { index } of group.entries) fail(index, error);
				}
			}),
		);
		return [results.filter((r): r is INodeExecutionData => r !== undefined)];
	}
}
