// The page script's live updates, placed inside its closure (chatPageScript.ts): an EventSource on
// ?action=events for the selected chat; pushed items are merged by uid (a trigger's or another page's copy
// never replaces a message already shown, the shared refresh does: statuses). After a reconnect the page
// asks once for the newest messages (what a dropped stream missed). When the stream is refused (404 off,
// 401 session gone, "unavailable" when every slot is taken) or EventSource is missing, the page polls.
// (Written without backticks or dollar-brace so it can live in a String.raw template.)
export const CHAT_PAGE_LIVE_UPDATES = String.raw`
	var stream = null;
	var polling = false;

	function refreshNewest(chatId) {
		return api('GET', 'messages', { chat: String(chatId) })
			.then(function (data) { if (chatId === selectedChatId) mergeItems(data.items, false, false); });
	}

	function poll() {
		if (stopped) return;
		var request = selectedChatId === null ? Promise.resolve() : refreshNewest(selectedChatId);
		request.catch(function (error) { say(error.message); }).then(function () {
			if (!stopped) window.setTimeout(poll, config.pollIntervalMs);
		});
	}

	function startPolling() {
		if (polling || stopped) return;
		polling = true;
		window.setTimeout(poll, config.pollIntervalMs);
	}

	function openStream() {
		if (stream) { stream.close(); stream = null; }
		if (stopped || polling || selectedChatId === null) return;
		if (!config.push || typeof EventSource === 'undefined') { startPolling(); return; }
		var chatId = selectedChatId;
		var opened = 0;
		var source = new EventSource(base + '?' + new URLSearchParams({ action: 'events', chat: String(chatId) }).toString());
		stream = source;
		source.addEventListener('open', function () {
			opened++;
			if (opened > 1) refreshNewest(chatId).catch(function (error) { say(error.message); });
		});
		source.addEventListener('messages', function (event) {
			var data = JSON.parse(event.data);
			if (data.chatId === selectedChatId) mergeItems(data.items, false, !data.replace);
		});
		source.addEventListener('end', function (event) {
			source.close();
			stopped = true;
			say(JSON.parse(event.data).reason);
		});
		source.addEventListener('unavailable', function () {
			source.close();
			if (stream === source) { stream = null; startPolling(); }
		});
		source.addEventListener('error', function () {
			if (source.readyState === EventSource.CLOSED && stream === source) { stream = null; startPolling(); }
		});
	}
`;
