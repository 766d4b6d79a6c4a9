// The coverage board's gap panel: when the chosen hour is a gap (now or ahead), ask the server
// who could cover it; offering or assigning is a plain form post from there.
(function () {
  "use strict";
  var panel = document.getElementById("cover-panel");
  if (!panel) return;
  var body = document.getElementById("cover-body");
  var week = new URLSearchParams(location.search).get("week") || "";

  function load(button) {
    var table = button.closest("table");
    if (!button.classList.contains("short") || button.classList.contains("past")) {
      panel.hidden = true;
      return;
    }
    var url = "/roster/cover?position=" + encodeURIComponent(table.dataset.position) +
      "&at=" + encodeURIComponent(button.dataset.start) + "&week=" + encodeURIComponent(week);
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) { body.innerHTML = html; panel.hidden = false; })
      .catch(function () { panel.hidden = true; });
  }

  // roster.js marks the chosen hour with aria-pressed (by click or arrow keys).
  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      if (c.target.getAttribute("aria-pressed") === "true") load(c.target);
    });
  }).observe(document.querySelector("main"), { subtree: true, attributes: true,
                                               attributeFilter: ["aria-pressed"] });
})();
