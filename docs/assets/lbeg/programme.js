/* The patient's view of a programme, read from the link: each exercise with its
   dose and a timer, the patient's own record (progress.js), calendar reminders
   (reminders.js), the pages kept for use with no signal (offline.js), and the
   printed handout. Markup: lbeg/templates/programme.html. */

import { $, fromTemplate, ready, slot } from "./dom.js";
import { decode } from "./codec.js";
import { doseRows } from "./dose.js";
import { drawing, fillHandout, handoutReady } from "./handout.js";
import { keep } from "./offline.js";
import { siteUrl } from "./page.js";
import { lastProgramme, rememberProgramme, showProgress } from "./progress.js";
import { showReminders } from "./reminders.js";
import { Timer } from "./timer.js";

const SAVING = "Saving this programme on this device\u2026";
const SAVED = "Saved on this device: it opens even with no signal.";
const NOT_SAVED = "Not saved for use with no signal yet. It will be saved next time you open it with a signal.";

function doseList(root, dose, words) {
  const list = fromTemplate($(root, "template[data-lbeg-dose]"));
  const row = $(root, "template[data-lbeg-dose-row]");
  list.replaceChildren(...doseRows(dose, words).map(([label, value]) => fromTemplate(row, { label, value })));
  return list;
}

function showError(root, message) {
  $(root, "[data-lbeg-view]").hidden = true;
  const error = $(root, "[data-lbeg-error]");
  slot(error, "message").textContent = message;
  error.hidden = false;
}

// Keep the programme's pages on the device, and say whether that worked.
function keepPages(root, catalogue, programme) {
  const said = $(root, "[data-lbeg-saved]");
  said.textContent = "";
  if (!("serviceWorker" in navigator)) return;
  said.textContent = SAVING;
  const urls = programme.items.map((item) => siteUrl(catalogue.exercises[item.slug].url));
  keep(urls).then((result) => {
    said.textContent = !result ? "" : result.failed ? NOT_SAVED : SAVED;
  }, () => {
    said.textContent = NOT_SAVED;
  });
}

function show(root, timer) {
  const catalogue = JSON.parse(root.dataset.lbegCatalogue);
  // The installed app opens at the programme page: it shows the last programme opened here.
  if (!window.location.hash && lastProgramme()) history.replaceState(null, "", "#" + lastProgramme());
  const fragment = window.location.hash.slice(1);
  const found = decode(fragment, catalogue);
  if (!found.ok) {
    showError(root, found.message);
    return undefined;
  }
  const programme = found.programme;
  rememberProgramme(fragment);
  $(root, "[data-lbeg-error]").hidden = true;
  $(root, "[data-lbeg-view]").hidden = false;
  $(root, "[data-lbeg-title]").textContent = programme.title || "Your exercise programme";
  $(root, "[data-lbeg-note]").textContent = programme.note;
  const timerBox = $(root, "[data-lbeg-timer]");
  const item = $(root, "template[data-lbeg-programme-item]");
  $(root, "[data-lbeg-list]").replaceChildren(...programme.items.map((chosen) => {
    const exercise = catalogue.exercises[chosen.slug];
    const li = fromTemplate(item, { name: exercise.name, note: chosen.note, one: exercise.oneTime });
    slot(li, "name").href = siteUrl(exercise.url);
    slot(li, "picture").replaceWith(drawing(root, chosen.slug));
    slot(li, "dose").replaceWith(doseList(root, chosen.dose, catalogue.rules.dose));
    if (!chosen.note) slot(li, "note").remove();
    if (!exercise.oneTime) slot(li, "one").remove();
    if (exercise.care.length) {
      const care = slot(li, "care");
      const row = $(care, "template");
      $(care, "ul").replaceChildren(...exercise.care.map((c) => fromTemplate(row, { name: c.name + ".", advice: c.advice })));
    } else {
      slot(li, "care").remove();
    }
    const start = $(li, "[data-lbeg-start]");
    start.setAttribute("aria-label", `Start the timer for ${exercise.name}`);
    start.addEventListener("click", () => {
      timerBox.hidden = false;
      $(timerBox, "[data-lbeg-timer-title]").textContent = `Timer: ${exercise.name}`;
      timer.load(chosen.dose, exercise.name);
      timerBox.scrollIntoView({ block: "start" });
      $(timerBox, "[data-lbeg-go]").focus();
    });
    return li;
  }));
  const stopProgress = showProgress(root, programme, fragment, catalogue.rules);
  showReminders(root, catalogue, programme, window.location.href);
  $(root, "[data-lbeg-print]").onclick = () => handoutReady().finally(() => window.print());
  fillHandout(root, catalogue, programme, window.location.href);
  keepPages(root, catalogue, programme);
  return stopProgress;
}

export function start() {
  const root = document.querySelector("[data-lbeg-programme]");
  if (!root) return undefined;
  const timer = new Timer($(root, "[data-lbeg-timer]"));
  let stopShown = show(root, timer);
  const again = () => {
    if (stopShown) stopShown();
    stopShown = show(root, timer);
  };
  ready(root);
  window.addEventListener("hashchange", again);
  return () => {
    window.removeEventListener("hashchange", again);
    if (stopShown) stopShown();
    timer.destroy();
  };
}
