// Waspada read-aloud control (anywidget front end; Python side: widgets/views/readaloud.py).
// Speaks a text with the phone's own speech synthesis (Web Speech API): nothing leaves the
// phone and the laptop does no work. A recorded file, when the trainer gave one, plays instead.
// A second tap stops; the control going away (another screen) stops too.

const PIECE = 180; // Chrome stops long utterances after ~15 s: speak a text in short pieces

let speaking = null; // the control that is speaking now: only one at a time on a page

function pieces(text) {
  const out = [];
  for (const paragraph of text.split(/\n+/)) {
    const sentences = paragraph.match(/[^.!?…]+[.!?…]*["”’)]*\s*/g) || [];
    let current = "";
    for (const sentence of sentences) {
      if (current && (current + sentence).length > PIECE) {
        out.push(current.trim());
        current = "";
      }
      current += sentence;
    }
    if (current.trim()) out.push(current.trim());
  }
  return out;
}

function voiceFor(lang) {
  const synth = window.speechSynthesis;
  if (!synth || typeof synth.getVoices !== "function") return Promise.resolve(null);
  const prefix = lang.split("-")[0].toLowerCase();
  const pick = () => (synth.getVoices() || []).find(
    (voice) => (voice.lang || "").replace("_", "-").toLowerCase().split("-")[0] === prefix);
  const now = pick();
  if (now || (synth.getVoices() || []).length) return Promise.resolve(now || null);
  // Android loads its voice list after the page: wait for it, but not for long.
  return new Promise((resolve) => {
    const done = () => resolve(pick() || null);
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", done, { once: true });
    }
    setTimeout(done, 1500);
  });
}

function render({ model, el }) {
  const lang = model.get("lang");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "wsp-readaloud-button";
  button.setAttribute("lang", lang.split("-")[0]);
  button.setAttribute("aria-pressed", "false");
  const status = document.createElement("p");
  status.className = "wsp-readaloud-status";
  status.setAttribute("lang", lang.split("-")[0]);
  status.setAttribute("role", "status");
  el.classList.add("wsp-readaloud");
  el.append(button, status);

  let audio = null;
  let saidNoVoice = false;
  const control = {};

  function show(playing) {
    button.textContent = playing ? "■ " + model.get("stop_label") : "▶ " + model.get("label");
    button.setAttribute("aria-pressed", playing ? "true" : "false");
    el.classList.toggle("wsp-readaloud-playing", playing);
  }

  control.stop = function () {
    if (speaking === control) speaking = null;
    if (audio) { audio.pause(); audio.currentTime = 0; }
    else if (window.speechSynthesis) window.speechSynthesis.cancel();
    show(false);
  };

  function stopOthers() {
    if (speaking && speaking !== control) speaking.stop();
    if (window.speechSynthesis && typeof window.speechSynthesis.cancel === "function") {
      window.speechSynthesis.cancel();
    }
  }

  function playRecording(url) {
    stopOthers();
    audio = audio || new Audio(url);
    audio.onended = () => control.stop();
    speaking = control;
    show(true);
    audio.play().catch(() => control.stop());
  }

  async function speak() {
    stopOthers();
    speaking = control;
    show(true);
    const voice = await voiceFor(lang);
    if (speaking !== control) return; // tapped again (stopped) while the voices loaded
    if (!voice || typeof window.SpeechSynthesisUtterance !== "function") {
      speaking = null;
      show(false);
      if (!saidNoVoice) { status.textContent = model.get("no_voice"); saidNoVoice = true; }
      return;
    }
    const parts = pieces(model.get("text"));
    parts.forEach((part, index) => {
      const utterance = new window.SpeechSynthesisUtterance(part);
      utterance.lang = lang;
      utterance.voice = voice;
      if (index === parts.length - 1) {
        utterance.onend = () => { if (speaking === control) { speaking = null; show(false); } };
      }
      window.speechSynthesis.speak(utterance);
    });
  }

  button.addEventListener("click", () => {
    if (speaking === control) { control.stop(); return; }
    const url = model.get("audio");
    if (url) playRecording(url); else speak();
  });
  model.on("change:text", () => { if (speaking === control) control.stop(); });
  show(false);
  // The view is removed when the screen changes: stop whatever it was saying.
  return () => { if (speaking === control) control.stop(); };
}

export default { render };
