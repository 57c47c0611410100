import type { INodeProperties } from 'n8n-workflow';

import {
	AUTOMATIC_INPUTS,
	automaticInputProperty,
	inputSourceProperty,
} from '../shared/n8n/automaticInputs';
import { queueModeLockProperty } from '../shared/n8n/queueModeLock';

export const upsertDailyNoteProperties: INodeProperties[] = [
	inputSourceProperty,
	automaticInputProperty(AUTOMATIC_INPUTS.module, {
		displayName: 'Module',
		type: 'string',
		required: true,
		description: "API name of the record's module",
	}),
	automaticInputProperty(AUTOMATIC_INPUTS.recordId, {
		displayName: 'Record ID',
		type: 'string',
		required: true,
	}),
	automaticInputProperty(AUTOMATIC_INPUTS.recordName, {
		displayName: 'Contact Name',
		type: 'string',
		description: 'Used in the note title "WhatsApp Chat with &lt;name&gt; (DD/MM/YYYY)"',
	}),
	automaticInputProperty(AUTOMATIC_INPUTS.message, {
		displayName: 'Message',
		type: 'json',
		description:
			'The TimelinesAI message (uid, timestamp, direction, sender, text, attachments) as the TimelinesAI Trigger outputs it',
	}),
	queueModeLockProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Attachment Size (MB)',
				name: 'maxAttachmentMb',
				type: 'number',
				default: 20,
				description:
					'Larger files are not uploaded; their link stays in the note and the item lists them under note.attachmentsSkipped',
			},
			{
				displayName: 'Max Attachments per Message',
				name: 'maxAttachmentsPerMessage',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 20,
				description:
					'Files uploaded per message at most; the rest are named in the note, never downloaded, and listed under note.attachmentsSkipped',
			},
			{
				displayName: 'Max Note Length',
				name: 'maxNoteLength',
				type: 'number',
				default: 32000,
				description:
					'Characters per note before a continuation note "… (2)" is started. Zoho\'s real limit is unverified; a Zoho length error also starts one.',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/London',
				description:
					"IANA time zone that decides the note's day; empty uses the Zoho organisation's time zone",
			},
			{
				displayName: 'Upload Attachments',
				name: 'uploadAttachments',
				type: 'boolean',
				default: true,
				description: 'Whether to attach message files to the note',
			},
			{
				displayName: 'Write Mode',
				name: 'writeMode',
				type: 'options',
				options: [
					{
						name: 'Conditional Write',
						value: 'conditionalWrite',
						description:
							'Write with If-Unmodified-Since from the last write; re-read only on conflict (≈1 credit per message)',
					},
					{
						name: 'Read Before Write',
						value: 'readBeforeWrite',
						description:
							'Read the note, merge, write (2 credits per message or batch); safest with other writers',
					},
				],
				default: 'readBeforeWrite',
			},
		],
	},
];
