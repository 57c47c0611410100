import type { INodeProperties } from 'n8n-workflow';

const lookUpShown = { show: { mode: ['dryRun'], lookUpNumbers: [true] } };

export const timelinesAiBackfillProperties: INodeProperties[] = [
	{
		displayName:
			'Replays past WhatsApp chats into Zoho through the sync nodes. Run a Dry Run first: its Report says how many chats, messages and new records there are and what the run will cost in Zoho credits. Wire Next Batch back into this node and Messages into the sync log filter: see the bundled backfill workflow.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Dry Run',
				value: 'dryRun',
				description: 'Read the history and report what a run would write and cost; write nothing',
			},
			{
				name: 'Run',
				value: 'run',
				description: 'Send the messages on to the sync nodes, batch by batch, within the budget',
			},
		],
		default: 'dryRun',
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Messages from this moment on are replayed',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		description: 'Messages up to this moment are replayed; empty means until the backfill starts',
	},
	{
		displayName: 'Credit Budget',
		name: 'creditBudget',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Most Zoho credits the backfill may cost by its estimate; a run stops before the chat that would pass it and its Report gives the chat to resume after. 0 means no limit.',
	},
	{
		displayName: 'Look Up Numbers in Zoho',
		name: 'lookUpNumbers',
		type: 'boolean',
		default: true,
		displayOptions: { show: { mode: ['dryRun'] } },
		description:
			'Whether the dry run searches Zoho for each number, to count the records a run would create and estimate its credits closely (1–2 credits per number). Off: every number counts as new, the estimate is an upper bound.',
	},
	{
		displayName: 'Module',
		name: 'module',
		type: 'string',
		default: 'Leads',
		displayOptions: lookUpShown,
		description: 'As in Match or Create Record: the module searched first',
	},
	{
		displayName: 'Phone Field',
		name: 'phoneField',
		type: 'string',
		default: 'Mobile',
		displayOptions: lookUpShown,
		description: 'As in Match or Create Record: the phone field of the module',
	},
	{
		displayName: 'Converted Module',
		name: 'convertedModule',
		type: 'string',
		default: 'Contacts',
		displayOptions: lookUpShown,
		description: 'As in Match or Create Record: where converted leads went; empty for none',
	},
	{
		displayName: 'Converted Phone Field',
		name: 'convertedPhoneField',
		type: 'string',
		default: 'Phone',
		displayOptions: lookUpShown,
		description: 'As in Match or Create Record: the phone field of the converted module',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Chats',
				name: 'chatIds',
				type: 'string',
				default: '',
				placeholder: '12345, 67890',
				description: 'Comma-separated TimelinesAI chat IDs; empty means every chat',
			},
			{
				displayName: 'Chats per Batch',
				name: 'chatsPerBatch',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 500 },
				default: 25,
				description:
					'How many chats each batch reads and sends on; each batch is one run of this node',
			},
			{
				displayName: 'Include Group Chats',
				name: 'includeGroupChats',
				type: 'boolean',
				default: false,
				description:
					"Whether messages of WhatsApp group chats are replayed (Match or Create logs them only with Group Chats: Log to Each Participant's Record)",
			},
			{
				displayName: 'Include Outgoing Messages',
				name: 'includeOutgoing',
				type: 'boolean',
				default: true,
				description: 'Whether messages sent by your team are replayed',
			},
			{
				displayName: 'Resume After Chat ID',
				name: 'resumeAfterChatId',
				type: 'number',
				default: 0,
				description:
					"Only chats with a higher ID: a stopped run's Report gives the value. 0 means from the first chat.",
			},
			{
				displayName: 'WhatsApp Accounts',
				name: 'whatsappAccounts',
				type: 'string',
				default: '',
				placeholder: '+447700900123, +15559876543',
				description: 'Comma-separated WhatsApp numbers of your workspace; empty means all accounts',
			},
		],
	},
];
