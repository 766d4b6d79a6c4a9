// A live board (the wallboard, the provincial dashboard) follows the console's websocket
// (alerts.js re-dispatches every event as "hotline:event"): an event whose type matches the
// board's data-live-events reloads its data-live-panel fragment, at most once every 300 ms;
// a 15 s refresh keeps waiting times counting. Its data-live-status element says when the
// board could not be refreshed.
(function () {
  "use strict";
  var board = document.querySelector("[data-live-panel]");
  if (!board) return;
  var live = document.getElementById(board.dataset.liveStatus || "");
  var reloadOn = new RegExp(board.dataset.liveEvents || "^$");
  var pending = null;

  function reload() {
    pending = null;
    fetch(board.dataset.livePanel, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) {
        board.innerHTML = html;
        board.dataset.updated = String(Date.now());
        if (live) live.classList.remove("stale");
      })
      .catch(function () { if (live) live.classList.add("stale"); });
  }

  function soon() { if (!pending) pending = setTimeout(reload, 300); }

  document.addEventListener("hotline:event", function (e) {
    var type = (e.detail && e.detail.type) || "";
    if (reloadOn.test(type)) soon();
  });
  setInterval(soon, 15000);
})();
