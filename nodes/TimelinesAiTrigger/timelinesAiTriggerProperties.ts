import type { INodeProperties } from 'n8n-workflow';

import { queueModePushProperty } from '../shared/n8n/queueModePush';
import { OUTPUT_DROPPED_OPTION } from './droppedDeliveries';

export const timelinesAiTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: [
			{ name: 'Chat Assigned', value: 'chat:responsible:assigned' },
			{ name: 'Chat Unassigned', value: 'chat:responsible:unassigned' },
			{ name: 'New Chat (Any, Including Groups)', value: 'chat:new' },
			{ name: 'New Incoming Chat', value: 'chat:incoming:new' },
			{ name: 'New Message (Any Direction)', value: 'message:new' },
			{ name: 'New Outgoing Chat', value: 'chat:outgoing:new' },
			{ name: 'New Received Message', value: 'message:received:new' },
			{ name: 'New Sent Message', value: 'message:sent:new' },
			{ name: 'WhatsApp Account Connected', value: 'whatsapp:account:connected' },
			{ name: 'WhatsApp Account Disconnected', value: 'whatsapp:account:disconnected' },
			{ name: 'WhatsApp Account Resumed', value: 'whatsapp:account:resumed' },
			{ name: 'WhatsApp Account Suspended', value: 'whatsapp:account:suspended' },
		],
		default: 'message:new',
		description:
			'What starts the workflow. Messages sent from the phone app count as sent. Chat and account events output the payload TimelinesAI sends (event_type, chat, whatsapp_account); the options below apply to message events only.',
	},
	{
		...queueModePushProperty,
		displayOptions: {
			show: { event: ['message:new', 'message:received:new', 'message:sent:new'] },
		},
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batch Window (Ms)',
				name: 'batchWindowMs',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 5000 },
				default: 500,
				description:
					'Messages arriving within this window start one execution together (one item each, up to 100) instead of one execution per message: several times the throughput under load, for at most this much delay (the live chat gets each message at once). 0 starts one execution per message.',
			},
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreRepeatedDeliveries',
				type: 'boolean',
				default: true,
				description:
					'Whether a repeated delivery of a message that was written (or whose first execution is still running) is acknowledged without another execution; a message whose item failed runs again',
			},
			{
				displayName: 'Include Group Chats',
				name: 'includeGroupChats',
				type: 'boolean',
				default: false,
				description:
					"Whether messages in WhatsApp group chats start the workflow (Match or Create logs them only with Group Chats: Log to Each Participant's Record)",
			},
			{
				displayName: 'Include Outgoing Messages',
				name: 'includeOutgoing',
				type: 'boolean',
				default: true,
				description: 'Whether messages sent by your team start the workflow',
			},
			{
				displayName: 'Max Delivery Age (Minutes)',
				name: 'maxAgeMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1440,
				description: 'Deliveries of messages older than this are refused as replays',
			},
			OUTPUT_DROPPED_OPTION,
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
