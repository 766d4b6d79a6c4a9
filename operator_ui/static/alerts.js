// The alert layer on every console page. A crisis alert must never depend on one message:
// the websocket brings events at once; the last event id is kept per tab, so a reconnect
// (with backoff) replays what a dropped Wi-Fi missed; and /console/alerts, read on every
// load, reconnect and every 30 s, is the truth about which alerts are still open.
(function () {
  "use strict";
  var layer = document.getElementById("alert-layer");
  if (!layer) return;
  var me = Number(layer.dataset.staffId);
  var texts = JSON.parse(layer.dataset.texts || "{}");
  var stack = document.getElementById("alert-stack");
  var bannerBox = document.getElementById("alert-banners");
  var connection = document.getElementById("alert-connection");
  var tray = document.getElementById("notice-tray");
  var LAST_ID = "hotline.lastEventId";
  var shown = {};  // escalation id -> its panel
  var audio = null;
  var chime = null;

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)hotline_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r;
    });
  }

  // --- Sound: a soft two-note chime, repeated until every alert is acknowledged. ---------
  function unlockAudio() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
    } catch (e) { audio = null; }
    if ("Notification" in window && Notification.permission === "default" &&
        !localStorage.getItem("hotline.notifyAsked")) {
      localStorage.setItem("hotline.notifyAsked", "1");  // ask once
      Notification.requestPermission();
    }
  }
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });

  function tone(freq, at, length) {
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + length + 0.05);
  }

  function ring() {
    if (!audio) { try { unlockAudio(); } catch (e) { return; } }
    if (!audio || audio.state !== "running") return;
    var t = audio.currentTime;
    tone(660, t, 0.35);
    tone(880, t + 0.4, 0.5);
  }

  function updateChime() {
    var open = Object.keys(shown).length > 0 || bannerBox.querySelector(".take");
    if (open && !chime) { ring(); chime = setInterval(ring, 4000); }
    if (!open && chime) { clearInterval(chime); chime = null; }
    if (typeof flash === "function") flash(Boolean(open));
  }

  function notify(id) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    try {
      new Notification(texts.notify_title, { body: texts.notify_body, tag: "escalation-" + id,
                                             requireInteraction: true });
    } catch (e) { /* some browsers only notify from a service worker */ }
  }

  // --- Alert panels ------------------------------------------------------------------------
  function showAlert(id) {
    if (shown[id]) return;
    shown[id] = "loading";
    get("/console/alerts/" + id).then(function (r) { return r.text(); }).then(function (html) {
      if (shown[id] !== "loading") return;  // acknowledged while it was loading
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var panel = holder.firstElementChild;
      shown[id] = panel;
      stack.appendChild(panel);
      panel.focus();
      notify(id);
      updateChime();
    }).catch(function () { delete shown[id]; });  // the next refresh tries again
  }

  function closeAlert(id, message, mine) {
    var panel = shown[id];
    delete shown[id];
    updateChime();
    if (!panel || panel === "loading") return;
    if (!message) { panel.remove(); return; }
    panel.querySelector(".ack-result").textContent = message;
    panel.querySelector("button.ack").disabled = true;
    panel.classList.add("done");
    var join = panel.querySelector("button.join");
    if (mine && join) {  // the one who took it may join the caller's call: the panel stays
      join.hidden = false;
      panel.querySelector("button.dismiss").hidden = false;
      join.focus();
      return;
    }
    setTimeout(function () { panel.remove(); }, 8000);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf(), "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return [r, b]; });
    });
  }

  stack.addEventListener("click", function (e) {
    var dismiss = e.target.closest("button.dismiss");
    if (dismiss) { dismiss.closest(".crisis-alert").remove(); return; }
    var join = e.target.closest("button.join");
    if (!join) return;
    var result = join.closest(".crisis-alert").querySelector(".join-result");
    join.disabled = true;
    post("/api/escalations/" + join.dataset.join + "/join-call").then(function (rb) {
      result.textContent = rb[0].ok ? texts.joining : (rb[1].detail || texts.join_failed);
      if (!rb[0].ok) join.disabled = false;
    }).catch(function () { result.textContent = texts.join_failed; join.disabled = false; });
  });

  // --- The tab says it too: a flashing title and icon while an alert waits -------------------
  var title = document.title;
  var icon = document.querySelector("link[rel~=icon]");
  var plainIcon = icon ? icon.href : "";
  var alarmIcon = "data:image/svg+xml," + encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#c62828"/></svg>');
  var flashing = null;
  function flash(on) {
    if (on && !flashing) {
      if (!icon) { icon = document.createElement("link"); icon.rel = "icon"; document.head.appendChild(icon); }
      var odd = false;
      flashing = setInterval(function () {
        odd = !odd;
        document.title = odd ? "\u26a0 " + texts.notify_title : title;
        icon.href = odd ? alarmIcon : plainIcon || alarmIcon;
      }, 1000);
      layer.dataset.flashing = "1";
    }
    if (!on && flashing) {
      clearInterval(flashing); flashing = null;
      document.title = title;
      if (icon) icon.href = plainIcon;
      layer.dataset.flashing = "0";
    }
  }

  stack.addEventListener("click", function (e) {
    var button = e.target.closest("button.ack");
    if (!button) return;
    var id = button.dataset.ack;
    button.disabled = true;
    fetch("/api/escalations/" + id + "/ack", {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf() },
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (r.ok) { closeAlert(id, texts.acknowledged, true); return; }
        var panel = shown[id];
        if (r.status === 409) { closeAlert(id, body.detail || texts.ack_failed); return; }
        if (panel && panel.querySelector) {
          panel.querySelector(".ack-result").textContent = body.detail || texts.ack_failed;
        }
        button.disabled = false;
      });
    }).catch(function () {
      var panel = shown[id];
      if (panel && panel.querySelector) panel.querySelector(".ack-result").textContent = texts.ack_failed;
      button.disabled = false;
    });
  });

  function tick() {
    stack.querySelectorAll(".crisis-alert[data-deadline]").forEach(function (panel) {
      var left = panel.querySelector(".countdown-left");
      if (!panel.dataset.deadline || !left) return;
      var s = Math.round((Date.parse(panel.dataset.deadline) - Date.now()) / 1000);
      if (s > 0) {
        left.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      } else {
        left.textContent = "0:00";
        panel.querySelector(".countdown").textContent = texts.overdue;
        panel.removeAttribute("data-deadline");
      }
    });
  }
  setInterval(tick, 1000);

  // --- The truth: which alerts and banners are open now -------------------------------------
  function refresh() {
    // Only alerts shown before the question can be closed by its answer: one raised while it
    // was on its way is not in it, and must not vanish until the next refresh.
    var asked = {};
    Object.keys(shown).forEach(function (id) { asked[id] = true; });
    get("/console/alerts").then(function (r) { return r.json(); }).then(function (feed) {
      var open = {};
      feed.alerts.forEach(function (id) { open[id] = true; showAlert(id); });
      Object.keys(shown).forEach(function (id) { if (asked[id] && !open[id]) closeAlert(id); });
      var have = Array.prototype.map.call(bannerBox.children, function (b) {
        return b.dataset.escalation;
      }).join(",");
      if (have !== feed.exhausted.join(",")) refreshBanners();
    }).catch(function () { /* offline: the next try is not far away */ });
    refreshTimeline();
  }

  function refreshBanners() {
    get("/console/banners").then(function (r) { return r.text(); }).then(function (html) {
      bannerBox.innerHTML = html;
      updateChime();
    }).catch(function () {});
  }

  // The contact page's live escalation timeline.
  var timeline = document.getElementById("escalation-live");
  function refreshTimeline(id) {
    if (!timeline || (id && String(id) !== timeline.dataset.escalation)) return;
    get("/escalations/" + timeline.dataset.escalation + "/timeline")
      .then(function (r) { return r.text(); })
      .then(function (html) { replaceKeepingInput(timeline.querySelector(".timeline-body"), html); })
      .catch(function () {});
  }

  // A live refresh must never take what a person is typing (an incident number, an outcome):
  // fields they changed keep their value in the new markup.
  function fieldKey(f) {
    var home = f.closest("[data-step], form");
    var where = home ? (home.getAttribute("data-step") || home.getAttribute("action") || "") : "";
    return where + "|" + (f.name || f.id);
  }
  function changed(f) {
    if (f.type === "checkbox" || f.type === "radio") return f.checked !== f.defaultChecked;
    if (f.tagName === "SELECT") {
      return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return f.value !== f.defaultValue;
  }
  var TYPED = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea";
  function replaceKeepingInput(box, html) {
    var active = document.activeElement;
    // Someone typing in it (an input method composing Chinese among them): the next refresh,
    // at most 30 s away or at their own next step, brings it up to date.
    if (box.contains(active) && active.matches(TYPED)) return;
    var kept = {};
    Array.prototype.forEach.call(box.querySelectorAll(TYPED), function (f) {
      var key = fieldKey(f) + (f.type === "radio" ? "=" + f.value : "");
      if (changed(f)) kept[key] = f.type === "checkbox" || f.type === "radio" ? f.checked : f.value;
    });
    box.innerHTML = html;
    Array.prototype.forEach.call(box.querySelectorAll(TYPED), function (f) {
      var key = fieldKey(f) + (f.type === "radio" ? "=" + f.value : "");
      if (key in kept) {
        if (f.type === "checkbox" || f.type === "radio") f.checked = kept[key]; else f.value = kept[key];
      }
    });
  }

  document.addEventListener("hotline:refresh-timeline", function () { refreshTimeline(); });

  // --- Notices for supervisors and team leads -----------------------------------------------
  function refreshNotices() {
    if (!tray || layer.dataset.notices !== "1") return;
    var wasOpen = tray.querySelector("details[open]") !== null;
    get("/console/notices").then(function (r) { return r.text(); }).then(function (html) {
      tray.innerHTML = html;
      tray.hidden = !html.trim();
      var details = tray.querySelector("details");
      if (details && wasOpen) details.open = true;
    }).catch(function () {});
  }
  if (tray) {
    tray.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-dismiss], button[data-dismiss-all]");
      if (!button) return;
      button.disabled = true;
      var what = button.hasAttribute("data-dismiss-all") ? "ack-all" : button.dataset.dismiss + "/ack";
      fetch("/api/notices/" + what, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf() },
      }).then(refreshNotices, function () { button.disabled = false; });
    });
  }

  // --- Events ---------------------------------------------------------------------------------
  function addressedToMe(data) {
    return (data.notified || []).indexOf(me) >= 0 ||
      (data.notifications || []).some(function (n) { return n.recipient_id === me; });
  }

  function handle(event) {
    var data = event.data || {};
    switch (event.type) {
      case "escalation.created":
      case "escalation.escalated":
      case "escalation.upgraded":  // raised (e.g. to imminent): alerts again, even if taken
        if (data.state === "notified" && addressedToMe(data)) showAlert(data.id);
        refreshTimeline(data.id);
        break;
      case "escalation.repaged":
      case "escalation.rescue":
        refreshBanners();
        refreshTimeline(data.id);
        break;
      case "escalation.acknowledged":
      case "escalation.resolved":
        if (shown[data.id]) {
          closeAlert(data.id, data.acknowledged_by === me ? texts.acknowledged
            : texts.taken_by.replace("{name}", data.acknowledged_by_name || ""),
            data.acknowledged_by === me && event.type === "escalation.acknowledged");
        }
        refreshBanners();
        refreshTimeline(data.id);
        break;
      case "escalation.exhausted":
        refreshBanners();
        refreshTimeline(data.id);
        break;
      case "notice":
      case "coverage.gap":
      case "contact.cosign_requested":
      case "contact.break_glass":
        refreshNotices();
        break;
    }
    document.dispatchEvent(new CustomEvent("hotline:event", { detail: event }));
  }

  var delay = 1000;
  var offlineTimer = null;
  function connect() {
    var last = sessionStorage.getItem(LAST_ID);
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws" +
      (last ? "?last_id=" + encodeURIComponent(last) : "");
    var ws;
    try { ws = new WebSocket(url); } catch (e) { return retry(); }
    ws.onopen = function () {
      layer.dataset.connected = "1";
      delay = 1000;
      clearTimeout(offlineTimer);
      connection.hidden = true;
      refresh();
      refreshNotices();
    };
    ws.onmessage = function (e) {
      var event;
      try { event = JSON.parse(e.data); } catch (err) { return; }
      if (typeof event.id === "number") {
        var last = Number(sessionStorage.getItem(LAST_ID) || 0);
        if (event.id > last) sessionStorage.setItem(LAST_ID, String(event.id));
      }
      handle(event);
    };
    ws.onclose = retry;
  }
  function retry() {
    layer.dataset.connected = "0";
    // Say so only when it lasts: a page change closes the socket too.
    clearTimeout(offlineTimer);
    offlineTimer = setTimeout(function () {
      connection.textContent = texts.offline;
      connection.hidden = false;
    }, 3000);
    setTimeout(connect, delay + Math.random() * 500);
    delay = Math.min(delay * 2, 15000);
  }

  refresh();
  refreshNotices();
  setInterval(refresh, 30000);
  connect();
})();
