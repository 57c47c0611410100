// The page's only script, sent with the response's CSP nonce. Plain ES2020 for any current browser.
// Rules it keeps: message HTML comes only from the server's escaping renderer (renderChatFragments.ts);
// anything the viewer types is put on the page with textContent/value, never innerHTML; every POST carries
// the session's CSRF token in a header; all requests go to this same webhook URL with ?action=….
// New messages and statuses arrive over an event stream (chatPageLiveUpdates.ts), polling only as a fallback.
// (Written without backticks or dollar-brace so it can live in a String.raw template.)
import { CHAT_PAGE_LIVE_UPDATES } from './chatPageLiveUpdates';

export const CHAT_PAGE_SCRIPT =
	String.raw`
(function () {
	'use strict';
	var config = JSON.parse(document.getElementById('chat-config').textContent);
	var base = window.location.pathname;
	var messagesEl = document.getElementById('messages');
	var statusLine = document.getElementById('status-line');
	var replyForm = document.getElementById('reply-form');
	var replyText = document.getElementById('reply-text');
	var attachInput = document.getElementById('attach');
	var attachName = document.getElementById('attach-name');
	var olderButton = document.getElementById('older');
	var conversation = document.getElementById('conversation');
	var newChatPanel = document.getElementById('new-chat-panel');
	var keys = config.messageKeys || {};
	var selectedChatId = config.selectedChatId;
	var olderCursor = config.olderCursor;
	var stopped = false;
	var loadingOlder = false;

	function say(text) { statusLine.textContent = text; }

	// TimelinesAI refuses longer texts; the text stays in the box so it can be shortened.
	function tooLongMessage(text) {
		return 'Messages are limited to ' + config.maxTextLength.toLocaleString('en-US') + ' characters; this one has ' +
			text.length.toLocaleString('en-US') + '. Shorten it or send it in parts.';
	}

	function api(method, action, params, body) {
		var query = new URLSearchParams(params || {});
		query.set('action', action);
		var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
		if (method === 'POST') {
			init.headers['Content-Type'] = 'application/json';
			init.headers['X-CSRF-Token'] = config.csrfToken;
			init.body = JSON.stringify(body || {});
		}
		return fetch(base + '?' + query.toString(), init).then(function (response) {
			return response.json().catch(function () { return {}; }).then(function (data) {
				if (response.status === 401 || response.status === 403) {
					stopped = true;
					throw new Error('Your session has ended. Open the chat again from the Zoho record.');
				}
				if (!response.ok) throw new Error(data.error || ('Request failed (' + response.status + ')'));
				return data;
			});
		});
	}

	function toElement(html) {
		var template = document.createElement('template');
		template.innerHTML = html;
		return template.content.firstElementChild;
	}

	function localizeTimes(root) {
		var times = root.querySelectorAll('time[datetime]');
		for (var i = 0; i < times.length; i++) {
			var date = new Date(times[i].getAttribute('datetime'));
			if (!isNaN(date.getTime())) {
				times[i].textContent = date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
			}
		}
	}

	function findMessage(uid) {
		return messagesEl.querySelector('[data-uid="' + CSS.escape(uid) + '"]');
	}

	function nearBottom() {
		return messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 80;
	}

	function scrollToBottom() { messagesEl.scrollTop = messagesEl.scrollHeight; }

	/** Adds new messages (append or prepend) and replaces those whose key (status…) changed, unless keepExisting. */
	function mergeItems(items, prepend, keepExisting) {
		var stick = nearBottom();
		var firstExisting = messagesEl.firstElementChild;
		var heightBefore = messagesEl.scrollHeight;
		for (var i = 0; i < items.length; i++) {
			var item = items[i];
			var existing = findMessage(item.uid);
			var element = toElement(item.html);
			localizeTimes(element);
			if (existing) {
				if (keepExisting) continue;
				if (keys[item.uid] !== item.key) existing.replaceWith(element);
			} else if (prepend) {
				messagesEl.insertBefore(element, firstExisting);
			} else {
				messagesEl.appendChild(element);
			}
			keys[item.uid] = item.key;
		}
		if (prepend) messagesEl.scrollTop += messagesEl.scrollHeight - heightBefore;
		else if (stick) scrollToBottom();
	}

	function setOlderVisible() { olderButton.hidden = olderCursor === null; }

` +
	CHAT_PAGE_LIVE_UPDATES +
	String.raw`

	function loadOlder() {
		if (loadingOlder || olderCursor === null || selectedChatId === null) return;
		loadingOlder = true;
		// History is walked back by cursor: the uid of the oldest message the server has given so far.
		api('GET', 'messages', { chat: String(selectedChatId), before: olderCursor }).then(function (data) {
			// Items come oldest first; each goes before the message that was first: the order stays chronological.
			mergeItems(data.items, true);
			olderCursor = data.olderCursor;
			setOlderVisible();
		}).catch(function (error) { say(error.message); }).then(function () { loadingOlder = false; });
	}

	function selectChat(chatId) {
		selectedChatId = chatId;
		var buttons = document.querySelectorAll('.chat-item');
		for (var i = 0; i < buttons.length; i++) {
			if (Number(buttons[i].getAttribute('data-chat-id')) === chatId) buttons[i].setAttribute('aria-current', 'true');
			else buttons[i].removeAttribute('aria-current');
		}
		messagesEl.textContent = '';
		keys = {};
		newChatPanel.hidden = true;
		conversation.hidden = false;
		say('Loading messages…');
		api('GET', 'messages', { chat: String(chatId) }).then(function (data) {
			mergeItems(data.items, false);
			olderCursor = data.olderCursor;
			setOlderVisible();
			scrollToBottom();
			say('');
		}).catch(function (error) { say(error.message); });
		openStream();
	}

	function readFileBase64(file) {
		return new Promise(function (resolve, reject) {
			var reader = new FileReader();
			reader.onload = function () { resolve(String(reader.result).replace(/^data:[^,]*,/, '')); };
			reader.onerror = function () { reject(new Error('Could not read the file')); };
			reader.readAsDataURL(file);
		});
	}

	function typeAllowed(type) {
		return config.allowedUploadTypes.some(function (pattern) {
			return pattern === type || pattern === '*/*' || (pattern.slice(-2) === '/*' && type.indexOf(pattern.slice(0, -1)) === 0);
		});
	}

	function pendingBubble(text, fileName) {
		var li = document.createElement('li');
		li.className = 'msg msg-out';
		li.setAttribute('data-pending', 'true');
		var bubble = document.createElement('div');
		bubble.className = 'bubble';
		if (fileName) {
			var file = document.createElement('p');
			file.className = 'att-file';
			file.textContent = '📎 ' + fileName;
			bubble.appendChild(file);
		}
		var p = document.createElement('p');
		p.className = 'text';
		p.textContent = text;
		var meta = document.createElement('p');
		meta.className = 'meta';
		var status = document.createElement('span');
		status.className = 'status status-pending';
		status.setAttribute('aria-label', 'Status: Pending');
		status.textContent = '🕓 Sending…';
		meta.appendChild(status);
		bubble.appendChild(p);
		bubble.appendChild(meta);
		li.appendChild(bubble);
		return li;
	}

	function sendReply(event) {
		event.preventDefault();
		var text = replyText.value.trim();
		var file = attachInput.files && attachInput.files[0];
		if ((!text && !file) || selectedChatId === null) return;
		if (text.length > config.maxTextLength) { say(tooLongMessage(text)); return; }
		if (file && file.size > config.maxUploadBytes) { say('The file is larger than the allowed ' + Math.round(config.maxUploadBytes / 1048576) + ' MB.'); return; }
		if (file && !typeAllowed(file.type)) { say('This file type is not allowed.'); return; }
		var chatId = selectedChatId;
		var pending = pendingBubble(text, file ? file.name : '');
		messagesEl.appendChild(pending);
		scrollToBottom();
		replyText.value = '';
		attachInput.value = '';
		attachName.textContent = '';
		var upload = file
			? readFileBase64(file).then(function (data) {
				return api('POST', 'upload', {}, { filename: file.name, mimetype: file.type, dataBase64: data });
			}).then(function (uploaded) { return uploaded.fileUid; })
			: Promise.resolve(undefined);
		upload.then(function (fileUid) {
			return api('POST', 'send', {}, { chatId: chatId, text: text, fileUid: fileUid });
		}).then(function (data) {
			if (findMessage(data.item.uid)) pending.remove();
			else { var element = toElement(data.item.html); localizeTimes(element); pending.replaceWith(element); }
			keys[data.item.uid] = data.item.key;
			say('');
		}).catch(function (error) {
			var status = pending.querySelector('.status');
			status.className = 'status status-failed';
			status.textContent = '⚠ Not sent';
			say(error.message);
		});
	}

	function insertAtCursor(field, value) {
		var start = field.selectionStart || 0;
		var end = field.selectionEnd || 0;
		field.value = field.value.slice(0, start) + value + field.value.slice(end);
		field.selectionStart = field.selectionEnd = start + value.length;
		field.focus();
	}

	function bindNewChatForm() {
		var form = document.getElementById('new-chat-form');
		if (!form) return;
		form.addEventListener('submit', function (event) {
			event.preventDefault();
			var account = document.getElementById('new-chat-account');
			var body = {
				phone: document.getElementById('new-chat-phone').value,
				whatsappAccountPhone: account ? account.value : undefined,
				text: document.getElementById('new-chat-text').value.trim(),
			};
			if (!body.text) return;
			if (body.text.length > config.maxTextLength) { say(tooLongMessage(body.text)); return; }
			say('Starting the chat…');
			api('POST', 'new-chat', {}, body).then(function (data) {
				var nav = document.querySelector('.chats');
				var oldList = nav.querySelector('.chat-list');
				var list = toElement(data.chatListHtml);
				if (oldList) oldList.replaceWith(list); else nav.insertBefore(list, nav.firstChild);
				document.getElementById('new-chat-text').value = '';
				if (data.chatId === null) say('Sent. The chat will appear here shortly.');
				else selectChat(data.chatId);
			}).catch(function (error) { say(error.message); });
		});
	}

	document.querySelector('.chats').addEventListener('click', function (event) {
		var button = event.target.closest('.chat-item');
		if (button) selectChat(Number(button.getAttribute('data-chat-id')));
	});
	document.getElementById('new-chat-toggle').addEventListener('click', function () {
		conversation.hidden = true;
		newChatPanel.hidden = false;
		var first = newChatPanel.querySelector('select, textarea');
		if (first) first.focus();
	});
	replyForm.addEventListener('submit', sendReply);
	replyText.addEventListener('keydown', function (event) {
		if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); replyForm.requestSubmit(); }
	});
	attachInput.addEventListener('change', function () {
		attachName.textContent = attachInput.files && attachInput.files[0] ? attachInput.files[0].name : '';
	});
	document.getElementById('emoji-picker').addEventListener('click', function (event) {
		var button = event.target.closest('.emoji');
		if (!button) return;
		insertAtCursor(replyText, button.getAttribute('data-emoji'));
		document.getElementById('emoji-picker').open = false;
	});
	var templatePicker = document.getElementById('template-picker');
	if (templatePicker) templatePicker.addEventListener('change', function () {
		var chosen = config.templates.filter(function (t) { return t.id === templatePicker.value; })[0];
		if (chosen) insertAtCursor(replyText, chosen.text);
		templatePicker.value = '';
	});
	olderButton.addEventListener('click', loadOlder);
	messagesEl.addEventListener('scroll', function () { if (messagesEl.scrollTop < 40) loadOlder(); });
	bindNewChatForm();
	localizeTimes(messagesEl);
	scrollToBottom();
	openStream();
})();
`;
