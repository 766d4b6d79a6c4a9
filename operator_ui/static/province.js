// The provincial dashboard follows the console's websocket (alerts.js re-dispatches every
// event as "hotline:event"): a change to any centre's queue, presence, contacts, calls (a
// rollover is "call.rolled_over"), escalations, coverage or roster reloads the grid, at most
// once every 300 ms; a 15 s refresh keeps the waiting times counting.
(function () {
  "use strict";
  var grid = document.getElementById("province");
  if (!grid) return;
  var live = document.getElementById("province-live");
  var pending = null;
  var RELOAD_ON = /^(queue|presence|contact|call|escalation|coverage|callback|shift)\./;

  function reload() {
    pending = null;
    fetch("/province/panel", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) {
        grid.innerHTML = html;
        grid.dataset.updated = String(Date.now());
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
