/* amane live client: the participant's phone, the facilitator's console and the classroom screen.
   Protocol v1 (docs/live-protocol.md). Written for old browsers: ES5, no modules, no framework. */
(function () {
  'use strict';
  var root = document.querySelector('[data-live]');
  if (!root || !window.WebSocket || !window.JSON) { return; }
  var mode = root.getAttribute('data-live');
  var lang = root.getAttribute('data-lang') || 'fr';
  var S = {};
  try { S = JSON.parse(document.getElementById('live-strings').textContent); } catch (e) { S = {}; }
  var SHAPES = ['\u25B2', '\u25C6', '\u25CF', '\u25A0', '\u2605', '\u2B22', '\u271A', '\u2B1F'];

  function t(key, args) {
    var s = S[key] || key;
    if (args) {
      for (var k in args) {
        if (Object.prototype.hasOwnProperty.call(args, k)) { s = s.split('{$' + k + '}').join(String(args[k])); }
      }
    }
    return s;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.appendChild(document.createTextNode(String(text))); }
    return e;
  }
  /* Text whose direction may differ from the page's (an option such as "P@ssw0rd!" on an Arabic phone, a
     nickname, a sender's address): isolated and laid out by its own first strong letter. */
  function iso(tag, cls, text) {
    var e = el(tag, cls, text);
    e.setAttribute('dir', 'auto');
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function clear(node) { while (node && node.firstChild) { node.removeChild(node.firstChild); } }
  function show(node, on) { if (node) { if (on) { node.removeAttribute('hidden'); } else { node.setAttribute('hidden', ''); } } }
  function status(text) { var s = $('status') || $('state-line'); if (s && text !== undefined) { s.textContent = text; } }

  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* private mode: no resume after reload */ } },
    del: function (k) { try { window.localStorage.removeItem(k); } catch (e) { /* ignore */ } }
  };

  var pin = root.getAttribute('data-pin');
  var session = root.getAttribute('data-session');
  var tokenKey = 'amane.live.' + pin;
  var kickedKey = 'amane.kicked.' + pin;  // the token a kicked player held: sent with any later join to this game
  var ws = null;
  var stopped = false;
  var backoff = 500;
  var pending = null;      // the first frame to send once connected
  var me = { token: store.get(tokenKey), code: '', nickname: '', score: 0, rank: null };
  var current = null;      // the open question frame
  var answered = {};       // question index -> true once accepted
  var sent = {};           // question index -> the answer this device sent (to show a child their own taps)
  var unacked = null;      // an answer sent but not yet acknowledged (re-sent after a reconnection)
  var deadline = 0;
  var paused = false;
  var timerNode = null;
  var lastClosed = null;
  var lastResult = null;

  function url() {
    var u = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live/ws';
    if (mode !== 'play') { u += '?host=' + encodeURIComponent(session); }
    return u;
  }
  function send(obj) {
    obj.v = 1;
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify(obj)); return true; }
    return false;
  }
  function connect() {
    if (stopped) { return; }
    status(t('live-connecting'));
    ws = new WebSocket(url());
    ws.onopen = function () {
      backoff = 500;
      status('');
      if (pending) { send(pending); }
    };
    ws.onmessage = function (ev) {
      var m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      onMessage(m);
    };
    ws.onclose = function () {
      ws = null;
      if (stopped) { return; }
      status(t('live-reconnecting'));
      if (mode === 'play') { pending = me.token ? { type: 'resume', token: me.token, lang: lang } : pending; }
      window.setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 8000);
    };
  }

  /* ---------- the countdown ---------- */
  function tick() {
    if (!timerNode) { return; }
    var left = paused ? deadline : Math.max(0, deadline - Date.now());
    var secs = Math.ceil(left / 1000);
    timerNode.textContent = paused ? t('live-paused') : t('live-seconds-left', { seconds: secs });
  }
  window.setInterval(tick, 250);
  function setTimer(remaining, isPaused) {
    paused = !!isPaused;
    deadline = paused ? remaining : Date.now() + remaining;
    tick();
  }

  /* ---------- rendering shared by all views ---------- */
  /* Each option has a colour and a shape; the shape's name is said too, so that the option is never told by
     its colour alone ("triangle: P@ssw0rd!"). */
  function shapeName(i) { return t('live-shape-' + (i % 8)); }
  function optionButton(i, text, kind) {
    var b = el(kind || 'div', 'opt opt-' + (i % 8));
    var shape = el('span', 'opt-shape', SHAPES[i % 8]);
    shape.setAttribute('aria-hidden', 'true');
    b.appendChild(shape);
    b.appendChild(el('span', 'visually-hidden', shapeName(i) + ': '));
    b.appendChild(iso('span', 'opt-text', text));
    return b;
  }
  function trueFalseOptions() { return [t('live-false'), t('live-true')]; }

  function renderQuestionHead(box, q) {
    var head = el('div', 'q-head');
    var count = el('span', 'q-count', t('live-question-of', { index: q.index + 1, total: q.total }));
    count.setAttribute('data-index', String(q.index + 1));
    head.appendChild(count);
    timerNode = el('span', 'q-timer');
    timerNode.setAttribute('role', 'timer');
    head.appendChild(timerNode);
    box.appendChild(head);
    box.appendChild(el('h2', 'q-prompt', q.prompt));
    setTimer(q.remaining_ms, q.paused);
  }

  function renderMessage(box, q, tapHandler) {
    var wrap = el('div', 'rf rf-wide rf-' + (q.format || 'sms'));
    if (q.sender) { wrap.appendChild(iso('p', 'rf-sender', q.sender)); }
    if (q.subject) { wrap.appendChild(iso('p', 'rf-subject', q.subject)); }
    var body = el('div', 'rf-body');
    // Lines as in the curriculum's scenarios: one bubble per line, "> " marks the child's own lines.
    var lines = [[]];
    (q.segments || []).forEach(function (s) {
      if (s.tap === undefined || s.tap === null) {
        var parts = String(s.text).split('\n');
        parts.forEach(function (part, k) {
          if (k > 0) { lines.push([]); }
          if (part) { lines[lines.length - 1].push({ text: part }); }
        });
      } else {
        lines[lines.length - 1].push(s);
      }
    });
    lines.forEach(function (line) {
      if (!line.length) { return; }
      var div = el('div', 'rf-line');
      var first = line[0];
      if ((first.tap === undefined || first.tap === null) && first.text.indexOf('> ') === 0) {
        div.className += ' rf-line-mine';
        first = { text: first.text.substring(2) };
        line = [first].concat(line.slice(1));
      }
      line.forEach(function (s) {
        if (s.tap === undefined || s.tap === null) { div.appendChild(document.createTextNode(s.text)); return; }
        var b = iso(tapHandler ? 'button' : 'span', 'tap', s.text);
        b.setAttribute('data-tap', s.tap);
        if (tapHandler) {
          b.type = 'button';
          b.setAttribute('aria-pressed', 'false');
          b.onclick = function () { tapHandler(b, s.tap); };
        }
        div.appendChild(b);
      });
      body.appendChild(div);
    });
    wrap.appendChild(body);
    box.appendChild(wrap);
    return wrap;
  }

  function renderBars(box, labels, counts, correct) {
    var max = 0;
    counts.forEach(function (c) { if (c > max) { max = c; } });
    var list = el('ol', 'quiz-chart');
    labels.forEach(function (label, i) {
      var n = counts[i] || 0;
      var li = el('li', 'quiz-chart-row opt-' + (i % 8));
      var shape = el('span', 'opt-shape', SHAPES[i % 8]);
      shape.setAttribute('aria-hidden', 'true');
      li.appendChild(shape);
      li.appendChild(el('span', 'visually-hidden', shapeName(i) + ': '));
      li.appendChild(iso('span', 'opt-text', label));
      if (correct.indexOf(i) >= 0) {
        li.className += ' quiz-chart-right';
        li.appendChild(el('span', 'visually-hidden', t('live-correct-answer')));
      }
      li.appendChild(el('span', 'quiz-chart-count', n));
      var bar = el('span', 'quiz-chart-bar');
      bar.setAttribute('aria-hidden', 'true');
      var fill = el('span', 'quiz-chart-fill');
      // The longest bar fills the row; a single vote on its own is a full bar, and no vote is empty.
      fill.style.width = (max ? Math.round(100 * n / max) : 0) + '%';
      bar.appendChild(fill);
      li.appendChild(bar);
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function renderClosedFacts(box, c, q, mine) {
    var kind = c.kind;
    if (kind === 'single' || kind === 'multiple') {
      renderBars(box, q ? q.options : c.counts.map(function (x, i) { return String(i + 1); }), c.counts, c.correct);
    } else if (kind === 'true_false') {
      renderBars(box, trueFalseOptions(), c.counts, c.correct);
    } else if (kind === 'short_answer') {
      box.appendChild(el('p', 'accepted', t('live-accepted-answers') + ' ' + (c.accepted || []).join(' · ')));
      renderBars(box, [t('live-right'), t('live-wrong')], c.counts, [0]);
    } else if (kind === 'red_flags') {
      if (q) {
        var wrap = renderMessage(box, q, null);
        var taps = wrap.querySelectorAll('[data-tap]');
        var own = mine && mine.taps ? mine.taps : null;
        var mark = { found: [], missed: [], wrong: [] };
        for (var i = 0; i < taps.length; i++) {
          var n = parseInt(taps[i].getAttribute('data-tap'), 10);
          var flag = c.correct.indexOf(n) >= 0;
          if (!own) {
            if (flag) { taps[i].className += ' tap-flag'; }
          } else if (flag && own.indexOf(n) >= 0) {
            taps[i].className += ' tap-found'; mark.found.push(taps[i].textContent);
          } else if (flag) {
            taps[i].className += ' tap-missed'; mark.missed.push(taps[i].textContent);
          } else if (own.indexOf(n) >= 0) {
            taps[i].className += ' tap-false'; mark.wrong.push(taps[i].textContent);
          }
        }
        if (own) {
          // The child sees which of their taps were right, which flags they missed and their false alarms.
          var mineList = el('ul', 'result-taps');
          [['found', 'live-rf-spotted'], ['missed', 'live-rf-missed'], ['wrong', 'live-rf-false']].forEach(function (k) {
            mark[k[0]].forEach(function (text) {
              var li = el('li', 'flags-' + (k[0] === 'wrong' ? 'false' : k[0]));
              li.appendChild(el('strong', null, t(k[1]) + ' '));
              li.appendChild(iso('q', null, text));
              mineList.appendChild(li);
            });
          });
          if (mineList.firstChild) { box.appendChild(mineList); }
        }
      }
      box.appendChild(el('h3', null, t('live-red-flags-were')));
      var ul = el('ul', 'flags');
      (c.flags || []).forEach(function (f) { ul.appendChild(el('li', null, f.explanation)); });
      box.appendChild(ul);
    }
    if (c.explanation) {
      var ex = el('p', 'explanation');
      ex.appendChild(el('strong', null, t('live-explanation') + ' '));
      ex.appendChild(document.createTextNode(c.explanation));
      box.appendChild(ex);
    }
    box.appendChild(el('p', 'muted', t('live-answers-count', { answered: c.answered, players: c.players })));
  }

  function renderBoard(box, list, title) {
    if (!list || !list.length) { return; }
    box.appendChild(el('h3', null, title));
    var ol = el('ol', 'board');
    list.forEach(function (s) {
      var li = el('li', 'board-' + s.rank);
      li.appendChild(el('span', 'board-rank', s.rank));
      li.appendChild(iso('span', 'board-nick', s.nickname));
      li.appendChild(el('span', 'board-score', s.score));
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  /* The classroom screen's podium: first in the middle and highest, second and third on either side. */
  function renderPodium(box, list) {
    if (!list || !list.length) { return; }
    box.appendChild(el('h3', 'visually-hidden', t('live-podium')));
    var ol = el('ol', 'screen-podium');
    list.slice(0, 3).forEach(function (s) {
      var li = el('li', 'screen-podium-' + s.rank);
      li.appendChild(el('span', 'screen-podium-place', s.rank));
      li.appendChild(iso('span', 'screen-podium-nick', s.nickname));
      li.appendChild(el('span', 'screen-podium-score', s.score));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    renderBoard(box, list.slice(3), t('live-leaderboard'));
  }

  /* ---------- the participant ---------- */
  var game = $('game');
  var joinBox = $('join');

  function playLobby(m) {
    clear(game);
    var card = el('div', 'play-card');
    card.appendChild(iso('p', 'play-you', me.nickname));
    card.appendChild(el('h2', null, t('live-waiting')));
    card.appendChild(el('p', 'muted', t('live-players', { count: m.players })));
    if (me.code) {
      var sc = el('p', 'muted', t('live-switch-code') + ' ');
      var code = el('strong', 'play-switch-code', me.code);
      code.setAttribute('dir', 'ltr');
      sc.appendChild(code);
      card.appendChild(sc);
    }
    game.appendChild(card);
  }

  function sendAnswer(q, payload) {
    payload.type = 'answer';
    payload.question = q.index;
    sent[q.index] = payload;
    unacked = payload;
    send(payload);
    var box = $('answer-state');
    if (box) { box.textContent = t('live-answer-sent'); }
    var inputs = game.querySelectorAll('button, input');
    for (var i = 0; i < inputs.length; i++) { inputs[i].disabled = true; }
  }

  function playQuestion(q) {
    current = q;
    lastClosed = null;
    lastResult = null;
    clear(game);
    renderQuestionHead(game, q);
    var state = el('p', 'play-answer-state');
    state.id = 'answer-state';
    state.setAttribute('role', 'status');
    var done = q.answered || answered[q.index];
    if (q.kind === 'single' || q.kind === 'true_false') {
      var labels = q.kind === 'single' ? q.options : trueFalseOptions();
      var grid = el('div', 'opt-grid');
      labels.forEach(function (label, i) {
        var b = optionButton(i, label, 'button');
        b.type = 'button';
        b.disabled = !!done;
        b.onclick = function () {
          b.className += ' opt-picked';
          sendAnswer(q, q.kind === 'single' ? { choices: [i] } : { value: i === 1 });
        };
        grid.appendChild(b);
      });
      game.appendChild(grid);
    } else if (q.kind === 'multiple') {
      var picked = {};
      var g2 = el('div', 'opt-grid');
      q.options.forEach(function (label, i) {
        var b = optionButton(i, label, 'button');
        b.type = 'button';
        b.disabled = !!done;
        b.setAttribute('aria-pressed', 'false');
        b.onclick = function () {
          picked[i] = !picked[i];
          b.setAttribute('aria-pressed', picked[i] ? 'true' : 'false');
        };
        g2.appendChild(b);
      });
      game.appendChild(g2);
      var go = el('button', 'button button-big play-submit', t('live-submit'));
      go.type = 'button';
      go.disabled = !!done;
      go.onclick = function () {
        var choices = [];
        for (var k in picked) { if (picked[k]) { choices.push(parseInt(k, 10)); } }
        if (choices.length) { sendAnswer(q, { choices: choices }); }
      };
      game.appendChild(go);
    } else if (q.kind === 'short_answer') {
      var input = el('input', 'play-short');
      input.type = 'text';
      input.maxLength = 200;
      input.setAttribute('aria-label', t('live-type-answer'));
      input.placeholder = t('live-type-answer');
      input.disabled = !!done;
      game.appendChild(input);
      var go2 = el('button', 'button button-big play-submit', t('live-submit'));
      go2.type = 'button';
      go2.disabled = !!done;
      go2.onclick = function () { if (input.value.replace(/\s/g, '')) { sendAnswer(q, { text: input.value }); } };
      game.appendChild(go2);
    } else if (q.kind === 'red_flags') {
      game.appendChild(el('p', 'muted', t('live-tap-hint')));
      var taps = {};
      renderMessage(game, q, done ? null : function (b, n) {
        taps[n] = !taps[n];
        b.setAttribute('aria-pressed', taps[n] ? 'true' : 'false');
      });
      var go3 = el('button', 'button button-big play-submit', t('live-submit'));
      go3.type = 'button';
      go3.disabled = !!done;
      go3.onclick = function () {
        var list = [];
        for (var k in taps) { if (taps[k]) { list.push(parseInt(k, 10)); } }
        sendAnswer(q, { taps: list });
      };
      game.appendChild(go3);
    }
    if (done) { state.textContent = t('live-answer-stored'); }
    game.appendChild(state);
  }

  function playClosed(c) {
    lastClosed = c;
    timerNode = null;
    clear(game);
    var card = el('div', 'play-card result-card');
    var r = lastResult && lastResult.index === c.index ? lastResult : null;
    if (r) {
      var cls = r.correct ? 'right' : (r.points > 0 ? 'partly' : 'wrong');
      var title = !r.answered ? t('live-not-answered') : (r.correct ? t('live-right') : (r.points > 0 ? t('live-partly') : t('live-wrong')));
      card.appendChild(el('h2', 'result-verdict result-' + cls, title));
      card.appendChild(el('p', 'result-points', t('live-points', { points: r.points })));
      card.appendChild(el('p', null, t('live-score', { score: r.score }) + ' \u00B7 ' + t('live-rank', { rank: r.rank })));
      if (r.streak > 1) { card.appendChild(el('p', 'result-streak', t('live-streak', { streak: r.streak }))); }
    } else {
      var line = t('live-score', { score: me.score });
      if (me.rank) { line += ' \u00B7 ' + t('live-rank', { rank: me.rank }); }
      card.appendChild(el('p', 'result-points', line));
    }
    game.appendChild(card);
    renderClosedFacts(game, c, current && current.index === c.index ? current : null, sent[c.index] || null);
    renderBoard(game, c.leaderboard, t('live-leaderboard'));
  }

  function playFinished(f) {
    timerNode = null;
    clear(game);
    var card = el('div', 'play-card');
    card.appendChild(el('h2', null, t('live-finished')));
    card.id = 'final-card';
    game.appendChild(card);
    renderBoard(game, f.podium, t('live-podium'));
  }

  function playMessage(m) {
    switch (m.type) {
      case 'welcome':
        if (m.token) { me.token = m.token; store.set(tokenKey, m.token); }
        me.code = m.code; me.nickname = m.nickname; me.score = m.score; me.rank = m.rank;
        pending = { type: 'resume', token: me.token, lang: lang };
        show(joinBox, false);
        show(game, true);
        if (unacked) { send(unacked); }
        break;
      case 'lobby': playLobby(m); break;
      case 'question': playQuestion(m); break;
      case 'timer': if (current && current.index === m.index) { setTimer(m.remaining_ms, m.paused); } break;
      case 'accepted':
        answered[m.question] = true;
        if (unacked && unacked.question === m.question) { unacked = null; }
        if ($('answer-state') && current && current.index === m.question) { $('answer-state').textContent = t('live-answer-stored'); }
        break;
      case 'refused':
        if (unacked && unacked.question === m.question) { unacked = null; }
        if ($('answer-state')) { $('answer-state').textContent = m.message; }
        break;
      case 'closed': playClosed(m); break;
      case 'result':
        lastResult = m;
        me.score = m.score; me.rank = m.rank;
        if (lastClosed && lastClosed.index === m.index) { playClosed(lastClosed); }
        break;
      case 'finished': playFinished(m); break;
      case 'final':
        var card = $('final-card');
        if (card) {
          card.appendChild(el('p', 'result-points', t('live-score', { score: m.score })));
          card.appendChild(el('p', null, t('live-rank', { rank: m.rank })));
        }
        store.del(tokenKey);
        break;
      case 'kicked':
        if (me.token) { store.set(kickedKey, me.token); }
        stopped = true; store.del(tokenKey); clear(game); game.appendChild(el('p', 'alert', t('live-kicked-text')));
        break;
      case 'replaced':
        stopped = true; clear(game); game.appendChild(el('p', 'alert', t('live-replaced-text')));
        break;
      case 'error':
        if (m.code === 'unknown_token' || m.code === 'session_finished' || m.code === 'unknown_code') {
          store.del(tokenKey); me.token = null; pending = null;
        }
        show(game, false);
        show(joinBox, true);
        var e = $('join-error');
        if (e) { e.textContent = m.message; show(e, true); }
        break;
      default: break;
    }
  }

  if (mode === 'play') {
    var form = $('join-form');
    if (form) {
      form.onsubmit = function (ev) {
        ev.preventDefault();
        var nick = $('nickname').value;
        pending = { type: 'join', pin: pin, nickname: nick, lang: lang };
        if (store.get(kickedKey)) { pending.device = store.get(kickedKey); }
        show($('join-error'), false);
        if (ws && ws.readyState === 1) { send(pending); } else if (!ws) { connect(); }
      };
    }
    var sw = $('switch-form');
    if (sw) {
      sw.onsubmit = function (ev) {
        ev.preventDefault();
        pending = { type: 'switch', pin: pin, code: $('code').value, lang: lang };
        if (ws && ws.readyState === 1) { send(pending); } else if (!ws) { connect(); }
      };
    }
    if (me.token) {
      pending = { type: 'resume', token: me.token, lang: lang };
      show(joinBox, false);
      connect();
    }
  }

  /* ---------- the console and the classroom screen ---------- */
  var lobbyBox = $('lobby');
  var playersSeen = 0;

  /* The console shows only the controls that make sense now (the server renders the same on a reload). */
  var total = 0;
  function setPhase(p) {
    var forms = document.querySelectorAll('[data-phases]');
    for (var i = 0; i < forms.length; i++) {
      var on = (' ' + forms[i].getAttribute('data-phases') + ' ').indexOf(' ' + p + ' ') >= 0;
      if (on) { forms[i].removeAttribute('hidden'); } else { forms[i].setAttribute('hidden', ''); }
    }
  }

  function hostQuestion(q) {
    current = q;
    total = q.total;
    setPhase(q.paused ? 'paused' : 'open');
    show(lobbyBox, false);
    show(game, true);
    clear(game);
    renderQuestionHead(game, q);
    if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'true_false') {
      var labels = q.kind === 'true_false' ? trueFalseOptions() : q.options;
      var grid = el('div', 'opt-grid');
      labels.forEach(function (label, i) { grid.appendChild(optionButton(i, label, 'div')); });
      game.appendChild(grid);
    } else if (q.kind === 'red_flags') {
      renderMessage(game, q, null);
    }
    var p = el('p', 'screen-progress');
    p.id = 'progress';
    game.appendChild(p);
  }

  function hostMessage(m) {
    switch (m.type) {
      case 'lobby':
        setPhase('lobby');
        show(lobbyBox, true);
        show(game, false);
        if ($('lobby-count')) { $('lobby-count').textContent = t('live-players', { count: m.players }); }
        break;
      case 'players':
        playersSeen = m.count;
        if ($('lobby-count')) { $('lobby-count').textContent = t('live-players', { count: m.count }); }
        if ($('players-count')) { $('players-count').textContent = m.count; }
        var names = $('lobby-names');
        if (names) {
          clear(names);
          m.players.forEach(function (p) { var li = el('li'); li.appendChild(el('bdi', null, p.nickname)); names.appendChild(li); });
        }
        var list = $('players');
        if (list) {
          clear(list);
          m.players.forEach(function (p) {
            var li = el('li');
            li.appendChild(el('bdi', null, p.nickname));
            li.appendChild(document.createTextNode(' \u00B7 ' + p.score));
            var f = el('form', 'inline');
            f.method = 'post';
            f.action = '/live/' + session + '/control';
            f.setAttribute('data-control', '');
            f.setAttribute('data-confirm', t('live-confirm-kick', { name: p.nickname }));
            var op = el('input'); op.type = 'hidden'; op.name = 'op'; op.value = 'kick';
            var pl = el('input'); pl.type = 'hidden'; pl.name = 'player'; pl.value = p.player;
            var b = el('button', 'button-link button-link-danger', '\u2715');
            b.type = 'submit';
            b.setAttribute('aria-label', t('live-op-kick') + ' ' + p.nickname);
            f.appendChild(op); f.appendChild(pl); f.appendChild(b);
            li.appendChild(f);
            list.appendChild(li);
          });
          wireControls();
        }
        break;
      case 'question': hostQuestion(m); break;
      case 'timer':
        if (current && current.index === m.index) { setTimer(m.remaining_ms, m.paused); setPhase(m.paused ? 'paused' : 'open'); }
        break;
      case 'progress':
        if ($('progress')) { $('progress').textContent = t('live-answers-count', { answered: m.answered, players: m.players }); }
        break;
      case 'closed':
        timerNode = null;
        if (total) {
          setPhase(m.index + 1 >= total ? 'last' : 'closed');
          var sl = $('state-line');
          if (sl) {
            sl.textContent = t('live-status-closed') + ' \u00B7 ' + t('live-question-of', { index: m.index + 1, total: total }) +
              ' \u00B7 ' + t('live-players', { count: m.players });
          }
        }
        show(lobbyBox, false);
        show(game, true);
        clear(game);
        if (current && current.index === m.index) { game.appendChild(el('h2', 'q-prompt', current.prompt)); }
        renderClosedFacts(game, m, current && current.index === m.index ? current : null);
        renderBoard(game, m.leaderboard, t('live-leaderboard'));
        break;
      case 'finished':
        timerNode = null;
        show(lobbyBox, false);
        show(game, true);
        clear(game);
        game.appendChild(el('h2', null, t('live-finished')));
        if (mode === 'screen') { renderPodium(game, m.podium); } else { renderBoard(game, m.podium, t('live-podium')); }
        game.appendChild(el('p', 'muted', t('live-players', { count: m.players })));
        break;
      case 'error': status(m.message); stopped = true; break;
      default: break;
    }
  }

  function wireControls() {
    var forms = document.querySelectorAll('form[data-control]');
    for (var i = 0; i < forms.length; i++) {
      (function (f) {
        if (f.getAttribute('data-wired')) { return; }
        f.setAttribute('data-wired', '1');
        f.onsubmit = function (ev) {
          if (!window.XMLHttpRequest) { return true; }
          ev.preventDefault();
          var ask = f.getAttribute('data-confirm');
          if (ask && !window.confirm(ask)) { return false; }
          var body = ask ? ['confirmed=yes'] : [];
          var inputs = f.querySelectorAll('input');
          for (var k = 0; k < inputs.length; k++) {
            body.push(encodeURIComponent(inputs[k].name) + '=' + encodeURIComponent(inputs[k].value));
          }
          var x = new XMLHttpRequest();
          x.open('POST', f.action);
          x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
          x.setRequestHeader('Accept', 'application/json');
          x.onload = function () {
            try {
              var s = JSON.parse(x.responseText);
              var line = $('state-line');
              if (line && s.status) {
                line.textContent = (S['live-status-' + s.status] || s.status) +
                  (s.question !== null && s.question !== undefined ? ' \u00B7 ' + t('live-question-of', { index: s.question + 1, total: s.total }) : '') +
                  ' \u00B7 ' + t('live-players', { count: s.players });
              }
              if (s.status === 'finished') { window.location.reload(); }
              setPhase(s.status === 'lobby' ? 'lobby' : s.status === 'open' ? (s.paused ? 'paused' : 'open') :
                s.status === 'closed' ? (s.question + 1 >= s.total ? 'last' : 'closed') : 'finished');
            } catch (e) { /* not JSON: an error page; reload shows it */ window.location.reload(); }
          };
          x.send(body.join('&'));
          return false;
        };
      })(forms[i]);
    }
  }

  function onMessage(m) {
    if (mode === 'play') { playMessage(m); } else { hostMessage(m); }
  }

  if (mode === 'host' || mode === 'screen') {
    game = $('game');
    if (mode === 'host') { wireControls(); }
    connect();
  }
})();
