// The contact page's imminent-risk actions, through the JSON API: rescue steps (one click,
// timestamped by the server), a supervisor's co-sign of a lowering, and break-glass (the
// caller's number for 15 minutes). No rule lives here; refusals are shown as the server says.
(function () {
  "use strict";

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)hotline_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf(), "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return [r, b]; });
    });
  }

  function detail(body) {
    if (typeof body.detail === "string") return body.detail;
    if (Array.isArray(body.detail)) return body.detail.map(function (d) { return d.msg; }).join("; ");
    return "";
  }

  // What was sent is recorded: those fields (in the markup now shown, which a live refresh
  // may have replaced meanwhile) are no longer the person's pending input.
  function consumed(rescueId, names) {
    var box = document.querySelector('[data-rescue="' + rescueId + '"]');
    names.forEach(function (name) {
      var f = box && box.querySelector('[name="' + name + '"]');
      if (!f) return;
      if (f.tagName !== "SELECT") { f.value = f.defaultValue; return; }
      var i = Array.prototype.findIndex.call(f.options, function (o) { return o.defaultSelected; });
      f.selectedIndex = Math.max(i, 0);
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-rescue-step]");
    if (!button) return;
    var box = button.closest("[data-rescue]");
    var step = button.dataset.rescueStep;
    var body = { step: step };
    var row = button.closest("li, .inline-fields") || box;
    if (step === "emergency_called") {
      body.service = row.querySelector("[name=service]").value;
      body.incident_number = row.querySelector("[name=incident_number]").value.trim();
    }
    if (step === "person_reached") body.reached = button.dataset.reached === "true";
    if (step === "handover") body.handover_to = row.querySelector("[name=handover_to]").value;
    button.disabled = true;
    post("/api/escalations/" + box.dataset.rescue + "/rescue", body).then(function (rb) {
      if (!rb[0].ok) {
        box.querySelector(".rescue-result").textContent = detail(rb[1]) || String(rb[0].status);
        button.disabled = false;
        return;
      }
      consumed(box.dataset.rescue, Object.keys(body));
      document.dispatchEvent(new CustomEvent("hotline:refresh-timeline"));
    }).catch(function () { button.disabled = false; });
  });

  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-cosign]");
    if (!button) return;
    var box = button.closest("[data-cosign-box]");
    button.disabled = true;
    post("/api/contacts/" + box.dataset.cosignBox + "/co-sign", {
      decision: button.dataset.cosign, note: (box.querySelector("[name=cosign_note]") || {}).value || "",
    }).then(function (rb) {
      if (rb[0].ok) { location.reload(); return; }
      box.querySelector(".cosign-result").textContent = detail(rb[1]);
      button.disabled = false;
    });
  });

  // The live call: the responder who took it joins; a supervisor listens, whispers or barges.
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-join-call], [data-monitor]");
    if (!button) return;
    var box = button.closest("[data-live-call]");
    var out = box.querySelector(".live-call-result");
    var request = button.hasAttribute("data-join-call")
      ? post("/api/escalations/" + box.dataset.escalation + "/join-call")
      : post("/api/calls/" + box.dataset.liveCall + "/monitor", { mode: button.dataset.monitor });
    button.disabled = true;
    request.then(function (rb) {
      out.textContent = rb[0].ok ? out.dataset.ringing : detail(rb[1]);
      button.disabled = false;
    }).catch(function () { button.disabled = false; });
  });

  var glass = document.querySelector("[data-break-glass]");
  if (glass) {
    var hideTimer = null;
    glass.addEventListener("submit", function (e) {
      e.preventDefault();
      var out = glass.querySelector(".glass-result");
      post("/api/contacts/" + glass.dataset.breakGlass + "/break-glass", {
        reason: glass.querySelector("[name=reason]").value,
      }).then(function (rb) {
        if (!rb[0].ok) { out.textContent = detail(rb[1]); return; }
        var b = rb[1];
        var where = Object.keys(b.location || {}).map(function (k) { return b.location[k]; }).join(", ");
        out.textContent = "";
        var number = document.createElement("strong");
        number.className = "glass-number";
        number.textContent = b.caller_number || glass.dataset.noNumber;
        out.appendChild(number);
        if (where) out.appendChild(document.createTextNode(" · " + where));
        var until = new Date(b.visible_until);
        out.appendChild(document.createTextNode(" · " + glass.dataset.hiddenAt.replace(
          "%(time)s", until.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }))));
        clearTimeout(hideTimer);
        hideTimer = setTimeout(function () { out.textContent = glass.dataset.hidden; },
                               Math.max(0, until - Date.now()));
      });
    });
  }
})();
