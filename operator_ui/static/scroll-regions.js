// A table or chart wider than a phone scrolls sideways inside its own box; such a box must be
// reachable by keyboard (WCAG 2.1.1), so it gets a tab stop and a name while it overflows.
(function () {
  "use strict";
  var SELECTOR = "table.list, .heat, .compliance, .table-scroll, table.grid";
  function mark() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollRegion = "1";
        if (!box.getAttribute("aria-label")) {
          var heading = box.closest("section, .card, main");
          var title = heading && heading.querySelector("h2, h1, figcaption, caption");
          if (title) box.setAttribute("aria-label", title.textContent.trim());
        }
      } else if (!overflows && box.dataset.scrollRegion) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollRegion;
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
