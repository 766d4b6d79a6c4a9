// Referral directory inside the contact form: search as you type (the API's trigram search),
// one click records the referral. Enter searches instead of saving the contact.
(function () {
  "use strict";
  const box = document.getElementById("directory-search");
  if (!box) return;
  const input = document.getElementById("directory-q");
  const region = document.getElementById("directory-region");
  const results = document.getElementById("directory-results");
  const given = document.getElementById("referrals-given");
  let timer = null;
  let seq = 0;

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)hotline_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function item(service) {
    const li = document.createElement("li");
    const text = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = service.name;
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = [service.phone, service.opening_hours, service.address]
      .filter(Boolean).join(" · ");
    text.append(name, meta);
    if (service.stale) {
      const stale = document.createElement("div");
      stale.className = "meta stale";
      stale.textContent = box.dataset.stale;
      text.append(stale);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.dataset.refer = service.id;
    button.dataset.name = service.name;
    button.dataset.phone = service.phone || "";
    button.textContent = box.dataset.refer;
    li.append(text, button);
    return li;
  }

  async function search() {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < 2 && !region.value) { results.replaceChildren(); return; }
    const params = new URLSearchParams({ q: q, limit: "8" });
    if (region.value) params.set("region", region.value);
    const response = await fetch("/api/resources?" + params, { credentials: "same-origin" });
    if (mine !== seq || !response.ok) return;
    const body = await response.json();
    if (!body.items.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = box.dataset.none;
      results.replaceChildren(li);
      return;
    }
    results.replaceChildren(...body.items.map(item));
  }

  function later() { clearTimeout(timer); timer = setTimeout(search, 200); }
  input.addEventListener("input", later);
  region.addEventListener("change", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); search(); }
  });
  results.addEventListener("click", async function (event) {
    const button = event.target.closest("button[data-refer]");
    if (!button) return;
    button.disabled = true;
    const response = await fetch("/api/contacts/" + box.dataset.contactId + "/referrals", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify({ resource_id: Number(button.dataset.refer) }),
    });
    if (!response.ok) { button.disabled = false; return; }
    button.textContent = box.dataset.referred;
    if (response.status === 201) {
      const li = document.createElement("li");
      li.textContent = button.dataset.name + (button.dataset.phone ? " · " + button.dataset.phone : "");
      given.append(li);
    }
  });
})();
