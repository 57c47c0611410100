import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { WEBHOOK_EVENT_TYPES } from '../../../../nodes/shared/transport/timelinesai/webhookEventTypes';

const root = path.resolve(__dirname, '../../../..');
const specFile = path.join(
	path.resolve(root, '../shared/reference/timelinesai-oas'),
	'public_api_spec.yaml',
);

describe('the webhook event types the TimelinesAI node offers', () => {
	it('are exactly the WebhookEventType enum of the public API spec', () => {
		const spec = parse(readFileSync(specFile, 'utf8'), {
			merge: true,
			uniqueKeys: false,
			maxAliasCount: -1,
		}) as { components: { schemas: { WebhookEventType: { enum: string[] } } } };
		expect([...WEBHOOK_EVENT_TYPES]).toEqual(spec.components.schemas.WebhookEventType.enum);
	});
});
