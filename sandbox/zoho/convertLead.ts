import { isObject } from '../server/http';
import { insertRecord } from './recordStore';
import { ZohoError, zohoErrorBody } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import { dataItems } from './zohoRequest';
import type { ZohoState } from './zohoState';
import type { StoredRecord } from './zohoTypes';

const CARRIED = [
	'First_Name',
	'Last_Name',
	'Email',
	'Secondary_Email',
	'Phone',
	'Mobile',
	'Lead_Source',
	'Description',
	'WhatsApp_Chat_Link',
	'WhatsApp_Labels',
	'WhatsApp_Phone',
	'Owner',
];

export interface ConversionResult {
	Contacts: { id: string; name: string };
	Accounts: { id: string; name: string } | null;
}

/**
 * Converts a lead: creates (or uses the given) Contact and Account, marks the lead Converted__s with
 * Converted_Contact/Converted_Account/$converted_detail, and moves its notes and attachments to the
 * contact (what the Zoho UI does on conversion). Throws ZohoError on refusal.
 */
export function convertLead(
	state: ZohoState,
	leadId: string,
	options: Record<string, unknown> = {},
): ConversionResult {
	const lead = state.recordsOf('Leads').get(leadId);
	if (!lead)
		throw new ZohoError(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
			api_name: 'id',
			id: leadId,
		});
	if (lead.Converted__s === true)
		throw new ZohoError(400, 'ID_ALREADY_CONVERTED', 'id already converted', { id: leadId });
	const contacts = state.module('Contacts');
	const accounts = state.module('Accounts');
	if (!contacts || !accounts) throw new Error('seed modules missing');
	let account: StoredRecord | undefined;
	const accountId = isObject(options.Accounts) ? options.Accounts.id : undefined;
	if (typeof accountId === 'string') account = state.recordsOf('Accounts').get(accountId);
	else if (typeof lead.Company === 'string' && lead.Company !== '') {
		account = [...state.recordsOf('Accounts').values()].find(
			(a) => String(a.Account_Name).toLowerCase() === String(lead.Company).toLowerCase(),
		);
		if (!account)
			account = insertRecord(
				state,
				accounts,
				{ Account_Name: lead.Company, Owner: lead.Owner },
				0,
			).record;
	}
	let contact: StoredRecord | undefined;
	const contactId = isObject(options.Contacts) ? options.Contacts.id : undefined;
	if (typeof contactId === 'string') contact = state.recordsOf('Contacts').get(contactId);
	else {
		const data: Record<string, unknown> = {};
		for (const field of CARRIED)
			if (lead[field] !== undefined && lead[field] !== null) data[field] = lead[field];
		if (account) data.Account_Name = { id: account.id };
		const result = insertRecord(state, contacts, data, 0);
		if (result.item.status === 'error')
			throw new ZohoError(400, result.item.code, result.item.message, result.item.details);
		contact = result.record;
	}
	if (!contact)
		throw new ZohoError(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
			api_name: 'Contacts',
		});
	const contactRef = { name: String(contact.Full_Name ?? ''), id: contact.id };
	const accountRef = account ? { name: String(account.Account_Name ?? ''), id: account.id } : null;
	const time = state.writeTime(lead.Modified_Time);
	Object.assign(lead, {
		Converted__s: true,
		$converted: true,
		Converted_Date_Time: time,
		Converted_Contact: contactRef,
		Converted_Account: accountRef,
		$converted_detail: {
			convert_date: time.slice(0, 10),
			contact: contact.id,
			account: account?.id ?? null,
			deal: null,
			converted_by: state.currentUser.id,
		},
		Modified_Time: time,
	});
	for (const note of state.notes.values()) {
		if (isObject(note.Parent_Id) && note.Parent_Id.id === leadId)
			note.Parent_Id = {
				module: { api_name: 'Contacts', id: contacts.id },
				id: contact.id,
				name: contactRef.name,
			};
	}
	for (const attachment of state.attachments.values()) {
		if (attachment.parentId === leadId)
			Object.assign(attachment, { parentId: contact.id, parentModule: 'Contacts' });
	}
	return { Contacts: contactRef, Accounts: accountRef };
}

/** POST /Leads/{id}/actions/convert — 5 credits; Deals in the body are not supported by the sandbox. */
export function convertLeadRequest(req: ZohoRequest, leadId: string): ZohoResult {
	const [options] = dataItems(req);
	if (!isObject(options))
		throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { json_path: '$.data[0]' });
	if (options.Deals !== undefined)
		return {
			status: 400,
			json: {
				data: [
					zohoErrorBody('NOT_SUPPORTED', 'the sandbox does not create Deals on conversion', {
						api_name: 'Deals',
					}),
				],
			},
			credits: 5,
		};
	const result = convertLead(req.state, leadId, options);
	return {
		status: 200,
		json: {
			data: [
				{
					code: 'SUCCESS',
					details: { Contacts: result.Contacts, Accounts: result.Accounts, Deals: null },
					message: 'The record has been converted successfully',
					status: 'success',
				},
			],
		},
		credits: 5,
	};
}
