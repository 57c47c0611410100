import type { ChatBackend, ChatMessageView } from '../chatBackend';
import type { ChatPushDependencies } from '../actions/chatRequest';
import { messageRenderKey } from '../page/renderChatFragments';

// The shared reconciliation fetch: ONE TimelinesAI call per open chat and interval, whatever the number of
// viewers, its changes pushed to all of them. It keeps pages right when no trigger delivers (every
// refreshWithoutTriggerMs) and brings what no webhook reports — statuses such as Delivered/Read of ordinary
// WhatsApp messages (message events carry no status, webhook_spec.yaml MessageDataInfo) and deliveries lost
// after TimelinesAI's 3 attempts (docs/api-facts.md, TimelinesAI §4) — while one does (refreshWithTriggerMs).

interface ChatRefreshState {
	lastMs: number;
	inFlight: boolean;
	/** uid → render key of what the last fetch saw: only changes are pushed. */
	known: Map<string, string>;
}

// Per process: the viewers of one chat in this process share its state whichever stream's tick runs it.
const states = new Map<string, ChatRefreshState>();

function stateKey(workspace: string, chatId: number): string {
	return `${workspace}\n${chatId}`;
}

/** Called by every open stream of the chat on each tick; fetches when the chat's interval has passed. */
export async function refreshChatIfDue(
	push: ChatPushDependencies,
	backend: ChatBackend,
	chatId: number,
	nowMs: number,
): Promise<void> {
	const key = stateKey(push.workspace, chatId);
	let state = states.get(key);
	if (!state) {
		// The page was just drawn from a fresh fetch: the first refresh is one interval later.
		state = { lastMs: nowMs, inFlight: false, known: new Map() };
		states.set(key, state);
		return;
	}
	if (state.inFlight) return;
	const intervalMs = (await push.channel.isTriggerActive(push.workspace))
		? push.refreshWithTriggerMs
		: push.refreshWithoutTriggerMs;
	if (intervalMs <= 0 || nowMs - state.lastMs < intervalMs) return;
	state.inFlight = true;
	state.lastMs = nowMs;
	try {
		const { messages } = await backend.listMessages(chatId);
		const changed = messages.filter(
			(message) => state.known.get(message.uid) !== messageRenderKey(message),
		);
		state.known = new Map(messages.map((message) => [message.uid, messageRenderKey(message)]));
		if (changed.length > 0) publishRefresh(push, chatId, changed);
	} finally {
		state.inFlight = false;
	}
}

function publishRefresh(push: ChatPushDependencies, chatId: number, messages: ChatMessageView[]) {
	// Every process refreshes its own open chats: the result goes to this process's pages only.
	push.channel.bus.publish({ workspace: push.workspace, chatId, messages, source: 'reconcile' });
}

/** Forgets a chat nobody watches any more in this process. */
export function forgetChatRefreshIfUnwatched(push: ChatPushDependencies, chatId: number): void {
	if (push.channel.bus.listenerCount(push.workspace, chatId) === 0)
		states.delete(stateKey(push.workspace, chatId));
}

/** Chats with a refresh state in this process (tests, bench). */
export function refreshedChatCount(): number {
	return states.size;
}
