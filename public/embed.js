// The agency embed: <script src="https://BOT/embed.js" data-locale="zh-CN" defer></script> adds a
// "chat" button that opens the bot's own page in a panel (an iframe), so the host page needs no
// other script, style or cookie. Its two labels come from locales/<locale>/strings/web.json.
(function () {
  'use strict';
  var config = __EMBED_CONFIG__;
  var script = document.currentScript;
  if (!script || document.getElementById('ssa-chat-launcher')) return;
  var base = script.src.replace(/\/embed\.js(?:[?#].*)?$/, '');
  var requested = script.getAttribute('data-locale');
  var browser = (navigator.language || '').toLowerCase().indexOf('en') === 0 ? 'en-US' : config.defaultLocale;
  var locale = config.strings[requested] ? requested : browser;
  var text = config.strings[locale];

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.id = 'ssa-chat-launcher';
  launcher.lang = locale;
  launcher.textContent = text.openChat;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'ssa-chat-panel');
  style(launcher, {
    position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483000', minHeight: '48px', padding: '10px 18px',
    font: 'bold 18px/1.2 sans-serif', color: '#fff', background: '#0b5cad', border: '2px solid #fff', borderRadius: '24px',
    boxShadow: '0 2px 8px rgba(0,0,0,.35)', cursor: 'pointer',
  });

  var panel = document.createElement('div');
  panel.id = 'ssa-chat-panel';
  panel.lang = locale;
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', text.title);
  style(panel, {
    position: 'fixed', right: '16px', bottom: '80px', zIndex: '2147483000', width: 'min(420px, calc(100vw - 32px))',
    height: 'min(640px, calc(100vh - 100px))', background: '#fff', border: '1px solid #8a8a8a', borderRadius: '8px',
    boxShadow: '0 4px 16px rgba(0,0,0,.35)', overflow: 'hidden', display: 'flex', flexDirection: 'column',
  });

  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', text.closeChat);
  style(close, { alignSelf: 'flex-end', minWidth: '44px', minHeight: '44px', font: '28px/1 sans-serif', background: 'transparent', border: '0', cursor: 'pointer' });

  var frame = null;

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = text.title;
      frame.src = base + '/?lang=' + encodeURIComponent(locale);
      style(frame, { flex: '1', width: '100%', border: '0' });
      panel.appendChild(frame);
    }
    panel.hidden = false;
    panel.style.display = 'flex';
    launcher.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function hide() {
    panel.hidden = true;
    panel.style.display = 'none';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', function () {
    if (panel.hidden) open();
    else hide();
  });
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') hide();
  });

  function style(node, rules) {
    Object.keys(rules).forEach(function (name) {
      node.style[name] = rules[name];
    });
  }

  panel.style.display = 'none';
  panel.appendChild(close);
  document.body.appendChild(panel);
  document.body.appendChild(launcher);
})();
