import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import { ItemWithBinary } from './binaryOutput';
import * as chat from './chat/Chat.resource';
import * as file from './file/File.resource';
import * as message from './message/Message.resource';
import * as sendAndWait from './message/sendAndWait.operation';
import type { OperationResult, TimelinesAiType } from './node.type';
import * as template from './template/Template.resource';
import * as webhook from './webhook/Webhook.resource';
import * as whatsappAccount from './whatsappAccount/WhatsappAccount.resource';

type Operation = { execute: (this: IExecuteFunctions, i: number) => Promise<OperationResult> };
type Resource = TimelinesAiType['resource'];

// Typed so that every operation of node.type.ts has an execute of the right shape.
const resources: {
	[R in Resource]: Record<Extract<TimelinesAiType, { resource: R }>['operation'], Operation>;
} = {
	chat,
	file,
	message,
	template,
	webhook,
	whatsappAccount,
};

async function runOperation(
	this: IExecuteFunctions,
	node: TimelinesAiType,
	i: number,
): Promise<OperationResult> {
	const operation = (resources[node.resource] as Record<string, Operation | undefined>)[
		node.operation
	];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`Operation "${node.operation}" of resource "${node.resource}" is not supported`,
		);
	}
	return await operation.execute.call(this, i);
}

/** The error for the n8n UI, pointing at the failing item (the transport cannot know the item). */
function withItemIndex(
	context: IExecuteFunctions,
	error: unknown,
	i: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = i;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex: i });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (this.getNodeParameter('operation', 0) === SEND_AND_WAIT_OPERATION) {
		try {
			return await sendAndWait.run.call(this);
		} catch (error) {
			throw withItemIndex(this, error, 0);
		}
	}
	const items = this.getInputData();
	const node = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as TimelinesAiType;
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await runOperation.call(this, node, i);
			for (const entry of Array.isArray(result) ? result : [result]) {
				if (entry instanceof ItemWithBinary)
					output.push({
						json: entry.json as IDataObject,
						binary: entry.binary,
						pairedItem: { item: i },
					});
				else output.push({ json: entry as IDataObject, pairedItem: { item: i } });
			}
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, i);
			output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	return [output];
}
