import { previewValue } from './valuePreview';

/** A webhook payload field that is missing or of the wrong kind; the message names it (value capped). */
export class InvalidTimelinesEventError extends Error {
	constructor(
		readonly field: string,
		value: unknown,
		reason: string,
	) {
		super(`${field} ${previewValue(value)} ${reason}`);
		this.name = 'InvalidTimelinesEventError';
	}
}
