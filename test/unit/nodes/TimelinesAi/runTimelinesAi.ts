/**
 * The TimelinesAI node run by n8n-core's WorkflowExecute (test/nodeHarness): node parameters as stored in a
 * workflow (per-item values through expressions such as `={{ $json.chatId }}`), input items with json and
 * binary, the TimelinesAI credential applied by its own `authenticate`, and n8n's HTTP helpers, so nock
 * sees the real requests.
 */
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { TimelinesAi } from '../../../../nodes/TimelinesAi/TimelinesAi.node';
import { packType } from '../../../nodeHarness/packNodeTypes';
import { executeContextOf, runNode } from '../../../nodeHarness/runNode';

export const BASE_URL = 'https://app.timelines.ai/integrations/api';
export const TOKEN = 'test-workspace-token';
export const TIMELINES_CREDENTIAL = 'timelinesAiApi';

export interface RunOptions {
	/** The node's parameters. */
	parameters: INodeParameters;
	/** The input items' json (default: one empty item). */
	items?: IDataObject[];
	/** The input items' binary data, by item index. */
	binary?: Array<Record<string, IBinaryData> | undefined>;
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject;
	/** The node's version in the workflow (default 1). */
	typeVersion?: number;
}

/** Runs the node over the given items and returns its single output. */
export async function runTimelinesAi(options: RunOptions): Promise<INodeExecutionData[]> {
	const count = Math.max(options.items?.length ?? 0, options.binary?.length ?? 0, 1);
	const items = Array.from({ length: count }, (_, i) => ({
		json: options.items?.[i] ?? {},
		...(options.binary?.[i] ? { binary: options.binary[i] } : {}),
	}));
	const { outputs } = await runNode({
		type: packType(new TimelinesAi()),
		parameters: options.parameters,
		items,
		continueOnFail: options.continueOnFail,
		credentials: timelinesCredential(options.credentials),
		typeVersion: options.typeVersion,
	});
	return outputs[0] ?? [];
}

function timelinesCredential(
	data: ICredentialDataDecryptedObject = { apiToken: TOKEN, baseUrl: BASE_URL },
) {
	return { [TIMELINES_CREDENTIAL]: { id: 'timelines-test', data } };
}

/** n8n-core's ExecuteContext of a TimelinesAI node with the credential, for calling the transport directly. */
export function timelinesExecuteContext(): IExecuteFunctions {
	return executeContextOf({
		type: packType(new TimelinesAi()),
		parameters: {},
		credentials: timelinesCredential(),
	});
}

export function binaryFile(content: string, fileName: string, mimeType: string): IBinaryData {
	return { data: Buffer.from(content).toString('base64'), fileName, mimeType };
}
