// The queue page refreshes itself when the queue or the call-backs change, and every few
// seconds in case the connection dropped; waiting times count up in between. The events come
// over the console's one socket (alerts.js re-dispatches each as "hotline:event"): a page
// opens no second socket of its own.
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
  document.addEventListener("hotline:event", function (e) {
    var type = (e.detail && e.detail.type) || "";
    if (type === "queue.updated" || type === "callback.created") reload();
  });
})();
