import type { INodeProperties } from 'n8n-workflow';

export const timelinesAiCatchUpProperties: INodeProperties[] = [
	{
		displayName:
			'Sends the WhatsApp messages TimelinesAI has but whose webhook delivery never reached n8n (dropped, failed, or n8n was down). Put it in the workflow of the TimelinesAI Trigger, with the sync log filter before the Zoho nodes: see the bundled sync workflow.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Look Back (Minutes)',
		name: 'lookBackMinutes',
		type: 'number',
		typeOptions: { minValue: 5, maxValue: 10080 },
		default: 60,
		description:
			'How far back each run looks for missing messages. A longer look-back covers a longer outage; every chat with a new message in that time is read again (one request per chat).',
	},
	{
		displayName: 'Minimum Message Age (Seconds)',
		name: 'minAgeSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 3600 },
		default: 120,
		description:
			'Messages younger than this are left to their webhook delivery, which TimelinesAI may still be retrying',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Group Chats',
				name: 'includeGroupChats',
				type: 'boolean',
				default: false,
				description:
					"Whether messages of WhatsApp group chats are caught up (Match or Create logs them only with Group Chats: Log to Each Participant's Record)",
			},
			{
				displayName: 'Include Outgoing Messages',
				name: 'includeOutgoing',
				type: 'boolean',
				default: true,
				description: 'Whether messages sent by your team are caught up',
			},
			{
				displayName: 'Max Messages per Run',
				name: 'maxMessages',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 5000 },
				default: 500,
				description: 'After this many messages a run stops reading chats; the next run goes on',
			},
			{
				displayName: 'Re-Register the Trigger Webhook',
				name: 'repairWebhooks',
				type: 'boolean',
				default: true,
				description:
					"Whether each run checks that TimelinesAI still has the TimelinesAI Trigger's webhook of this workflow, enabled, and registers it again if not (one request per run)",
			},
			{
				displayName: 'Restrict to WhatsApp Accounts',
				name: 'whatsappAccounts',
				type: 'string',
				default: '',
				placeholder: '+447700900123, +15559876543',
				description: 'Comma-separated WhatsApp numbers of your workspace; empty means all accounts',
			},
		],
	},
];
