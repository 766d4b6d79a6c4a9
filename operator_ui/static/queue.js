// The queue page refreshes itself when the queue changes (websocket event), and every few
// seconds in case the connection dropped; waiting times count up in between.
(function () {
  "use strict";
  function reload() { if (!document.querySelector("form:focus-within")) location.reload(); }
  function tick() {
    document.querySelectorAll("td.wait[data-since]").forEach(function (cell) {
      var s = Math.max(0, Math.round((Date.now() - Date.parse(cell.dataset.since)) / 1000));
      cell.textContent = cell.textContent.replace(/\d+/, String(s));
    });
  }
  setInterval(tick, 1000);
  setInterval(reload, 15000);
  try {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
    ws.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (m.type === "queue.updated") reload();
    };
  } catch (err) { /* polling above still works */ }
})();
