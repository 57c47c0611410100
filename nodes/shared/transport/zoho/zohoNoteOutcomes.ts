import type { IDataObject } from 'n8n-workflow';

import { asObject, type ZohoItemResult } from './zohoApiError';
import type { NoteWriteResult } from './zohoCrmApi';

/*
 * What Zoho's per-item answer to a note write means (one note, or one item of a bulk PUT/POST /Notes): written,
 * too long (roll over to a continuation note), or gone (the note or its record is no longer in Zoho). Anything
 * else is an error the caller words with zohoApiError.
 */

/** INVALID_DATA's details.maximum_length is an integer in notes.json but a string in record.json: accept both. */
function maximumLengthOf(details: IDataObject): number | undefined {
	const value = details.maximum_length;
	if (typeof value === 'number') return value;
	return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * Zoho's answer to a write on a note (target 'note') or under a record (target 'record') that is no longer
 * there. Undocumented (docs/api-facts.md, Zoho §11): INVALID_DATA naming the id / path index / Parent_Id,
 * or NOT_ALLOWED; a converted lead refuses new notes with CONVERTED_RECORD.
 */
function goneAnswer(
	code: string | undefined,
	details: IDataObject,
	target: 'note' | 'record',
): NoteWriteResult | undefined {
	if (code === 'CONVERTED_RECORD') return { outcome: 'gone', what: 'record', code };
	if (code === 'NOT_ALLOWED') return { outcome: 'gone', what: target, code };
	if (code !== 'INVALID_DATA' || details.maximum_length !== undefined) return undefined;
	if (details.expected_data_type !== undefined) return undefined;
	const field = details.api_name;
	if (target === 'record' && field === 'Parent_Id')
		return { outcome: 'gone', what: 'record', code };
	if (
		target === 'note' &&
		(field === 'id' || details.id !== undefined || details.resource_path_index !== undefined)
	)
		return { outcome: 'gone', what: 'note', code };
	return undefined;
}

/** The item's outcome; undefined = an error to report (zohoApiError). */
export function noteWriteOutcome(
	item: ZohoItemResult,
	target: 'note' | 'record',
): NoteWriteResult | undefined {
	const details = asObject(item.details);
	if (item.status === 'success' && typeof details.id === 'string') {
		return {
			outcome: 'written',
			id: details.id,
			modifiedTime: typeof details.Modified_Time === 'string' ? details.Modified_Time : undefined,
		};
	}
	// Only the content's limit means "roll over to a continuation note"; a too long title is an error.
	const maximumLength = maximumLengthOf(details);
	if (
		item.code === 'INVALID_DATA' &&
		maximumLength !== undefined &&
		(details.api_name ?? 'Note_Content') === 'Note_Content'
	) {
		return { outcome: 'too_long', maximumLength };
	}
	return goneAnswer(item.code, details, target);
}
