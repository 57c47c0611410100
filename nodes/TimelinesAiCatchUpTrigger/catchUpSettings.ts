import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { messageFilterOf } from '../shared/domain/deliveryPolicy';
import type { CatchUpSettings } from '../shared/sync/catchUpPass';

function bounded(value: unknown, fallback: number, min: number, max: number): number {
	const number = Number(value);
	return Number.isFinite(number) ? Math.min(max, Math.max(min, number)) : fallback;
}

/** The node's parameters as plain settings. */
export function catchUpSettings(context: IPollFunctions): CatchUpSettings & {
	repairWebhooks: boolean;
} {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		lookBackMinutes: bounded(context.getNodeParameter('lookBackMinutes', 60), 60, 5, 10080),
		minAgeSeconds: bounded(context.getNodeParameter('minAgeSeconds', 120), 120, 0, 3600),
		maxMessages: bounded(options.maxMessages, 500, 1, 5000),
		repairWebhooks: options.repairWebhooks !== false,
		filter: messageFilterOf(options),
	};
}
