import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SentMessage } from '../../../shared/transport/timelinesai/messages';
import { sendMessageToPhone } from '../../../shared/transport/timelinesai/messages';
import { attachmentFileUid } from '../attachmentFileUid';
import { attachmentOptions, defaultCountryOption, phoneNumberField } from '../common.descriptions';
import { e164Parameter } from '../e164Parameter';
import { messageContent, messageTextField } from '../messageContent';
import { whatsappAccountField, whatsappAccountParameter } from '../whatsappAccountLocator';

interface SendToPhoneOptions {
	binaryPropertyName?: string;
	chatName?: string;
	defaultCountry?: string;
	fileUid?: string;
	label?: string;
}

const properties: INodeProperties[] = [
	phoneNumberField("The recipient's number in any format; it is normalised to E.164"),
	messageTextField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			...attachmentOptions,
			{
				displayName: 'Chat Name',
				name: 'chatName',
				type: 'string',
				default: '',
				description: 'Name of the chat when a new one is opened',
			},
			defaultCountryOption,
			{
				displayName: 'Label',
				name: 'label',
				type: 'string',
				default: '',
				description: 'Label to add to the chat',
			},
			whatsappAccountField(
				'whatsappAccountPhone',
				'Workspace number to send from; empty uses the most recently connected account',
			),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendToPhone'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<SentMessage> {
	const options = this.getNodeParameter('options', i, {}) as SendToPhoneOptions;
	const phone = e164Parameter(
		this,
		'Phone Number',
		this.getNodeParameter('phone', i) as string,
		i,
		options.defaultCountry,
	);
	const account = whatsappAccountParameter(this, 'options.whatsappAccountPhone', i);
	const accountPhone = account
		? e164Parameter(this, 'WhatsApp Account', account, i, options.defaultCountry)
		: undefined;
	const content = messageContent(this, i, await attachmentFileUid(this, i, options));
	return await sendMessageToPhone(this, {
		phone,
		whatsapp_account_phone: accountPhone,
		...content,
		chat_name: options.chatName?.trim() || undefined,
		label: options.label?.trim() || undefined,
	});
}
