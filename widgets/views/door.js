/* The join door (widgets/views/door.py). It runs as soon as the page is parsed and needs
   nothing from Voilà's own JavaScript, which may still be on its way to a slow phone.

   1. The participant chooses language and text size and types the session code (or their
      participant code to come back, or studies alone).
   2. The form goes to the laptop (POST waspada/pintu, widgets/serve/door.py) with this page's
      kernel id; the laptop admits them and leaves a claim that the page's kernel takes.
   3. While the app is still arriving, the door shows the participant's code and the content
      warning; as soon as the app's widgets show a screen of their own, the door steps aside. */
(function () {
  "use strict";
  var door = document.getElementById("wsp-door");
  if (!door) { return; }
  var texts = JSON.parse(document.getElementById("wsp-door-texts").textContent);
  var form = door.querySelector(".wsp-door-form");
  var waiting = door.querySelector(".wsp-door-waiting");
  var message = door.querySelector(".wsp-message");
  var helpPanel = door.querySelector(".wsp-door-help-panel");
  var params = new URLSearchParams(window.location.search);
  var state = {lang: "id", size: "normal", busy: false, code: "", returning: false,
               admittedAt: 0, drawnAt: 0};
  /* Once the app is drawn, its kernel takes the door's claim within a second or so. */
  var CLAIM_WAIT_MS = 20000;
  var PAGE_WAIT_MS = 60000;   /* how long a tap may wait for the page's kernel id */

  document.body.classList.add("wsp-door-open");

  function say(key, values) {
    var text = texts[state.lang][key] || texts.id[key] || "";
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  function press(selector, chosen) {
    var buttons = door.querySelectorAll(selector);
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(chosen(buttons[i])));
    }
  }

  function setLanguage(lang) {
    state.lang = lang === "en" ? "en" : "id";
    door.setAttribute("data-lang", state.lang);
    door.setAttribute("lang", state.lang);
    document.documentElement.lang = state.lang;
    var translated = door.querySelectorAll("[data-l]");
    for (var i = 0; i < translated.length; i++) {
      translated[i].hidden = translated[i].getAttribute("data-l") !== state.lang;
    }
    var inputs = door.querySelectorAll("input[data-placeholder-" + state.lang + "]");
    for (var j = 0; j < inputs.length; j++) {
      inputs[j].placeholder = inputs[j].getAttribute("data-placeholder-" + state.lang);
    }
    press("button[data-lang]", function (b) { return b.getAttribute("data-lang") === state.lang; });
    if (state.returning) { showReturning(); }
  }

  function setSize(size) {
    var sizes = ["normal", "large", "very-large"];
    state.size = sizes.indexOf(size) >= 0 ? size : "normal";
    for (var i = 0; i < sizes.length; i++) { door.classList.remove("wsp-size-" + sizes[i]); }
    door.classList.add("wsp-size-" + state.size);
    press("button[data-size]", function (b) { return b.getAttribute("data-size") === state.size; });
  }

  function field(name) { return door.querySelector('[name="' + name + '"]'); }

  function alertMessage(text) {
    message.textContent = "";
    var note = document.createElement("p");
    note.className = "wsp-card wsp-warning";
    note.setAttribute("role", "alert");
    note.textContent = text;
    message.appendChild(note);
  }

  function setBusy(busy) {
    state.busy = busy;
    var buttons = form.querySelectorAll("button[data-action]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = busy; }
    if (busy) { message.textContent = say("door_sending"); }
  }

  function pageId() {
    var config = document.getElementById("jupyter-config-data");
    if (!config) { return null; }
    try { return JSON.parse(config.textContent).kernelId || null; } catch (e) { return null; }
  }

  function endpoint() {
    var base = document.body.getAttribute("data-base-url") || "/voila/";
    return base.replace(/voila\/$/, "") + "waspada/pintu";
  }

  function send(action, started) {
    if (state.busy && !started) { return; }
    setBusy(true);
    var page = pageId();
    if (!page) {  /* the rest of the page (with its kernel id) is still arriving */
      started = started || Date.now();
      if (Date.now() - started > PAGE_WAIT_MS) {
        setBusy(false);
        alertMessage(say("door_no_answer"));
        return;
      }
      window.setTimeout(function () { send(action, started); }, 300);
      return;
    }
    var team = field("kelompok").checked;
    var body = {page: page, action: action, bahasa: state.lang, ukuran: state.size,
                sesi: action === "self-study" ? "" : field("sesi").value,
                kelompok: team ? field("kelompok-nama").value : null,
                kode: field("kode").value};
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && window.setTimeout(function () { controller.abort(); }, 30000);
    window.fetch(endpoint(), {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: {"Content-Type": "application/json"}, signal: controller && controller.signal
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; },
                                  function () { return {ok: false, data: {}}; });
    }).then(function (reply) {
      setBusy(false);
      if (reply.ok) { admitted(reply.data); return; }
      alertMessage(reply.data.message || say("door_no_answer"));
    }, function () {
      setBusy(false);
      alertMessage(say("door_no_answer"));
    }).then(function () { if (timer) { window.clearTimeout(timer); } });
  }

  function admitted(data) {
    if (window.waspadaKeep) {  /* the page template's identity keeper (reloads come back) */
      window.waspadaKeep({sesi: data.sesi, kode: data.kode, bahasa: data.bahasa, size: state.size});
    }
    state.admittedAt = Date.now();
    setLanguage(data.bahasa);
    showWaiting(data.kode, false);
  }

  function showWaiting(code, returning) {
    state.code = code;
    state.returning = returning;
    form.hidden = true;
    waiting.hidden = false;
    waiting.querySelector(".wsp-door-code").textContent = code;
    waiting.querySelector(".wsp-door-ready").hidden = returning;
    if (returning) { showReturning(); }
    else { waiting.querySelector(".wsp-door-back-text").textContent = ""; }
    door.scrollTop = 0;
    focusOn(waiting.querySelector(".wsp-door-status"));
  }

  /* Keyboard and screen-reader users continue where the eyes go (the tapped button is gone). */
  function focusOn(element) {
    if (!element) { return; }
    if (!element.hasAttribute("tabindex")) { element.setAttribute("tabindex", "-1"); }
    try { element.focus({preventScroll: true}); } catch (e) { element.focus(); }
  }

  function showReturning() {
    waiting.querySelector(".wsp-door-back-text").textContent =
      say("door_coming_back", {code: state.code});
  }

  function showForm() {
    state.returning = false;
    state.admittedAt = 0;
    waiting.hidden = true;
    form.hidden = false;
  }

  /* Step aside once the app shows a screen of its own; go back to the form if the app could
     not take the participant back (its home screen behind the door). */
  function handOver() {
    var cells = document.getElementById("rendered_cells");
    if (!cells || cells.style.display === "none") { return; }
    var screen = cells.querySelector(".wsp-app .wsp-screen");
    if (!screen) { return; }
    if (screen.classList.contains("wsp-door-home")) {
      if (state.returning) { showForm(); return; }
      state.drawnAt = state.drawnAt || Date.now();
      /* counted from when both the app is drawn and the participant admitted */
      if (state.admittedAt &&
          Date.now() - Math.max(state.admittedAt, state.drawnAt) > CLAIM_WAIT_MS) {
        window.location.reload();  /* the address now carries the code: the page resumes */
      }
      return;
    }
    window.clearInterval(watcher);
    var hadFocus = door.contains(document.activeElement);
    door.parentNode.removeChild(door);
    document.body.classList.remove("wsp-door-open");
    if (hadFocus) { focusOn(screen.querySelector("h1, h2") || screen); }
  }
  var watcher = window.setInterval(handOver, 100);

  door.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target || !door.contains(target)) { return; }
    if (target.hasAttribute("data-lang")) { setLanguage(target.getAttribute("data-lang")); }
    else if (target.hasAttribute("data-size")) { setSize(target.getAttribute("data-size")); }
    else if (target.classList.contains("wsp-door-help")) {
      helpPanel.hidden = !helpPanel.hidden;
      if (!helpPanel.hidden) { helpPanel.scrollIntoView(); }
    } else if (target.classList.contains("wsp-door-help-close")) { helpPanel.hidden = true; }
    else if (target.getAttribute("data-action") && target.type !== "submit") {
      send(target.getAttribute("data-action"));
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send("join");
  });
  field("kelompok").addEventListener("change", function () {
    door.querySelector(".wsp-team-input").hidden = !field("kelompok").checked;
  });

  var saved = null;
  try { saved = JSON.parse(window.localStorage.getItem("waspada-identity") || "null"); } catch (e) {}
  var returningCode = (params.get("kode") || "").toUpperCase();
  field("sesi").value = (params.get("sesi") || "").toUpperCase();
  setSize(saved && saved.kode === returningCode ? saved.size : "normal");
  setLanguage(params.get("bahasa"));
  if (returningCode) { showWaiting(returningCode, true); }
})();
