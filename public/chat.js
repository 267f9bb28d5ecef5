// The chat page's script: plain ES2020 for current browsers, no build step, served as /web/chat.js.
// Its text comes from locales/<locale>/strings/web.json, inlined by the server into #chat-config.
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('chat-config').textContent);
  var SESSION_KEY = 'ssa.webchat.session.v1';
  var PREFS_KEY = 'ssa.webchat.prefs.v1';
  var ONLINE = 2;
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;

  var strings = config.strings;
  var locales = Object.keys(strings);
  var element = document.getElementById('webchat');
  var statusLine = document.getElementById('status');
  var switchButton = document.getElementById('switch-language');
  var largeTextBox = document.getElementById('large-text');
  var endButton = document.getElementById('end-conversation');

  // sessionStorage can throw (storage disabled): the chat still works, only a reload loses it.
  function read(key) {
    try {
      return JSON.parse(sessionStorage.getItem(key) || 'null');
    } catch (error) {
      return null;
    }
  }
  function write(key, value) {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* see read() */
    }
  }

  var prefs = read(PREFS_KEY) || {};
  var locale = locales.indexOf(prefs.locale) >= 0 ? prefs.locale : initialLocale();
  var isLargeText = prefs.largeText === true;
  var statusKey = 'connecting';
  var session = null;
  var directLine = null;
  var store = null;

  /** The server chose from ?lang= or Accept-Language when it could; otherwise the browser's language decides. */
  function initialLocale() {
    if (config.isLocaleFromRequest) return config.locale;
    var tag = (navigator.language || '').toLowerCase();
    if (tag.indexOf('zh') === 0) return 'zh-CN';
    if (tag.indexOf('en') === 0) return 'en-US';
    return config.locale;
  }

  function t(key) {
    return strings[locale][key];
  }

  function otherLocale() {
    return locales.filter(function (candidate) {
      return candidate !== locale;
    })[0];
  }

  function setStatus(key) {
    statusKey = key;
    statusLine.textContent = key ? t(key) : '';
  }

  function applyPage() {
    document.documentElement.lang = locale;
    document.documentElement.classList.toggle('large-text', isLargeText);
    document.title = t('title');
    document.querySelectorAll('[data-text]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-text'));
    });
    document.getElementById('other-language').lang = otherLocale();
    largeTextBox.checked = isLargeText;
    setStatus(statusKey);
    write(PREFS_KEY, { locale: locale, largeText: isLargeText });
  }

  function styleOptions() {
    return {
      hideUploadButton: true,
      primaryFont: getComputedStyle(document.body).fontFamily,
      accent: '#0b5cad',
      subtle: '#595959',
      timestampColor: '#595959',
      bubbleMaxWidth: 640,
      bubbleMinHeight: isLargeText ? 56 : 44,
      fontSizeSmall: isLargeText ? '90%' : '80%',
      sendBoxHeight: isLargeText ? 64 : 52,
      suggestedActionHeight: isLargeText ? 56 : 44,
      // Large text on a phone would cut long suggestions short in a flowing row: stack and wrap them instead.
      suggestedActionLayout: isLargeText ? 'stacked' : 'flow',
      suggestedActionsStackedLayoutButtonTextWrap: true,
      suggestedActionBorderRadius: 6,
    };
  }

  /**
   * The bot writes one line per "\n", as plain-text channels show it; Markdown would join such lines into
   * one paragraph (a checklist would become a run-on line). A hard break keeps them, except before a list
   * item or a blank line, where Markdown already breaks.
   */
  function withLineBreaks(markdown) {
    return markdown.replace(/([^\n])\n(?!\n|[ \t]*(?:[-*+]|\d+[.)])[ \t])/g, '$1  \n');
  }

  function renderMarkdown(markdown, options, init) {
    return window.WebChat.renderMarkdown(withLineBreaks(markdown), options, init);
  }

  function render() {
    if (!directLine) return;
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: locale,
        styleOptions: styleOptions(),
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: t('inputPlaceholder') },
        renderMarkdown: renderMarkdown,
      },
      element,
    );
  }

  async function requestNewSession() {
    var response = await fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: locale }),
    });
    if (!response.ok) throw new Error('token request failed with status ' + response.status);
    var body = await response.json();
    return { token: body.token, conversationId: body.conversationId, domain: body.domain, expiresAt: Date.now() + body.expires_in * 1000 };
  }

  /** A saved conversation whose token still refreshes: its history and dialog carry on after a reload. */
  async function resumeSavedSession() {
    var saved = read(SESSION_KEY);
    if (!saved || !saved.token || !saved.domain || !saved.conversationId || !(saved.expiresAt > Date.now())) return null;
    try {
      var response = await fetch(saved.domain + '/tokens/refresh', { method: 'POST', headers: { Authorization: 'Bearer ' + saved.token } });
      if (!response.ok) return null;
      var body = await response.json();
      return { token: body.token, conversationId: saved.conversationId, domain: saved.domain, expiresAt: Date.now() + body.expires_in * 1000 };
    } catch (error) {
      return null;
    }
  }

  function connect(isResuming) {
    var options = { domain: session.domain, token: session.token, webSocket: true };
    // With a conversation id, Direct Line reconnects (GET .../conversations/{id}) and replays the history.
    if (isResuming) options.conversationId = session.conversationId;
    else options.conversationStartProperties = { locale: locale };
    directLine = window.WebChat.createDirectLine(options);
    store = window.WebChat.createStore();
    directLine.connectionStatus$.subscribe(function (status) {
      if (status === ONLINE) setStatus(null);
      if (status === EXPIRED_TOKEN || status === FAILED_TO_CONNECT) setStatus('connectionFailed');
    });
    render();
  }

  /** Direct Line refreshes its token every 15 minutes; keep the saved copy current so a reload can resume. */
  function saveCurrentToken() {
    if (!session || !directLine || !directLine.token || directLine.token === session.token) return;
    session.token = directLine.token;
    session.expiresAt = Date.now() + 30 * 60 * 1000;
    write(SESSION_KEY, session);
  }

  async function start() {
    applyPage();
    var resumed = await resumeSavedSession();
    try {
      session = resumed || (await requestNewSession());
    } catch (error) {
      setStatus('connectionFailed');
      return;
    }
    write(SESSION_KEY, session);
    connect(Boolean(resumed));
    setInterval(saveCurrentToken, 60 * 1000);
    window.addEventListener('pagehide', saveCurrentToken);
  }

  switchButton.addEventListener('click', function () {
    // Tell the bot too, in the words it knows, so its answers follow the page.
    var command = t('switchCommand');
    locale = otherLocale();
    applyPage();
    render();
    if (store) store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: command } });
  });

  largeTextBox.addEventListener('change', function () {
    isLargeText = largeTextBox.checked;
    applyPage();
    render();
  });

  endButton.addEventListener('click', function () {
    if (directLine) directLine.end();
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch (error) {
      /* see read() */
    }
    window.location.reload();
  });

  start();
})();
