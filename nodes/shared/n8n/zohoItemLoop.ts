import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeOperationError,
} from 'n8n-workflow';

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
 * Either way the message's uid is recorded as failed (with its chat), so the trigger lets its redelivery
 * through and the catch-up reads its chat again until it lands.
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

/**
 * What `run` answers for one item: its result, its Error, or (fan-out: a group message logged to several
 * records) several, each leaving as its own item paired with the input item; an Error among them fails that
 * one only. The item's own Zoho calls are shared out evenly between its results.
 */
export type ZohoItemAnswer = ZohoItemResult | Error | Array<ZohoItemResult | Error>;

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
	run(batch: Array<PreparedItem<Work>>): Promise<ZohoItemAnswer[]>;
}

export async function runZohoItems<Work>(
	context: IExecuteFunctions,
	handler: ZohoItemHandler<Work>,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const connection = new ZohoCrmHttpApi(context);
	const credentialId = zohoCredentialKey(context);
	const outputs: INodeExecutionData[][] = Array.from({ length: handler.outputCount }, () => []);
	const results: Array<Array<{ output: number; item: INodeExecutionData }>> = items.map(() => []);

	let firstFailure: Error | undefined;
	const fail = (index: number, error: unknown, stage: 'prepare' | 'run') => {
		const nodeError = toNodeError(context.getNode(), error, index);
		const input = items[index].json;
		const message = messageOf(input);
		recordMessageOutcome(stringOf(message.uid), 'failed', {
			chatId: stringOf(message.chatId),
			// The item's own settings or input are wrong: running it again changes nothing.
			transient: stage === 'run' && !refusedForGood(nodeError),
		});
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
		results[index].push({
			output: handler.errorOutput,
			item: { json, pairedItem: { item: index } },
		});
	};

	const batch: Array<PreparedItem<Work>> = [];
	for (let index = 0; index < items.length; index++) {
		const api = connection.counted();
		try {
			batch.push({ index, work: await handler.prepare(index, api, credentialId), api });
		} catch (error) {
			fail(index, error, 'prepare');
		}
	}
	const answers = batch.length > 0 ? await handler.run(batch) : [];
	batch.forEach(({ index, api }, position) => {
		const answer = answers[position];
		const parts = Array.isArray(answer) ? answer : [answer];
		if (parts.length === 0) parts.push(new Error('No result for the item'));
		const input = items[index].json;
		const previous = readSync(input.sync);
		const ownCalls = Math.round((api.callCount / parts.length) * 1000) / 1000;
		for (const part of parts) {
			if (part instanceof Error || part === undefined) {
				fail(index, part ?? new Error('No result for the item'), 'run');
				continue;
			}
			const sync = {
				...previous,
				...part.sync,
				creditsSpent: previous.creditsSpent + ownCalls + (part.credits ?? 0),
			};
			results[index].push({
				output: part.output,
				item: {
					json: { ...input, ...part.set, sync: sync as IDataObject },
					pairedItem: { item: index },
				},
			});
		}
	});
	if (firstFailure) throw firstFailure;
	for (const result of results.flat()) outputs[result.output].push(result.item);
	return outputs;
}

function messageOf(json: IDataObject): IDataObject {
	const message = json.message;
	if (typeof message !== 'object' || message === null || Array.isArray(message)) return {};
	return message as IDataObject;
}

/**
 * Zoho refused the item itself (a 4xx other than 401, 408 and 429: a value it does not accept, a record
 * that is gone): the same call fails again until a person changes something.
 */
function refusedForGood(error: NodeApiError | NodeOperationError): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	return status >= 400 && status < 500 && ![401, 408, 429].includes(status);
}

function stringOf(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
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
