import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InvalidPhoneNumberError, normalizeToE164 } from '../../shared/domain/phone';

/** A phone parameter in E.164, or an error naming the field and the value the user gave. */
export function e164Parameter(
	context: IExecuteFunctions,
	field: string,
	value: string,
	i: number,
	defaultCountry?: string,
): string {
	try {
		return normalizeToE164(value, defaultCountry || undefined);
	} catch (error) {
		// InvalidPhoneNumberError's message names the value and why it is refused.
		const reason =
			error instanceof InvalidPhoneNumberError
				? error.message
				: `"${value}" could not be read: ${String(error)}`;
		throw new NodeOperationError(context.getNode(), `${field}: ${reason}`, {
			itemIndex: i,
			description:
				'Use the international format, e.g. +447700900123, or set Default Country for local numbers',
		});
	}
}
