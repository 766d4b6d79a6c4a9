// The new-contact form: live risk level (scored by the server), Q3-Q5 after Q2 yes,
// keyboard answers, "Now" buttons and Ctrl+Enter to save. No risk rule lives here.
(function () {
  "use strict";
  const form = document.getElementById("contact-form");
  if (!form) return;
  const texts = JSON.parse(document.getElementById("risk-texts").textContent);
  const zone = form.dataset.timeZone;
  const afterQ2 = form.querySelector("[data-after-q2]");
  const levelBox = document.getElementById("risk-level");
  const actionBox = document.getElementById("risk-action");
  const reasonsBox = document.getElementById("risk-reasons");
  const noteBox = document.getElementById("risk-note");
  const onSaveBox = document.getElementById("risk-on-save");
  const reasonField = document.getElementById("operator_reason");

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)hotline_csrf=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // true, false, or null while the question has not been asked.
  function answer(item) {
    const checked = form.querySelector(`input[name="risk.${item}"]:checked`);
    return checked === null ? null : checked.value === "yes";
  }
  function yes(item) { return answer(item) === true; }

  function screen() {
    const q2 = yes("suicidal_thoughts");
    const data = {
      wish_dead: answer("wish_dead"), suicidal_thoughts: answer("suicidal_thoughts"),
      method: q2 ? answer("method") : null, intent: q2 ? answer("intent") : null,
      plan: q2 ? answer("plan") : null,
      attempt_in_progress: answer("attempt_in_progress"), means_at_hand: answer("means_at_hand"),
      harm_to_others: answer("harm_to_others"),
      behavior: (form.querySelector('input[name="risk.behavior"]:checked') || {}).value || null,
    };
    for (const name of ["desire", "capability", "buffers"]) {
      data[name] = [...form.querySelectorAll(`input[name="risk.${name}"]:checked`)].map((el) => el.value);
    }
    const judged = form.elements["risk.operator_level"].value;
    if (judged) {
      data.operator_level = judged;
      data.operator_reason = reasonField.value.trim() || null;
    }
    return data;
  }

  function show(result, note) {
    const level = result.risk_level;
    const badge = document.createElement("span");
    badge.className = `risk risk-${level} big`;
    badge.textContent = texts.levels[level];
    levelBox.replaceChildren(badge);
    actionBox.textContent = texts.actions[level];
    onSaveBox.textContent = texts.on_save[level] || "";
    reasonsBox.replaceChildren(...result.reasons.map((code) => {
      const li = document.createElement("li");
      li.textContent = texts.reasons[code] || code;
      return li;
    }));
    noteBox.textContent = note || "";
  }

  async function preview(body) {
    const response = await fetch("/api/contacts/risk-preview", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify(body),
    });
    return response.ok ? response.json() : null;
  }

  let sequence = 0;
  async function refresh() {
    const mine = ++sequence;
    const body = screen();
    try {
      let result = await preview(body);
      let note = "";
      if (result === null && body.operator_level) {
        // A lowering without its reason is refused: show the screen's own level meanwhile.
        result = await preview({ ...body, operator_level: null, operator_reason: null });
        note = texts.needs_reason;
        reasonField.setAttribute("aria-invalid", "true");
      } else {
        reasonField.removeAttribute("aria-invalid");
      }
      if (mine !== sequence) return; // a newer answer is on its way
      if (result === null) { noteBox.textContent = texts.unreachable; return; }
      if (!note && result.risk_level !== result.computed_level) {
        note = (result.lowered ? texts.lowered : texts.raised)
          .replace("%(level)s", texts.levels[result.computed_level]);
      }
      show(result, note);
    } catch (error) {
      if (mine === sequence) noteBox.textContent = texts.unreachable;
    }
  }

  let timer = null;
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  }

  function syncAfterQ2() {
    const open = yes("suicidal_thoughts");
    afterQ2.hidden = !open;
    if (!open) {
      // Unasked questions are not answers: back to unanswered so nothing hidden counts.
      for (const input of afterQ2.querySelectorAll("input")) input.checked = false;
    }
  }

  // A third party's call: the person at risk gets their own block.
  const relationship = document.getElementById("caller_relationship");
  const personBlock = form.querySelector("[data-person-at-risk]");
  function syncPerson() {
    if (relationship && personBlock) personBlock.hidden = relationship.value === "self";
  }
  if (relationship) relationship.addEventListener("change", syncPerson);

  // One-click types (prank, silent...) on a form with answers or notes ask first, and the
  // draft is kept in this tab so "Undo" can bring it back.
  const DRAFT_KEY = "hotline-contact-draft";
  const IGNORED = new Set(["csrf_token", "channel", "call_type", "caller_number", "quick_confirmed",
                           "received_at", "answered_at", "ended_at"]);
  function entries() {
    return [...new FormData(form).entries()].filter(([name]) => !IGNORED.has(name));
  }
  const initial = JSON.stringify(entries());
  const quickBox = form.querySelector("[data-quick-confirm]");
  for (const button of form.querySelectorAll("button[name=quick]")) {
    button.addEventListener("click", (event) => {
      if (JSON.stringify(entries()) === initial) return;
      const question = quickBox.dataset.quickConfirm.replace("%(type)s", button.dataset.quickLabel || button.value);
      if (!window.confirm(question)) { event.preventDefault(); return; }
      form.elements.quick_confirmed.value = "1";
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify([...new FormData(form).entries()]));
    });
  }
  const undoForm = document.querySelector("[data-undo-for]");
  if (undoForm) {
    setTimeout(() => { undoForm.hidden = true; }, Number(undoForm.dataset.undoFor) * 1000);
  } else if (!new URLSearchParams(location.search).has("undone")) {
    sessionStorage.removeItem(DRAFT_KEY);
  }
  const saved = new URLSearchParams(location.search).has("undone") && sessionStorage.getItem(DRAFT_KEY);
  if (saved) {
    sessionStorage.removeItem(DRAFT_KEY);
    for (const [name, value] of JSON.parse(saved)) {
      if (IGNORED.has(name) && name !== "caller_number") continue;
      for (const el of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (el.type === "radio" || el.type === "checkbox") { if (el.value === value) el.checked = true; }
        else el.value = value;
      }
    }
    refreshSoon();
  }

  form.addEventListener("change", (event) => {
    const name = event.target.name || "";
    if (name === "risk.suicidal_thoughts") syncAfterQ2();
    if (name.startsWith("risk.")) refreshSoon();
  });
  reasonField.addEventListener("input", refreshSoon);

  // Y / N on a focused question answers it and moves to the next visible question.
  function visibleQuestions() {
    return [...form.querySelectorAll("[data-question]")].filter((q) => q.offsetParent !== null);
  }
  function focusQuestion(question) {
    const target = question.querySelector("input:checked") || question.querySelector("input");
    if (target) target.focus();
  }
  form.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit(document.getElementById("save"));
      return;
    }
    const question = event.target.closest && event.target.closest("[data-question]");
    if (!question || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    const inputs = [...question.querySelectorAll("input[type=radio]")];
    let choice = null;
    if (key === "y") choice = inputs.find((el) => el.value !== "no" && el.value !== "never");
    if (key === "n") choice = inputs.find((el) => el.value === "no" || el.value === "never");
    if (/^[1-9]$/.test(key)) choice = inputs[Number(key) - 1];
    if (!choice) return;
    event.preventDefault();
    choice.checked = true;
    choice.dispatchEvent(new Event("change", { bubbles: true }));
    const questions = visibleQuestions();
    const next = questions[questions.indexOf(question) + 1];
    if (next) focusQuestion(next);
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey && event.key.toLowerCase() === "r") {
      event.preventDefault();
      focusQuestion(form.querySelector("[data-question]"));
    }
  });

  // "Now" fills a time in the hotline's zone, whatever the computer's clock zone is.
  const localNow = new Intl.DateTimeFormat("sv-SE", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  for (const button of form.querySelectorAll("[data-now-for]")) {
    button.addEventListener("click", () => {
      const field = document.getElementById(button.dataset.nowFor);
      field.value = localNow.format(new Date()).replace(" ", "T");
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  syncAfterQ2();
  syncPerson();
})();
