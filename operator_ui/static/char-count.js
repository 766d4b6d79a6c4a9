// Long text fields count their characters as one types, and say plainly when the text is over
// the limit (no hard maxlength: a paste must never be cut off silently).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-count-limit]").forEach(function (area) {
    var limit = Number(area.dataset.countLimit);
    var out = document.getElementById(area.id + "-count");
    if (!out || !limit) return;
    function update() {
      var n = area.value.length;
      var over = n > limit;
      out.textContent = over ? out.dataset.over.replace("{n}", String(n - limit))
        : out.dataset.template.replace("{n}", String(n)).replace("{max}", String(limit));
      out.classList.toggle("over", over);
    }
    area.addEventListener("input", update);
    update();
  });
})();
