import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TimelinesFile } from '../../../shared/transport/timelinesai/files';
import { listFilesPage } from '../../../shared/transport/timelinesai/files';
import { collectPages } from '../../../shared/transport/timelinesai/timelinesPages';
import { returnAllOrLimit } from '../common.descriptions';
import { resultLimit } from '../resultLimit';

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['getAll'] } }, returnAllOrLimit);

export async function execute(this: IExecuteFunctions, i: number): Promise<TimelinesFile[]> {
	const limit = resultLimit(this, i);
	return await collectPages((page) => listFilesPage(this, page), { limit });
}
