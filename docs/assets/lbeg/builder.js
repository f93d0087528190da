/* The programme builder: a clinician picks exercises and doses, and shares the
   programme as a link, a QR code or a printed handout. The programme lives only
   in the link. Markup: lbeg/templates/builder.html. */

import { $, $$, copyField, fromTemplate, ready, isReady, slot } from "./dom.js";
import { decode, encode, forBuilder } from "./codec.js";
import { careText, fillHandout, handoutReady } from "./handout.js";
import { clearQr, drawQr } from "./qr.js";
import { siteUrl } from "./page.js";

const WARN_AFTER = 8;

// What the clinician is told when an exercise with condition cautions is added, or "" for none.
function careNote(exercise) {
  const care = careText(exercise, "the person has");
  return care && care + " See the exercise page.";
}

export function start() {
  const root = document.querySelector("[data-lbeg-builder]");
  const ui = root && $(root, "[data-lbeg-ui]");
  if (!ui || isReady(ui)) return;
  const catalogue = JSON.parse(root.dataset.lbegCatalogue);
  const items = $(root, "[data-lbeg-items]");
  const titleBox = $(root, "[data-lbeg-title]");
  const noteBox = $(root, "[data-lbeg-note]");
  const linkBox = $(root, "[data-lbeg-link]");
  const status = $(root, "[data-lbeg-status]");
  const search = $(root, "[data-lbeg-search]");
  const qrBox = $(root, "[data-lbeg-qr]");
  const open = $(root, "[data-lbeg-open]");
  let counter = 0;
  const name = (slug) => catalogue.exercises[slug].name;
  const say = (text) => { status.textContent = text; };

  function read() {
    return {
      title: titleBox.value,
      note: noteBox.value,
      items: $$(items, ":scope > li").map((li) => {
        const field = (key) => $(li, `[data-field="${key}"]`);
        const num = (key) => Math.max(0, parseInt(field(key).value, 10) || 0);
        const base = catalogue.exercises[li.dataset.slug].dose;
        const dose = {
          hold: num("hold"), breaths: base.breaths && !num("hold") ? base.breaths : 0, reps: num("reps"),
          sets: num("sets"), minutes: base.minutes && !num("reps") ? base.minutes : 0, side: field("side").value,
          day: num("day"), week: num("week"),
        };
        return { slug: li.dataset.slug, dose, note: field("note").value.trim() };
      }),
    };
  }

  function update() {
    const programme = read();
    const fragment = encode(programme);
    const check = decode(fragment, catalogue);
    const link = siteUrl("programme/", fragment);
    const count = programme.items.length;
    $(root, "[data-lbeg-empty]").hidden = count > 0;
    $(root, "[data-lbeg-warn]").textContent = count > WARN_AFTER
      ? `That is ${count} exercises. People are more likely to keep going with a few, so think about taking some out.`
      : "";
    history.replaceState(null, "", "#" + fragment);
    const problem = !count ? "Add an exercise to make a link." : !check.ok ? forBuilder(check.message) : "";
    // With no valid link, nothing may still show or open the last one.
    open.hidden = Boolean(problem);
    if (problem) {
      linkBox.value = "";
      say(problem);
      clearQr(qrBox);
      return;
    }
    say("");
    linkBox.value = link;
    open.href = link;
    drawQr(qrBox, link, "QR code for this programme");
    fillHandout(root, catalogue, programme, link);
  }

  function addItem(slug, dose, note) {
    if ($(items, `li[data-slug="${slug}"]`)) {
      say(`${name(slug)} is already in the programme.`);
      return false;
    }
    counter += 1;
    const care = careNote(catalogue.exercises[slug]);
    const li = fromTemplate($(root, "template[data-lbeg-item]"), { name: name(slug), care });
    slot(li, "care").hidden = !care;
    li.dataset.slug = slug;
    for (const label of $$(li, "label[data-for]")) {
      const id = `lbeg-i${counter}-${label.dataset.for}`;
      label.htmlFor = id;
      $(li, `[data-field="${label.dataset.for}"]`).id = id;
    }
    const set = (key, value) => { $(li, `[data-field="${key}"]`).value = value; };
    set("hold", dose.hold || "");
    set("reps", dose.reps || "");
    set("sets", dose.sets || 1);
    set("side", dose.side || "");
    set("day", dose.day || "");
    set("week", dose.week || "");
    set("note", note || "");
    $(li, '[data-field="hold"]').closest("p").hidden = !dose.hold && !!dose.minutes;
    for (const button of $$(li, "[data-lbeg-up], [data-lbeg-down], [data-lbeg-remove]")) {
      button.setAttribute("aria-label", `${button.textContent}: ${name(slug)}`);
    }
    items.appendChild(li);
    return true;
  }

  // Moving swaps the item with its neighbour by moving the neighbour, so the
  // pressed button keeps the keyboard focus. Removing sends focus to the same
  // button on the next item, or the one before, or to the search box.
  function act(button, li) {
    const slug = li.dataset.slug;
    const place = () => $$(items, ":scope > li").indexOf(li) + 1;
    const total = () => items.children.length;
    if (button.matches("[data-lbeg-up]")) {
      const before = li.previousElementSibling;
      if (before) li.after(before);
      update();
      say(before ? `${name(slug)} moved up: ${place()} of ${total()}.` : `${name(slug)} is already first.`);
    } else if (button.matches("[data-lbeg-down]")) {
      const after = li.nextElementSibling;
      if (after) li.before(after);
      update();
      say(after ? `${name(slug)} moved down: ${place()} of ${total()}.` : `${name(slug)} is already last.`);
    } else if (button.matches("[data-lbeg-remove]")) {
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      update();
      (next ? $(next, "[data-lbeg-remove]") : search).focus();
      say(`${name(slug)} removed.`);
    }
  }

  items.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const li = button && button.closest("li");
    if (li) act(button, li);
  });
  items.addEventListener("input", update);
  items.addEventListener("change", update);
  titleBox.addEventListener("input", update);
  noteBox.addEventListener("input", update);
  $(root, "[data-lbeg-choices]").addEventListener("click", (event) => {
    if (!event.target.matches("[data-lbeg-add]")) return;
    const slug = event.target.closest("li").dataset.slug;
    if (!addItem(slug, catalogue.exercises[slug].dose, "")) return;
    update();
    const care = careNote(catalogue.exercises[slug]);
    say(`${name(slug)} added.` + (care ? " " + care : ""));
  });
  function narrow() {
    const words = search.value.trim().toLowerCase();
    const level = $(root, "[data-lbeg-level]").value;
    for (const li of $$(root, "[data-lbeg-choices] li")) {
      li.hidden = Boolean((words && !li.dataset.words.includes(words)) || (level && li.dataset.level !== level));
    }
  }
  search.addEventListener("input", narrow);
  $(root, "[data-lbeg-level]").addEventListener("change", narrow);
  $(root, "[data-lbeg-copy]").addEventListener("click", () => {
    if (linkBox.value) copyField(linkBox, say);
  });
  $(root, "[data-lbeg-print]").addEventListener("click", () => handoutReady().finally(() => window.print()));

  // A builder link opens the programme it holds, so it can be changed.
  const given = window.location.hash.slice(1);
  const found = given ? decode(given, catalogue) : { ok: true, programme: { title: "", note: "", items: [] } };
  if (found.ok) {
    titleBox.value = found.programme.title;
    noteBox.value = found.programme.note;
    for (const item of found.programme.items) addItem(item.slug, item.dose, item.note);
  }
  ready(ui);
  update();
  if (!found.ok) say(found.message);
}
