import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const CHAT_ID_DESCRIPTION = 'The numeric ID of the TimelinesAI chat';

/** A TimelinesAI chat link, `https://app.timelines.ai/chat/<id>/…`: the id is the first path segment after `chat/`. */
export const CHAT_URL_REGEX = '^https?://[^/]+/chat/(\\d+)';

/**
 * The chat a message operation works on. Version 1 keeps the plain string field its workflows were saved
 * with; version 2 is a resource locator (list search over `GET /chats`, ID, or a chat link). Both are named
 * `chatId`, so chatIdParameter reads either (n8n's extractValue returns a plain string unchanged).
 */
export const chatIdFields: INodeProperties[] = [
	{
		displayName: 'Chat ID',
		name: 'chatId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123456',
		description: CHAT_ID_DESCRIPTION,
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Chat',
		name: 'chatId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The TimelinesAI chat',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by chat name or phone number…',
				typeOptions: { searchListMethod: 'searchChats', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: '123456',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\d+$', errorMessage: 'A chat ID is a number' },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.timelines.ai/chat/123456/messages/',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `${CHAT_URL_REGEX}.*`,
							errorMessage: 'Not a TimelinesAI chat link (…/chat/<id>/…)',
						},
					},
				],
				extractValue: { type: 'regex', regex: CHAT_URL_REGEX },
			},
		],
	},
];

/** The chat id of item `i`, from either version of the Chat parameter. */
export function chatIdParameter(context: IExecuteFunctions, i: number): string {
	const value = context.getNodeParameter('chatId', i, '', { extractValue: true }) as unknown;
	const chatId =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!chatId)
		throw new NodeOperationError(context.getNode(), 'Chat: pick or enter a chat', { itemIndex: i });
	return chatId;
}
