// Enhances /board: rows change live over server-sent events and the time-to-help clocks tick.
// The page is complete without this file (a Refresh link reloads it).
(function () {
  'use strict';
  var table = document.getElementById('board');
  if (!table || !window.EventSource) return;
  var tbody = document.getElementById('board-rows');
  var status = document.getElementById('live-status');
  var empty = document.getElementById('board-empty');
  var targetMs = Number(table.getAttribute('data-target-ms')) || 0;

  function setStatus(state, text) {
    status.setAttribute('data-state', state);
    status.textContent = text;
  }

  // The same wording as formatElapsed in api/board/view.ts.
  function formatElapsed(ms) {
    var min = Math.floor(Math.max(0, ms) / 60000);
    if (min < 1) return 'under 1 min';
    if (min < 60) return min + ' min';
    var h = Math.floor(min / 60);
    if (h < 48) return min % 60 ? h + ' h ' + (min % 60) + ' min' : h + ' h';
    return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
  }

  function isWaiting(tr) {
    var phase = tr.getAttribute('data-phase');
    return phase === 'matching' || phase === 'offering';
  }

  function updateCounts() {
    var rows = tbody.querySelectorAll('tr');
    var waiting = 0;
    var late = 0;
    for (var i = 0; i < rows.length; i++) {
      if (!isWaiting(rows[i])) continue;
      waiting++;
      if (rows[i].classList.contains('late')) late++;
    }
    document.getElementById('waiting-count').textContent = String(waiting);
    document.getElementById('late-count').textContent = String(late);
    empty.hidden = rows.length > 0;
  }

  function tick() {
    var clocks = tbody.querySelectorAll('.elapsed[data-target-ms]');
    var now = Date.now();
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var elapsed = now - Date.parse(el.getAttribute('data-since'));
      el.textContent = formatElapsed(elapsed);
      var over = elapsed > Number(el.getAttribute('data-target-ms'));
      el.classList.toggle('over', over);
      var tr = el.closest('tr');
      if (tr) tr.classList.toggle('late', over);
      var state = el.parentNode.querySelector('.target-state');
      if (state && over && !state.textContent) state.innerHTML = '<strong class="error">over target</strong>';
    }
    updateCounts();
  }

  function apply(row) {
    var holder = document.createElement('tbody');
    holder.innerHTML = row.html.trim();
    var fresh = holder.firstElementChild;
    if (!fresh) return;
    var old = document.getElementById(fresh.id);
    if (old) {
      // Two reads can cross on the way: keep the one that saw the later event.
      if (Number(old.getAttribute('data-event')) > Number(fresh.getAttribute('data-event'))) return;
      old.parentNode.replaceChild(fresh, old);
    } else {
      tbody.appendChild(fresh);
    }
    fresh.classList.add('changed');
  }

  var source = new EventSource('/board/events?after=' + encodeURIComponent(table.getAttribute('data-after') || '0'));
  source.addEventListener('open', function () {
    setStatus('live', 'Live: changes appear as they happen.');
  });
  source.addEventListener('rows', function (e) {
    var data = JSON.parse(e.data);
    for (var i = 0; i < data.rows.length; i++) apply(data.rows[i]);
    updateCounts();
  });
  source.addEventListener('error', function () {
    if (source.readyState === EventSource.CLOSED) setStatus('stopped', 'Live updates stopped: refresh the page.');
    else setStatus('reconnecting', 'Connection lost: reconnecting…');
  });
  if (targetMs) setInterval(tick, 15000);
})();
