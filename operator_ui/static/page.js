// Small behaviours every page shares. They live here, not in inline attributes: the
// Content-Security-Policy runs no inline script and applies no inline style.
(function () {
  "use strict";
  // <form data-confirm="Question?">: ask before sending.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
    }
  });
  // <span data-bar-width="42.5">: a bar of that percentage (set through the CSSOM, which the
  // policy allows, where a style="" attribute would be refused).
  function bars() {
    document.querySelectorAll("[data-bar-width]").forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, Number(el.dataset.barWidth) || 0)) + "%";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bars);
  else bars();
})();
