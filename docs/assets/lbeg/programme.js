/* The patient's view of a programme, read from the link: each exercise with its
   dose and a timer, the days done this week (kept only in this browser), and
   the printed handout. Markup: lbeg/templates/programme.html. */

import { $, fromTemplate, ready, slot } from "./dom.js";
import { decode } from "./codec.js";
import { doseRows } from "./dose.js";
import { drawing, fillHandout } from "./handout.js";
import { siteUrl } from "./page.js";
import { Timer } from "./timer.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const KEEP_DAYS = 60;

// A day as 2026-11-29, in the reader's own time zone.
function isoDay(day) {
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

function readDays(key) {
  try {
    const days = JSON.parse(window.localStorage.getItem(key) || "[]");
    return Array.isArray(days) ? days.filter((d) => typeof d === "string" && /^\d{4}-\d\d-\d\d$/.test(d)) : [];
  } catch (error) {
    return [];
  }
}

function doseList(root, dose) {
  const list = fromTemplate($(root, "template[data-lbeg-dose]"));
  const row = $(root, "template[data-lbeg-dose-row]");
  list.replaceChildren(...doseRows(dose).map(([label, value]) => fromTemplate(row, { label, value })));
  return list;
}

function showError(root, message) {
  $(root, "[data-lbeg-view]").hidden = true;
  const error = $(root, "[data-lbeg-error]");
  slot(error, "message").textContent = message;
  error.hidden = false;
}

function show(root, timer) {
  const catalogue = JSON.parse(root.dataset.lbegCatalogue);
  const found = decode(window.location.hash, catalogue);
  if (!found.ok) {
    showError(root, found.message);
    return;
  }
  const programme = found.programme;
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
    slot(li, "dose").replaceWith(doseList(root, chosen.dose));
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
  showWeek(root, "lbeg-done:" + window.location.hash.slice(1, 400));
  $(root, "[data-lbeg-print]").onclick = () => window.print();
  fillHandout(root, catalogue, programme, window.location.href);
}

// The last seven days, and a button to mark today done or not.
function showWeek(root, key) {
  const button = $(root, "[data-lbeg-done]");
  const dayTemplate = $(root, "template[data-lbeg-day]");
  function draw() {
    const days = readDays(key);
    const today = isoDay(new Date());
    const done = days.includes(today);
    button.textContent = done ? "Done today \u2713 (press to undo)" : "Mark done today";
    button.setAttribute("aria-pressed", String(done));
    const week = [];
    for (let back = 6; back >= 0; back -= 1) {
      const day = new Date();
      day.setDate(day.getDate() - back);
      const did = days.includes(isoDay(day));
      const name = back === 0 ? "Today" : DAYS[day.getDay()];
      const li = fromTemplate(dayTemplate, { name, mark: did ? "\u2713" : "\u2013" });
      li.classList.toggle("lbeg-week__day--done", did);
      li.setAttribute("aria-label", `${name}: ${did ? "done" : "not done"}`);
      week.push(li);
    }
    $(root, "[data-lbeg-week]").replaceChildren(...week);
  }
  button.onclick = () => {
    const days = readDays(key);
    const today = isoDay(new Date());
    const at = days.indexOf(today);
    if (at === -1) days.push(today);
    else days.splice(at, 1);
    try {
      window.localStorage.setItem(key, JSON.stringify(days.slice(-KEEP_DAYS)));
    } catch (error) {
      button.textContent = "This browser will not save it";
      return;
    }
    draw();
  };
  draw();
}

export function start() {
  const root = document.querySelector("[data-lbeg-programme]");
  if (!root) return undefined;
  const timer = new Timer($(root, "[data-lbeg-timer]"));
  const again = () => show(root, timer);
  show(root, timer);
  ready(root);
  window.addEventListener("hashchange", again);
  return () => {
    window.removeEventListener("hashchange", again);
    timer.destroy();
  };
}
