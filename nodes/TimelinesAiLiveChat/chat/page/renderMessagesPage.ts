import type { ChatMessageView } from '../chatBackend';
import type { ChatDependencies } from '../actions/chatRequest';
import type { ChatSession } from '../session/chatSessionStore';
import {
	renderMessageItems,
	type MessageRenderContext,
	type RenderedMessage,
} from './renderChatFragments';

export interface RenderedMessagesPage {
	items: RenderedMessage[];
	/** The cursor (a message uid) to ask with for older messages; null when this was the oldest. */
	olderCursor: string | null;
}

export const ATTACHMENT_PATH_PREFIX = '?action=file&t=';

/** Render context whose attachment links are opaque per-session tokens served by the file action. */
export function sessionRenderContext(
	deps: ChatDependencies,
	session: ChatSession,
	known: ChatMessageView[],
): MessageRenderContext {
	const byUid = new Map(known.map((message) => [message.uid, message]));
	return {
		attachmentHref: (attachment) =>
			ATTACHMENT_PATH_PREFIX +
			deps.runtime.sessions.registerAttachment(session, {
				url: attachment.url,
				filename: attachment.filename,
				mimetype: attachment.mimetype,
			}),
		quotedMessage: (uid) => byUid.get(uid),
	};
}

export async function renderMessagesPage(
	deps: ChatDependencies,
	session: ChatSession,
	chatId: number,
	before?: string,
): Promise<RenderedMessagesPage> {
	const result = await deps.backend.listMessages(chatId, before ? { before } : {});
	const context = sessionRenderContext(deps, session, result.messages);
	return {
		items: renderMessageItems(result.messages, context),
		olderCursor: result.olderCursor ?? null,
	};
}
