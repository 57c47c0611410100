// The emoji picker's inline list: no CDN, no emoji font download — the viewer's system font draws them.
export const PICKER_EMOJIS = [
	'😀', '😂', '😊', '😍', '😉', '😎', '🤔', '😅', '😢', '😮',
	'👍', '👎', '👏', '🙏', '👋', '💪', '🤝', '🙌', '👌', '✌️',
	'❤️', '🔥', '🎉', '✅', '❌', '⭐', '📞', '📅', '📎', '💬',
	'⏰', '📍', '💰', '📦', '🚀', '☕', '🌞', '🙂', '😃', '🤗',
];
