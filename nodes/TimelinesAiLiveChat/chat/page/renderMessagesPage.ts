import type { ChatMessageView } from '../chatBackend';
import type { ChatDependencies } from '../actions/chatRequest';
import type { ChatSession } from '../session/chatSessionStore';
import { renderMessageItems, type MessageRenderContext, type RenderedMessage } from './renderChatFragments';

export interface RenderedMessagesPage {
	items: RenderedMessage[];
	/** The page to ask for next when scrolling back in time; null when this was the oldest. */
	nextPage: number | null;
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
	page: number,
): Promise<RenderedMessagesPage> {
	const result = await deps.backend.listMessages(chatId, page);
	const context = sessionRenderContext(deps, session, result.messages);
	return { items: renderMessageItems(result.messages, context), nextPage: result.hasMore ? page + 1 : null };
}
