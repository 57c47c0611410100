import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MissingMandatoryFieldsError } from '../sync/recordCreation';

/** Keeps n8n errors as they are and turns anything else into a NodeOperationError tied to the item. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof MissingMandatoryFieldsError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: `Map ${error.fields.join(', ')} under "Additional Fields" (or the name mapping), or make ${error.fields.length > 1 ? 'them' : 'it'} optional in Zoho.`,
		});
	}
	return new NodeOperationError(node, error instanceof Error ? error : new Error(String(error)), {
		itemIndex,
	});
}
