import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_FRAME_ANCESTORS } from './chat/page/chatPageHeaders';
import { queueModePushProperty } from '../shared/n8n/queueModePush';

export const DEFAULT_UPLOAD_TYPES =
	'image/jpeg,image/png,image/gif,image/webp,application/pdf,audio/ogg,audio/mpeg,video/mp4,text/plain';

export const liveChatProperties: INodeProperties[] = [
	{
		displayName:
			'Opening the chat page runs no workflow. The link secret lives in the TimelinesAI Live Chat Link API credential. Activate the workflow, then open the page from the Zoho button (see README-zoho-button.md) or with <code>npm run chat-link</code>.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: 'timelinesai-live-chat',
		required: true,
		description: 'The last segment of the chat page URL; the Zoho button function opens this URL',
	},
	{
		displayName: 'Maximum Link Lifetime (Minutes)',
		name: 'maxLinkLifetimeMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1440 },
		default: 15,
		description:
			'Links whose expiry lies further in the future than this are refused. A link opens in one browser only: the first to open it.',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: '',
		placeholder: 'GB',
		description:
			'ISO 3166 two-letter code used to read record phone numbers written without a country code',
	},
	{
		displayName: 'Allowed Module Names or IDs',
		name: 'allowedModules',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getPhoneModules' },
		default: ['Leads', 'Contacts'],
		description:
			'Zoho CRM modules whose records may be opened in the chat view (any module with a phone field; the sync\'s Leads and Contacts by default). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Sign in with Zoho',
		name: 'signInWithZoho',
		type: 'boolean',
		default: false,
		description:
			'Whether the viewer must also sign in with their own Zoho account (personal credential) and have access to the record before anything is shown',
	},
	queueModePushProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allowed Frame Ancestors',
				name: 'frameAncestors',
				type: 'string',
				default: DEFAULT_FRAME_ANCESTORS.join(' '),
				description:
					"Origins allowed to show the page in a frame (Content-Security-Policy frame-ancestors), e.g. Zoho CRM's domains for a web tab",
			},
			{
				displayName: 'Allowed Upload Types',
				name: 'allowedUploadTypes',
				type: 'string',
				default: DEFAULT_UPLOAD_TYPES,
				description: 'Comma-separated MIME types (type/* allowed) the viewer may attach',
			},
			{
				displayName: 'Cookie SameSite',
				name: 'cookieSameSite',
				type: 'options',
				options: [
					{
						name: 'Lax',
						value: 'Lax',
						description: 'Works when the button opens the page in a new window (recommended)',
					},
					{
						name: 'None (Zoho Web Tab Iframe, HTTPS Only)',
						value: 'None',
						description:
							'Needed inside a cross-site iframe; browsers that block third-party cookies still refuse it',
					},
					{ name: 'Strict', value: 'Strict' },
				],
				default: 'Lax',
				description: 'SameSite attribute of the chat session cookie',
			},
			{
				displayName: 'Live Updates',
				name: 'liveUpdates',
				type: 'boolean',
				default: true,
				description:
					'Whether open pages get new messages pushed over one open request (Server-Sent Events) instead of asking every 1–2 seconds; turn off only behind a proxy that cannot pass event streams',
			},
			{
				displayName: 'Max Upload Size (MB)',
				name: 'maxUploadMb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 12 },
				default: 10,
				description:
					"Largest attachment the viewer may send (files travel base64-encoded in JSON, so they must also fit n8n's N8N_PAYLOAD_SIZE_MAX, 16 MB by default)",
			},
			{
				displayName: 'Polling Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 2, numberPrecision: 1 },
				default: 2,
				description:
					'How often the page asks for new messages when live updates are off or its event stream fails',
			},
			{
				displayName: 'Refresh Open Chats With Trigger (Seconds)',
				name: 'refreshSecondsWithTrigger',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 3600 },
				default: 60,
				description:
					'While a TimelinesAI Trigger delivers, new messages are pushed at once; this slower shared fetch brings delivery and read ticks (no webhook reports them) and deliveries TimelinesAI gave up on. 0 turns it off.',
			},
			{
				displayName: 'Refresh Open Chats Without Trigger (Seconds)',
				name: 'refreshSecondsWithoutTrigger',
				type: 'number',
				typeOptions: { minValue: 5, maxValue: 300 },
				default: 20,
				description:
					'While no active TimelinesAI Trigger of the same workspace delivers messages, each open chat is fetched once this often for all its viewers together',
			},
			{
				displayName: 'Requests per Minute per Session',
				name: 'requestsPerMinute',
				type: 'number',
				typeOptions: { minValue: 40 },
				default: 120,
				description: 'Rate limit of one chat session (polling uses 30–60 per minute)',
			},
			{
				displayName: 'Session Idle Timeout (Minutes)',
				name: 'sessionIdleMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 480 },
				default: 30,
				description:
					'A chat session without requests for this long ends; the viewer re-opens the link',
			},
			{
				displayName: 'Session Maximum Lifetime (Hours)',
				name: 'sessionMaxLifetimeHours',
				type: 'number',
				typeOptions: { minValue: 0.25, maxValue: 24, numberPrecision: 2 },
				default: 8,
				description:
					'A chat session ends this long after the link was opened, however busy the page is; the viewer clicks the Zoho button again',
			},
		],
	},
];
