// The wallboard follows the console's websocket (alerts.js re-dispatches every event as
// "hotline:event"): any change to the queue, presence, escalations or coverage reloads the
// board, at most once a second; a 15 s refresh keeps the waiting times counting.
(function () {
  "use strict";
  var board = document.getElementById("wallboard");
  if (!board) return;
  var live = document.getElementById("wallboard-live");
  var pending = null;
  var RELOAD_ON = /^(queue|presence|contact|escalation|coverage|callback)\./;

  function reload() {
    pending = null;
    fetch("/wallboard/panel", { credentials: "same-origin", cache: "no-store" })
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
    if (RELOAD_ON.test(type)) soon();
  });
  setInterval(soon, 15000);
})();
