import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { getChat } from '../shared/transport/timelinesai/chats';
import type { HistoryChat } from '../shared/transport/timelinesai/history';
import { parseHistoryChat } from '../shared/transport/timelinesai/history';

/** A chat a later batch reads by id; undefined when it was deleted since the first batch listed it (404). */
export async function chatById(
	context: IExecuteFunctions,
	chatId: number,
): Promise<HistoryChat | undefined> {
	try {
		return parseHistoryChat(await getChat(context, chatId));
	} catch (error) {
		if (error instanceof NodeApiError && String(error.httpCode) === '404') return undefined;
		throw error instanceof NodeApiError
			? error
			: new NodeApiError(context.getNode(), error as JsonObject);
	}
}
