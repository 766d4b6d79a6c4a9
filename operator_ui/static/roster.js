// The coverage board: choose an hour (click, or arrow keys inside a position's grid) to see
// who is on; supervisors can remove a shift from there (the server's coverage guard decides).
(function () {
  "use strict";
  var panel = document.getElementById("hour-detail");
  if (!panel) return;
  var body = document.getElementById("hour-detail-body");
  var facts = JSON.parse(document.getElementById("shift-facts").textContent);
  var removeForm = document.getElementById("remove-form");
  var heading = document.getElementById("h-hour");
  var pressed = null;

  function text(tag, content, cls) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  function show(button) {
    if (pressed) pressed.setAttribute("aria-pressed", "false");
    pressed = button;
    button.setAttribute("aria-pressed", "true");
    var table = button.closest("table");
    heading.textContent = table.dataset.positionLabel + " · " + button.dataset.label;
    var box = document.createElement("div");
    box.id = "hour-detail-body";
    box.appendChild(text("p", panel.dataset.staffed.replace("{s}", button.dataset.scheduled)
      .replace("{r}", button.dataset.required), button.classList.contains("short") ? "bad-text" : ""));
    var ids = button.dataset.shifts ? button.dataset.shifts.split(",") : [];
    if (!ids.length) box.appendChild(text("p", panel.dataset.none, "muted"));
    var list = document.createElement("ul");
    ids.forEach(function (id) {
      var f = facts[id];
      if (!f) return;
      var item = text("li", f.name + " · " + f.start + " – " + f.end +
        (f.checked_in ? " · " + panel.dataset.checkedIn : ""));
      item.dataset.shift = id;
      var form = removeForm.content.firstElementChild.cloneNode(true);
      form.action = "/roster/shifts/" + id + "/remove";
      item.appendChild(form);
      list.appendChild(item);
    });
    if (ids.length) box.appendChild(list);
    body.replaceWith(box);
    body = box;
  }

  document.querySelectorAll("table.grid").forEach(function (table) {
    var buttons = Array.prototype.slice.call(table.querySelectorAll("button.hour"));
    if (buttons.length) buttons[0].tabIndex = 0;  // one tab stop per grid; arrows inside
    table.addEventListener("click", function (e) {
      var button = e.target.closest("button.hour");
      if (button) show(button);
    });
    table.addEventListener("keydown", function (e) {
      var button = e.target.closest("button.hour");
      if (!button) return;
      var cell = button.parentElement;
      var row = cell.parentElement;
      var target = null;
      if (e.key === "ArrowRight") target = cell.nextElementSibling;
      if (e.key === "ArrowLeft") target = cell.previousElementSibling;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        var next = e.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
        if (next) target = next.children[Math.min(cell.cellIndex, next.children.length - 1)];
      }
      var to = target && target.querySelector("button.hour");
      if (!to) return;
      e.preventDefault();
      button.tabIndex = -1;
      to.tabIndex = 0;
      to.focus();
      show(to);
    });
  });
})();
