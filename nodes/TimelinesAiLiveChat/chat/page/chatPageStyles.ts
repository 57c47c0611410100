// Colours chosen for WCAG AA contrast (≥ 4.5:1 for text) on their backgrounds; focus rings always visible.
export const CHAT_PAGE_STYLES = `
*{box-sizing:border-box}
html,body{height:100%}
body{margin:0;display:flex;flex-direction:column;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f23;background:#eef1f4}
.top{padding:.6rem 1rem;background:#075e54;color:#fff}
.top h1{font-size:1.1rem;margin:0}
.record-phones{margin:.2rem 0 0;font-size:.85rem;color:#e6f2f0}
.layout{display:flex;flex:1;min-height:0}
.chats{width:15rem;flex:none;border-right:1px solid #c9d1d9;background:#fff;padding:.5rem;overflow-y:auto}
.chat-list{list-style:none;margin:0 0 .5rem;padding:0}
.chat-item{display:block;width:100%;text-align:left;border:0;background:none;padding:.5rem;border-radius:6px;cursor:pointer;color:inherit;font:inherit}
.chat-item[aria-current="true"]{background:#d7efe9}
.chat-item:hover{background:#eef6f4}
.chat-name{display:block;font-weight:600}
.chat-phone{display:block;font-size:.8rem;color:#4a5560}
main{flex:1;display:flex;flex-direction:column;min-width:0;min-height:0}
#conversation{display:flex;flex-direction:column;flex:1;min-height:0}
#conversation[hidden],#new-chat-panel[hidden]{display:none}
#messages{list-style:none;margin:0;padding:.75rem;flex:1;min-height:0;overflow-y:auto}
.msg{display:flex;margin:.3rem 0}
.msg-out{justify-content:flex-end}
.bubble{max-width:75%;padding:.4rem .6rem;border-radius:8px;background:#fff;box-shadow:0 1px 1px rgba(0,0,0,.12);overflow-wrap:anywhere}
.msg-out .bubble{background:#d9fdd3}
.sender{margin:0;font-size:.78rem;font-weight:600;color:#1f5f56}
.phone{font-weight:400;color:#4a5560}
.text{margin:.2rem 0;white-space:pre-wrap}
.meta{margin:0;font-size:.72rem;color:#4a5560;text-align:right}
.status{margin-left:.3rem}
.status-read{color:#0b5cad}
.status-failed{color:#a4000f}
.quote{margin:.2rem 0;padding:.2rem .5rem;border-left:3px solid #25a58f;background:rgba(0,0,0,.05);font-size:.85rem}
.quote-sender{font-weight:600}
.att-image img{display:block;max-width:100%;max-height:16rem;border-radius:6px;margin:.2rem 0}
.att-file{display:inline-block;margin:.2rem 0;color:#0b5cad}
.reply{border-top:1px solid #c9d1d9;background:#fff;padding:.5rem}
.tools{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-bottom:.4rem}
.compose{display:flex;gap:.5rem}
textarea,select,input{font:inherit;padding:.45rem;border:1px solid #8b96a0;border-radius:6px;color:inherit;background:#fff}
textarea{flex:1;resize:vertical;min-height:2.6rem}
button{font:inherit;padding:.45rem .9rem;border-radius:6px;border:1px solid #075e54;background:#075e54;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#075e54}
button:disabled{opacity:.6;cursor:default}
:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
#attach{position:absolute;width:1px;height:1px;opacity:0}
.attach-label{cursor:pointer;padding:.35rem .6rem;border:1px solid #8b96a0;border-radius:6px}
#attach:focus-visible+.attach-name,#attach:focus+.attach-name{outline:3px solid #f0b400}
.attach-name{font-size:.85rem;color:#4a5560}
#emoji-picker summary{cursor:pointer;list-style:none;padding:.3rem .5rem;border:1px solid #8b96a0;border-radius:6px}
.emoji-grid{display:grid;grid-template-columns:repeat(10,2.2rem);gap:2px;position:absolute;background:#fff;border:1px solid #c9d1d9;padding:.3rem;border-radius:6px;z-index:2;transform:translateY(-100%) translateY(-2.6rem)}
.emoji{background:none;border:0;color:inherit;padding:.2rem;font-size:1.2rem}
.emoji:hover{background:#eef6f4}
.new-chat{display:flex;flex-direction:column;gap:.35rem;max-width:28rem;padding:1rem}
.new-chat h2{font-size:1.05rem;margin:0 0 .3rem}
.notice{padding:1rem}
.status-line{margin:0;padding:.25rem 1rem;font-size:.85rem;min-height:1.5rem;flex:none}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.error-page{max-width:36rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:8px}
@media (max-width:640px){
.layout{flex-direction:column}
.chats{width:auto;max-height:30vh;border-right:0;border-bottom:1px solid #c9d1d9}
.bubble{max-width:90%}
.emoji-grid{grid-template-columns:repeat(8,2.2rem)}
}
`;
