/*
 * What the bulk writes of notes (bulkNoteCalls) and of new records (bulkRecordCreates) share: an item's share
 * of a call's credits, and sending an item refused inside a bulk answer again on its own.
 */

export const asError = (error: unknown): Error =>
	error instanceof Error ? error : new Error(String(error));

/** Credits of a bulk write of n items, shared out between them (Zoho charges writes 1 per 10 records). */
const writeShare = (n: number) => Math.ceil(n / 10) / n;

/**
 * One bulk write for several items (one alone: its own call, same credits); each item is charged its share.
 * An item refused inside the bulk answer (not written, not created) is sent again alone: its own retries and
 * error mapping; the others of the call are written. A bulk call that fails as a whole fails every item (it
 * is not repeated: a create may have been written).
 */
export async function bulkWrite<R, Res>(
	requests: R[],
	sendAll: (requests: R[]) => Promise<Array<Res | Error>>,
	sendAlone: (request: R) => Promise<Res>,
	charge: (request: R, credits: number) => void,
): Promise<Array<Res | Error>> {
	const alone = async (request: R) => await sendAlone(request).catch(asError);
	if (requests.length === 1) return [await alone(requests[0])];
	const results = await sendAll(requests);
	const share = writeShare(requests.length);
	return await Promise.all(
		requests.map(async (request, index) => {
			charge(request, share);
			const result = results[index];
			return result instanceof Error ? await alone(request) : result;
		}),
	);
}
