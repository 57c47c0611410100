import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tryNormalizeToE164 } from '../../../shared/domain/phone';
import type { TimelinesChat } from '../../../shared/transport/timelinesai/chats';
import { listChatsPage } from '../../../shared/transport/timelinesai/chats';
import { collectPages } from '../../../shared/transport/timelinesai/timelinesPages';
import { defaultCountryOption, phoneNumberField } from '../common.descriptions';
import { e164Parameter } from '../e164Parameter';

const properties: INodeProperties[] = [
	phoneNumberField(
		"The contact's number in any format; it is normalised to E.164 before the search",
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [defaultCountryOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['findByPhone'] } },
	properties,
);

/** Every chat with the number, one per WhatsApp account of the workspace; none is not an error. */
export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesChat[]> {
	const options = this.getNodeParameter('options', i, {}) as { defaultCountry?: string };
	const phone = e164Parameter(
		this,
		'Phone Number',
		this.getNodeParameter('phone', i) as string,
		i,
		options.defaultCountry,
	);
	// The phone filter of GET /chats is UNVERIFIED (docs/api-facts.md, TimelinesAI): if the API ignores it, the pages are
	// read to the end and matched here by the chat's normalised number.
	return await collectPages((page) => listChatsPage(this, { phone }, page), {
		keep: (chat) => tryNormalizeToE164(chat.phone) === phone,
	});
}
