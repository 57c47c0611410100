import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TimelinesFile } from '../../../shared/transport/timelinesai/files';
import { listFiles } from '../../../shared/transport/timelinesai/files';
import { returnAllOrLimit } from '../common.descriptions';
import { resultLimit } from '../resultLimit';

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['getAll'] } },
	returnAllOrLimit,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesFile[]> {
	const limit = resultLimit(this, i);
	// GET /files answers every file at once (no paging); the list has no download links (GET /files/{uid} has).
	const files = await listFiles(this);
	return limit === undefined ? files : files.slice(0, limit);
}
