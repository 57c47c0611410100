import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { recordMessageOutcome } from '../coordination/messageOutcomes';
import { readSync, type SyncItemSync } from '../domain/syncItem';
import { ZohoCrmHttpApi } from '../transport/zoho/zohoCrmHttpApi';
import { zohoCredentialKey } from '../transport/zoho/zohoRequest';
import { toNodeError } from './toNodeError';

/*
 * The one item loop of the pack's Zoho nodes. Each node gives:
 *   prepare(index, api) → the item's work (settings and input read, per item: a bad item fails alone);
 *   run(batch)          → each item's result, or an Error for that item only.
 * The loop adds what every Zoho node owes n8n: per-item Zoho credits on `sync.creditsSpent`, the input
 * passed through, `pairedItem`, `continueOnFail`, and n8n's error-output contract.
 *
 * A failing item never fails its siblings: every item runs, and then
 *  - "Continue (using error output)": it leaves as `{ error, details }`; n8n moves it to the Error output and
 *    merges the input's fields back in (n8n-core only moves items whose JSON holds nothing but error,
 *    message and details, so `error` is the reason a person reads and `details` what to do about it);
 *  - "Continue": it stays on the node's errorOutput with its input, `error`, `details` and
 *    `sync.outcome = "failed"`, `sync.reason`;
 *  - otherwise (Stop Workflow) the node fails with the first item's error once all items have run, as
 *    n8n's own nodes do; the siblings' work in Zoho is done and their redelivery is not refused.
 * Either way the message's uid is recorded as failed, so the trigger lets its redelivery through.
 */

export interface ZohoItemResult {
	/** Index of the node output the item goes to. */
	output: number;
	/** Keys added to (or replacing in) the item's JSON. */
	set: IDataObject;
	/** Keys merged into `sync` (creditsSpent is added up by the loop). */
	sync?: Partial<SyncItemSync>;
	/** Credits spent for the item outside its own view of the connection (e.g. its share of a group write). */
	credits?: number;
}

export interface PreparedItem<Work> {
	index: number;
	work: Work;
	/** This item's own view of the Zoho connection (counts this item's calls). */
	api: ZohoCrmHttpApi;
}

export interface ZohoItemHandler<Work> {
	outputCount: number;
	/** Output a failing item goes to when the node's setting is "Continue" (regular output). */
	errorOutput: number;
	prepare(index: number, api: ZohoCrmHttpApi, credentialId: string): Promise<Work>;
	/** Runs prepared items; the answer is in the batch's order. Items may be grouped and run together. */
	run(batch: Array<PreparedItem<Work>>): Promise<Array<ZohoItemResult | Error>>;
}

export async function runZohoItems<Work>(
	context: IExecuteFunctions,
	handler: ZohoItemHandler<Work>,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const connection = new ZohoCrmHttpApi(context);
	const credentialId = zohoCredentialKey(context);
	const outputs: INodeExecutionData[][] = Array.from({ length: handler.outputCount }, () => []);
	const results: Array<{ output: number; item: INodeExecutionData } | undefined> = items.map(
		() => undefined,
	);

	let firstFailure: Error | undefined;
	const fail = (index: number, error: unknown) => {
		const nodeError = toNodeError(context.getNode(), error, index);
		const input = items[index].json;
		recordMessageOutcome(messageUid(input), 'failed');
		if (!context.continueOnFail()) {
			firstFailure ??= nodeError;
			return;
		}
		const json: IDataObject = { error: nodeError.message };
		if (nodeError.description) json.details = nodeError.description;
		if (context.getNode().onError !== 'continueErrorOutput') {
			const reason = [nodeError.message, nodeError.description].filter(Boolean).join('. ');
			const sync = { ...readSync(input.sync), outcome: 'failed', reason };
			Object.assign(json, { ...input, ...json, sync: sync as IDataObject });
		}
		results[index] = { output: handler.errorOutput, item: { json, pairedItem: { item: index } } };
	};

	const batch: Array<PreparedItem<Work>> = [];
	for (let index = 0; index < items.length; index++) {
		const api = connection.counted();
		try {
			batch.push({ index, work: await handler.prepare(index, api, credentialId), api });
		} catch (error) {
			fail(index, error);
		}
	}
	const answers = batch.length > 0 ? await handler.run(batch) : [];
	batch.forEach(({ index, api }, position) => {
		const answer = answers[position];
		if (answer instanceof Error || answer === undefined)
			return fail(index, answer ?? new Error('No result for the item'));
		const input = items[index].json;
		const previous = readSync(input.sync);
		const sync = {
			...previous,
			...answer.sync,
			creditsSpent: previous.creditsSpent + api.callCount + (answer.credits ?? 0),
		};
		results[index] = {
			output: answer.output,
			item: {
				json: { ...input, ...answer.set, sync: sync as IDataObject },
				pairedItem: { item: index },
			},
		};
	});
	if (firstFailure) throw firstFailure;
	for (const result of results) if (result) outputs[result.output].push(result.item);
	return outputs;
}

function messageUid(json: IDataObject): string {
	const message = json.message;
	if (typeof message !== 'object' || message === null || Array.isArray(message)) return '';
	const uid = (message as IDataObject).uid;
	return typeof uid === 'string' ? uid : '';
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Runs each item on its own: all at once (per-key locks inside the use cases keep what must be serial),
 * or `inTurn` when the first item warms a cache the others use.
 */
export async function eachItem<Work>(
	batch: Array<PreparedItem<Work>>,
	runOne: (item: PreparedItem<Work>) => Promise<ZohoItemResult>,
	mode: 'atOnce' | 'inTurn' = 'atOnce',
): Promise<Array<ZohoItemResult | Error>> {
	if (mode === 'atOnce')
		return await Promise.all(batch.map(async (item) => await runOne(item).catch(asError)));
	const results: Array<ZohoItemResult | Error> = [];
	for (const item of batch) results.push(await runOne(item).catch(asError));
	return results;
}
